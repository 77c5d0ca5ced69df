import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';
import { signIn, signOut } from './support/console';
import { OPERATOR, useKanri } from './support/kanri';
import { createOrganization, type Organization } from './organization-setup';

/**
 * The operator's 組織一覧 (契約プラン設定) and アカウント管理, and 組織コードの紐づけ against them: a wrong code is
 * named on screen, the plan's user limit refuses a join in words, and lifting the limit lets it through.
 */
const kanri = useKanri();
let org: Organization;
const first = { loginId: 'sato01abc', password: 'Sato-pass-11' };
const second = { loginId: 'suzuki02xy', password: 'Suzuki-pass-22' };

function menuLink(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name, exact: true });
}

async function setPlan(page: Page, value: string) {
  await page.getByRole('button', { name: '株式会社プラン の契約プラン設定' }).click();
  const dialog = page.getByRole('dialog', { name: '契約プラン設定' });
  await dialog.getByLabel('契約プランのユーザー登録上限').fill(value);
  await dialog
    .getByRole('button', { name: '保存' })
    .or(dialog.getByRole('button', { name: '登録' }))
    .click();
  return dialog;
}

async function join(page: Page, code: string) {
  await menuLink(page, '組織コードの紐づけ').click();
  await page.getByRole('textbox', { name: /^組織コード\s*\*?$/ }).fill(code);
  await page.getByRole('button', { name: '確認' }).click();
  await page.getByRole('button', { name: '確定' }).click();
}

test.beforeAll(async () => {
  org = await createOrganization(kanri.current, 1, '株式会社プラン');
});

test('運用者がアカウントを作成し契約プランの上限を設定すると、上限を超える紐づけは断られ、上限を外すと紐づけられる', async ({
  page,
}) => {
  await signIn(page, OPERATOR.loginId, OPERATOR.password);
  await menuLink(page, 'アカウント管理').click();
  await expect(page.getByRole('heading', { name: 'アカウント管理' })).toBeVisible();
  await expectAccessible(page, 'アカウント管理');
  for (const [a, family] of [
    [first, '佐藤'],
    [second, '鈴木'],
  ] as const) {
    await page.getByRole('button', { name: 'アカウント作成' }).click();
    const form = page.getByRole('form', { name: 'アカウント作成' });
    await form.getByLabel('ログインID').fill(a.loginId);
    await form.getByLabel('姓').fill(family);
    await form.getByLabel('名', { exact: true }).fill('一郎');
    await form.getByLabel('初期パスワード').fill(a.password);
    const mustChange = form.getByLabel('ログイン時に強制変更する');
    if (await mustChange.isChecked()) await mustChange.click();
    await form.getByRole('button', { name: '登録' }).click();
    await expect(page.getByText(`アカウント ${a.loginId} を作成しました。`)).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: a.loginId })).toContainText('組織未所属');
  }
  // A login ID already taken is refused next to the field.
  await page.getByRole('button', { name: 'アカウント作成' }).click();
  const again = page.getByRole('form', { name: 'アカウント作成' });
  await again.getByLabel('ログインID').fill(first.loginId);
  await again.getByLabel('姓').fill('佐藤');
  await again.getByLabel('名', { exact: true }).fill('二郎');
  await again.getByLabel('初期パスワード').fill(first.password);
  await again.getByRole('button', { name: '登録' }).click();
  await expect(again.getByLabel('ログインID')).toHaveAttribute('aria-invalid', 'true');
  await again.getByRole('button', { name: 'キャンセル' }).click();

  // 契約プラン設定: a number of 1 or more, or empty for no limit.
  await menuLink(page, '組織一覧').click();
  const row = page.getByRole('row').filter({ hasText: org.code });
  await expect(row).toContainText('上限なし');
  await expect(row).toContainText('1 名');
  let dialog = await setPlan(page, '0');
  await expect(dialog.getByText('1以上の整数を入力してください。')).toBeVisible();
  await expectAccessible(page, '契約プラン設定');
  await dialog.getByLabel('契約プランのユーザー登録上限').fill('2');
  await dialog
    .getByRole('button', { name: '保存' })
    .or(dialog.getByRole('button', { name: '登録' }))
    .click();
  await expect(dialog).toHaveCount(0);
  await expect(row).toContainText('2 名');
  await signOut(page);

  // The first account joins (2 of 2); a wrong code is named on screen first.
  await signIn(page, first.loginId, first.password);
  await join(page, 'ZZZZ-ZZZZ-ZZZZ');
  await expect(page.getByText('入力された組織コードは存在しません。')).toBeVisible();
  await expectAccessible(page, '組織コードの紐づけ（エラー）');
  await page.getByRole('button', { name: '戻る' }).click();
  await page.getByRole('textbox', { name: /^組織コード\s*\*?$/ }).fill(org.code);
  await page.getByRole('button', { name: '確認' }).click();
  await page.getByRole('button', { name: '確定' }).click();
  await expect(page.getByText('組織「株式会社プラン」に紐づけました。')).toBeVisible();
  await signOut(page);

  // The second is refused by the plan's limit, in words.
  await signIn(page, second.loginId, second.password);
  await join(page, org.code);
  await expect(page.getByText('契約プランのユーザー登録上限に達しています。')).toBeVisible();
  await signOut(page);

  // The operator lifts the limit; the second account joins.
  await signIn(page, OPERATOR.loginId, OPERATOR.password);
  await menuLink(page, '組織一覧').click();
  dialog = await setPlan(page, '');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('row').filter({ hasText: org.code })).toContainText('上限なし');
  await signOut(page);
  await signIn(page, second.loginId, second.password);
  await join(page, org.code);
  await expect(page.getByText('組織「株式会社プラン」に紐づけました。')).toBeVisible();
  await signOut(page);

  await signIn(page, OPERATOR.loginId, OPERATOR.password);
  await menuLink(page, '組織一覧').click();
  await expect(page.getByRole('row').filter({ hasText: org.code })).toContainText('3 名');
  await menuLink(page, 'アカウント管理').click();
  await expect(page.getByRole('row').filter({ hasText: second.loginId })).not.toContainText('組織未所属');
});
