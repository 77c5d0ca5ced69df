import { readFile } from 'node:fs/promises';
import { expect, expectAccessible, test } from './support/fixtures';
import { signIn } from './support/console';
import { useKanri } from './support/kanri';
import { CONFIRMATION, createOrganization, PASSWORD } from './organization-setup';

/**
 * ユーザー一覧 (manual 003 4.1): filter, sort and 50 a page survive a reload (the list state is in the URL); three
 * users are disabled at once through the confirmation popup with the 確認用パスワード; エクスポート downloads exactly
 * the filtered rows, UTF-8 with a BOM.
 */
const kanri = useKanri();

test('ユーザー一覧: 絞り込み・並べ替え・50件表示が再読み込み後も保たれ、3名を一括無効化し、絞り込んだ行だけをエクスポートする', async ({
  page,
}) => {
  const org = await createOrganization(kanri.current, 30);
  const list = () => page.getByRole('grid', { name: 'ユーザー一覧' });
  const loginIds = async () => (await list().getByRole('link').allTextContents()).map((s) => s.trim());

  await signIn(page, org.manager.loginId, PASSWORD);
  await expect(page.getByRole('heading', { name: 'トップ' })).toBeVisible();
  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: 'ユーザー一覧' })
    .click();
  await expect(page.getByRole('heading', { name: 'ユーザー一覧' })).toBeVisible();
  await expect(list().getByRole('link')).toHaveCount(25);
  await expectAccessible(page, 'ユーザー一覧');

  // Filter (有効), sort (姓, descending) and 50 a page.
  await page.getByRole('button', { name: '有効', exact: true }).click();
  await page.getByRole('button', { name: '姓', exact: true }).click();
  await page.getByRole('button', { name: '姓', exact: true }).click();
  await page.getByRole('button', { name: '表示件数' }).first().click();
  await page.getByRole('menuitem', { name: /^50/ }).click();
  await expect(list().getByRole('link')).toHaveCount(30);
  await expect(page).toHaveURL(/status=enabled/);
  await expect(page).toHaveURL(/sort=familyName/);
  await expect(page).toHaveURL(/order=desc/);
  await expect(page).toHaveURL(/perPage=50/);
  const before = await loginIds();
  const families = await list().getByRole('row').allTextContents();
  expect(families.length).toBe(31);

  await page.reload();
  await expect(list().getByRole('link')).toHaveCount(30);
  expect(await loginIds()).toEqual(before);
  await expect(page.getByRole('button', { name: '有効', exact: true })).toHaveAttribute(
    'aria-pressed',
    'true',
  );

  // Select three and disable them through the popup with the confirmation password.
  const chosen = org.members.slice(0, 3).map((m) => m.loginId);
  await expect(page.getByRole('checkbox', { name: `${org.manager.loginId} を選択` })).toHaveCount(0);
  for (const id of chosen) await page.getByRole('checkbox', { name: `${id} を選択` }).check();
  await page.getByRole('button', { name: 'ユーザー一括無効化' }).click();
  const dialog = page.getByRole('dialog', { name: 'ユーザー一括無効化' });
  await expect(dialog).toContainText('選択した 3 名のユーザーを無効化します。');
  await expectAccessible(page, 'ユーザー一括無効化（確認）');
  await dialog.getByLabel('確認用パスワード').fill('wrong-password1');
  await dialog.getByRole('button', { name: 'はい' }).click();
  await expect(dialog.getByText('確認用パスワードが正しくありません。')).toBeVisible();
  await dialog.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await dialog.getByRole('button', { name: 'はい' }).click();
  await expect(dialog).toBeHidden();
  await expect(list().getByRole('link')).toHaveCount(27);

  // Only the disabled ones: exactly those three, and the export holds exactly them.
  await page.getByRole('button', { name: '有効', exact: true }).click();
  await page.getByRole('button', { name: '無効', exact: true }).click();
  await expect(list().getByRole('link')).toHaveCount(3);
  expect((await loginIds()).sort()).toEqual([...chosen].sort());

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'エクスポート' }).click();
  const file = await readFile(await (await download).path());
  expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const lines = file.subarray(3).toString('utf8').split(/\r\n/).filter(Boolean);
  expect(lines[0].startsWith('ログインID,姓,名')).toBe(true);
  expect(
    lines
      .slice(1)
      .map((l) => l.split(',')[0])
      .sort(),
  ).toEqual([...chosen].sort());
});

test('ユーザー作成: APIが受け付けない値は、その項目の横に日本語で理由が出る（英語の検証文ではなく）', async ({
  page,
}) => {
  const org = await createOrganization(kanri.current, 1);
  await signIn(page, org.manager.loginId, PASSWORD);
  await expect(page.getByRole('heading', { name: 'トップ' })).toBeVisible();
  await page.goto('/users/new');
  await expect(page.getByRole('heading', { name: 'ユーザー作成' })).toBeVisible();

  // The console lets these through; the API's class-validator refuses them (VALIDATION_FAILED).
  // (a required field's label ends with its marker: ログインID *)
  await page.getByLabel(/^ログインID\s*\*?$/).fill('ab');
  await page.getByLabel(/^パスワード\s*\*?$/).fill('Member-passw0rd-9');
  await page.getByLabel(/^姓\s*\*?$/).fill('検証');
  await page.getByLabel(/^名\s*\*?$/).fill('太郎');
  await page.getByLabel('メールアドレス', { exact: true }).fill('not-an-address');
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await page.getByRole('button', { name: '確定', exact: true }).click();

  await expect(
    page.getByText('半角英字と数字をそれぞれ1文字以上含む、6〜12文字で入力してください。').first(),
  ).toBeVisible();
  await expect(page.getByText('メールアドレスの形式で入力してください。').first()).toBeVisible();
  // class-validator's English sentences are not what the user reads.
  await expect(page.getByText(/must be|should not/)).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('validation-ja.png'), fullPage: true });
});
