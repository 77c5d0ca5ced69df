import { createServer } from 'node:net';
import { expect, expectAccessible, test } from './support/fixtures';
import { signIn } from './support/console';
import { useKanri } from './support/kanri';
import { CONFIRMATION, createOrganization, PASSWORD } from './organization-setup';

/**
 * 監査ログ転送設定: a manager registers a webhook whose receiver is down, sees the signing secret once, sends a
 * test that fails in words, and sees the destination marked 配信異常 once every attempt has failed for
 * AUDIT_STREAM_FAILING_SECONDS (one second here, so the delivery job of this Kanri flags it within the test).
 */
const kanri = useKanri({
  AUDIT_STREAM_FAILING_SECONDS: '1',
  AUDIT_STREAM_BACKOFF_SECONDS: '1',
  AUDIT_STREAM_POLL_MS: '200',
});

/** A loopback port nobody listens on (taken from the system, then given back). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

test('監査ログ転送設定: Webhookを登録するとシークレットが一度だけ表示され、受信側が停止していればテスト送信が失敗し、一覧に配信異常と表示される', async ({
  page,
}) => {
  const org = await createOrganization(kanri.current, 1);
  const url = `http://127.0.0.1:${await closedPort()}/hook`;

  await signIn(page, org.manager.loginId, PASSWORD);
  await expect(page.getByRole('heading', { name: 'トップ' })).toBeVisible();
  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: '監査ログ転送設定' })
    .click();
  await expect(page.getByRole('heading', { name: '監査ログ転送設定', level: 1 })).toBeVisible();
  await expect(page.getByText('転送先はまだ登録されていません。')).toBeVisible();
  await expectAccessible(page, '監査ログ転送設定');

  // 入力 → 入力内容確認 (確認用パスワード) → 完了
  await page.getByRole('button', { name: '転送先を登録' }).click();
  await expect(page.getByRole('heading', { name: '転送先の登録' })).toBeVisible();
  await page.getByLabel('名称').fill('SIEM');
  await page.getByLabel('URL').fill(url);
  await expectAccessible(page, '監査ログ転送設定（登録）');
  await page.getByRole('button', { name: '確認', exact: true }).click();
  const review = page
    .getByRole('grid', { name: '入力内容' })
    .or(page.getByRole('table', { name: '入力内容' }));
  await expect(review).toContainText(url);
  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await expectAccessible(page, '監査ログ転送設定（登録・確認）');
  await page.getByRole('button', { name: '確定' }).click();

  await expect(page.getByText('このシークレットは今回だけ表示されます。', { exact: false })).toBeVisible();
  const secret = await page.getByLabel('署名用シークレット').inputValue();
  expect(secret).toMatch(/^kas_.{43}$/);
  await expectAccessible(page, '監査ログ転送設定（登録・完了）');
  await page.getByRole('button', { name: '一覧へ戻る' }).click();

  // The secret is gone once the 完了 step is left: not on screen, not in the URL, not in the browser's storage.
  const row = page.getByRole('row').filter({ hasText: 'SIEM' });
  await expect(row).toContainText(url);
  await expect(row).toContainText('Webhook');
  await expect(row).toContainText('有効');
  expect(await page.content()).not.toContain(secret);
  expect(page.url()).not.toContain(secret);
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
  expect(stored).not.toContain(secret);

  await row.getByRole('button', { name: 'SIEM にテスト送信' }).click();
  await expect(
    page.getByRole('alert').filter({ hasText: 'SIEM へのテスト送信に失敗しました' }),
  ).toContainText('ECONNREFUSED');

  // The delivery job keeps failing against the closed port; after AUDIT_STREAM_FAILING_SECONDS the list says so.
  await expect(row.getByText('配信異常', { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(row).toContainText('から失敗が続いています');
  await expect(row).toContainText('最後のエラー：ECONNREFUSED');
  await expect(page.getByText('配信異常の転送先があります。', { exact: false })).toBeVisible();
  await expectAccessible(page, '監査ログ転送設定（配信異常）');

  // 削除: 確認 → 確認用パスワード → 削除
  await row.getByRole('button', { name: 'SIEM を削除' }).click();
  await expect(page.getByRole('heading', { name: '転送先の削除' })).toBeVisible();
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await page.getByRole('button', { name: '削除', exact: true }).click();
  await expect(page.getByText('転送先を削除しました。')).toBeVisible();
  await page.getByRole('button', { name: '一覧へ戻る' }).click();
  await expect(page.getByText('転送先はまだ登録されていません。')).toBeVisible();
});
