import { expect, expectAccessible, test } from './support/fixtures';

/**
 * The check every console flow relies on (support/fixtures.ts) can fail: it reports serious and critical axe-core
 * violations, and it looks at a screen at rest, not at a message half faded in. No Kanri needed: the pages are
 * written here.
 */

test('a screen with a nameless button, an image without alt and low-contrast text fails the check', async ({
  page,
}) => {
  await page.setContent(`<!doctype html><html lang="ja"><head><title>悪い画面</title></head><body><main>
    <h1>悪い画面</h1>
    <button></button>
    <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
    <p style="color:#eeeeee;background:#ffffff">読みにくい文字</p>
  </main></body></html>`);
  const failure = await expectAccessible(page, '悪い画面').then(
    () => null,
    (error: Error) => error.message,
  );
  expect(failure).toContain('button-name');
  expect(failure).toContain('image-alt');
  expect(failure).toContain('color-contrast');
});

test('the check waits for a message to finish fading in before judging its contrast', async ({ page }) => {
  await page.setContent(`<!doctype html><html lang="ja"><head><title>入力エラー</title>
    <style>#m { color: #ffffff; transition: color 3s linear; } #m.shown { color: #1f1f1f; }</style>
    </head><body><main><h1>入力エラー</h1><p id="m">ログインIDを入力してください。</p></main></body></html>`);
  await page.evaluate(() => {
    const message = document.getElementById('m')!;
    void message.offsetWidth; // the start colour is computed, so the change below runs as a transition
    message.classList.add('shown');
  });
  expect(await page.evaluate(() => document.getAnimations().length)).toBe(1);
  await expectAccessible(page, '入力エラー');
});
