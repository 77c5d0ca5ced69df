import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';
import { signIn } from './support/console';
import { useKanri } from './support/kanri';
import { PASSWORD, createOrganization, type Organization } from './organization-setup';

/**
 * 本人確認書類 (番号確認書類・身元確認書類, manual 004, SPEC §15) on screen: from マイナンバー照会 the manager opens a
 * record's documents, uploads a PNG (入力 → 入力内容確認 → 完了), a file of another type is refused on screen and a
 * file that only claims to be a PNG is refused by Kanri next to the file; viewing hands the same bytes back and
 * writes a 取扱記録 row each time; deleting removes it.
 */
const kanri = useKanri();
let org: Organization;

/** A 1×1 PNG: real content, so Kanri's detection by content accepts it. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

test.beforeAll(async () => {
  org = await createOrganization(kanri.current, 1, '株式会社書類');
  await kanri.current.api(
    'POST',
    `/organizations/${org.orgId}/personal-numbers`,
    {
      employeeCode: 'D0001',
      familyName: '書類',
      givenName: '一郎',
      relation: 'self',
      number: '123456789018',
    },
    org.token,
  );
});

function menu(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name, exact: true });
}

async function logRows(page: Page, action: string): Promise<number> {
  await menu(page, 'マイナンバー取扱記録').click();
  await expect(page.getByRole('heading', { name: 'マイナンバー取扱記録' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  // A screen seen before shows its cached rows while they are fetched again (the body is aria-busy): wait for them.
  await expect(
    page.getByRole('grid', { name: 'マイナンバー取扱記録' }).locator('tbody[aria-busy="true"]'),
  ).toHaveCount(0);
  return page
    .getByRole('grid', { name: 'マイナンバー取扱記録' })
    .getByRole('row')
    .filter({ hasText: action })
    .count();
}

async function openDocuments(page: Page): Promise<void> {
  await menu(page, 'マイナンバー照会').click();
  await page.getByRole('link', { name: '書類 一郎 の本人確認書類' }).click();
  await expect(page.getByRole('heading', { name: '本人確認書類', exact: true })).toBeVisible();
}

async function choose(page: Page, file: { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  await page.locator('input[type=file]').setInputFiles(file);
}

test('本人確認書類を登録し（形式違いは拒否）、表示するたびに取扱記録に残り、削除できる', async ({ page }) => {
  test.slow();
  await signIn(page, org.manager.loginId, PASSWORD);
  await openDocuments(page);
  await expect(page.getByText('登録された本人確認書類はありません。')).toBeVisible();
  await expectAccessible(page, '本人確認書類（空）');

  // A text file is refused on screen, before anything is sent.
  await choose(page, { name: 'memo.txt', mimeType: 'text/plain', buffer: Buffer.from('not an image') });
  await page.getByRole('button', { name: '入力内容確認' }).click();
  await expect(page.getByText('JPEG・PNG・PDF のファイルを選択してください。')).toBeVisible();

  // A file that only claims to be a PNG reaches Kanri, which judges by content: refused next to the file.
  await choose(page, { name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('not really a png') });
  await page.getByRole('button', { name: '入力内容確認' }).click();
  await page.getByRole('button', { name: '確定' }).click();
  const review = page.getByRole('grid', { name: '入力内容' });
  await expect(review.getByRole('row').filter({ hasText: 'ファイル' })).toContainText(
    '証憑画像は JPEG・PNG・PDF のファイルを指定してください。',
  );
  await page.getByRole('button', { name: '戻る' }).click();

  // The real PNG as 身元確認書類.
  await page.getByLabel('書類の種類').selectOption('identity_confirmation');
  await choose(page, { name: 'license.png', mimeType: 'image/png', buffer: PNG });
  await expectAccessible(page, '本人確認書類の登録（入力）');
  await page.getByRole('button', { name: '入力内容確認' }).click();
  await expect(review).toContainText('身元確認書類');
  await expect(review).toContainText('license.png');
  await expectAccessible(page, '本人確認書類の登録（入力内容確認）');
  await page.getByRole('button', { name: '確定' }).click();
  await expect(page.getByText('身元確認書類を登録しました。')).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: '身元確認書類' }).filter({ hasText: 'PNG' });
  await expect(row).toBeVisible();
  await expectAccessible(page, '本人確認書類の登録（完了）');

  // Viewing hands back the same bytes and is written to the 取扱記録 every time.
  const before = await logRows(page, '証憑画像表示');
  await openDocuments(page);
  const download = page.waitForEvent('download');
  await row.getByRole('button', { name: /^身元確認書類 .* を表示$/ }).click();
  expect(readFileSync(await (await download).path()).equals(PNG)).toBe(true);
  await expect(page.getByText(/を保存しました（取扱記録に残りました）。/)).toBeVisible();
  expect(await logRows(page, '証憑画像表示')).toBe(before + 1);
  expect(await logRows(page, '証憑画像登録')).toBe(1);

  // Deleting it, after the confirmation.
  await openDocuments(page);
  await row.getByRole('button', { name: /^身元確認書類 .* を削除$/ }).click();
  await expect(page.getByRole('dialog')).toContainText('書類 一郎 の 身元確認書類');
  await page.getByRole('dialog').getByRole('button', { name: 'はい' }).click();
  await expect(page.getByText('削除しました。')).toBeVisible();
  await expect(page.getByText('登録された本人確認書類はありません。')).toBeVisible();
  const left = await kanri.current.api<{ items: unknown[] }>(
    'GET',
    `/organizations/${org.orgId}/personal-numbers/${await recordId()}/documents`,
    undefined,
    org.token,
  );
  expect(left.items).toHaveLength(0);
  expect(await logRows(page, '証憑画像削除')).toBe(1);
});

async function recordId(): Promise<string> {
  const list = await kanri.current.api<{ items: { id: string; employeeCode: string }[] }>(
    'GET',
    `/organizations/${org.orgId}/personal-numbers`,
    undefined,
    org.token,
  );
  return list.items.find((r) => r.employeeCode === 'D0001')!.id;
}
