import { readFile } from 'node:fs/promises';
import { expect, expectAccessible, test } from './support/fixtures';
import { signIn } from './support/console';
import { useKanri } from './support/kanri';
import { createOrganization, PASSWORD } from './organization-setup';

/**
 * 組織内ユーザーの操作ログ等の出力 (manual 000, 操作履歴検索・出力): search the operation history by user and date
 * range, then 出力 downloads it as operation_history_activity_[出力日時].csv.
 */
const kanri = useKanri();

const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());

test('操作履歴検索・出力: ユーザーIDと対象日付で検索し、CSVを出力するとファイル名が operation_history_activity_[出力日時].csv になる', async ({
  page,
}) => {
  const org = await createOrganization(kanri.current, 3);

  await signIn(page, org.manager.loginId, PASSWORD);
  await expect(page.getByRole('heading', { name: 'トップ' })).toBeVisible();
  const menu = page.getByRole('navigation', { name: 'メインメニュー' });
  await menu.getByRole('link', { name: 'ユーザー一覧' }).click();
  await expect(page.getByRole('grid', { name: 'ユーザー一覧' }).getByRole('link')).toHaveCount(3);

  await menu.getByRole('link', { name: '操作履歴検索・出力' }).click();
  await expect(page.getByRole('heading', { name: '操作履歴検索・出力' })).toBeVisible();
  await expectAccessible(page, '操作履歴検索・出力');

  await page.getByLabel('種別').selectOption({ label: '操作履歴' });
  await page.getByLabel('ユーザーID').fill(org.manager.loginId);
  await page.getByLabel('対象日付（開始）').fill(today);
  await page.getByLabel('対象日付（終了）').fill(today);
  await page.getByRole('button', { name: '検索' }).click();

  const results = page.getByRole('grid', { name: '操作履歴' });
  await expect(results.getByRole('row').filter({ hasText: 'ユーザー一覧' }).first()).toBeVisible();
  await expect(results.getByRole('row').filter({ hasText: org.manager.loginId }).first()).toBeVisible();
  await expect(page).toHaveURL(/type=activity/);
  await expectAccessible(page, '操作履歴検索・出力（検索結果）');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '出力' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^operation_history_activity_\d{14}\.csv$/);
  const stamp = /_(\d{8})\d{6}\.csv$/.exec(file.suggestedFilename())![1];
  expect(stamp).toBe(today.replace(/-/g, ''));
  const content = await readFile(await file.path());
  expect([...content.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = content.subarray(3).toString('utf8');
  expect(text.split(/\r?\n/)[0]).toBe('No.,操作種別,画面名,操作者ID,操作日時,詳細');
  expect(text).toContain('ユーザー一覧');
  await expect(
    page.getByText(/operation_history_activity_\d{14}\.csv をダウンロードしました。/),
  ).toBeVisible();
});
