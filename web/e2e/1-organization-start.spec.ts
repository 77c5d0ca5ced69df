import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';
import { changePassword, signIn, signOut } from './support/console';
import { OPERATOR, useKanri } from './support/kanri';

/**
 * 利用開始: the operator opens the first manager's account (ログイン時に強制変更する), the manager signs in, is made
 * to change the password, issues the organization code (組織コード発行, becoming its manager), and a new account
 * joins the organization with that code (組織コードの紐づけ).
 */
useKanri();
const manager = {
  loginId: 'kanri01abc',
  initial: 'Shoki-pass-1',
  password: 'Atarashii-pass-2',
  email: 'sekinin@example.jp',
};
const member = { loginId: 'member02xyz', password: 'Member-pass-3', email: 'member@example.jp' };

async function createAccount(
  page: Page,
  a: { loginId: string; family: string; given: string; email: string; password: string; mustChange: boolean },
) {
  await page.getByRole('button', { name: 'アカウント作成' }).click();
  const form = page.getByRole('form', { name: 'アカウント作成' });
  await form.getByLabel('ログインID').fill(a.loginId);
  await form.getByLabel('姓').fill(a.family);
  await form.getByLabel('名', { exact: true }).fill(a.given);
  await form.getByLabel('メールアドレス').fill(a.email);
  await form.getByLabel('初期パスワード').fill(a.password);
  await form.getByLabel('確認用パスワード').fill('Kakunin-pass-9');
  const mustChange = form.getByLabel('ログイン時に強制変更する');
  if ((await mustChange.isChecked()) !== a.mustChange) await mustChange.click();
  await form.getByRole('button', { name: '登録' }).click();
  await expect(page.getByText(`アカウント ${a.loginId} を作成しました。`)).toBeVisible();
}

test('運用者がアカウントを作成し、管理責任者が初回ログインでパスワードを変更して組織コードを発行し、新しいユーザーが紐づける', async ({
  page,
}) => {
  await signIn(page, OPERATOR.loginId, OPERATOR.password);
  await expect(page.getByRole('heading', { name: 'トップ' })).toBeVisible();
  await expectAccessible(page, 'トップ（運用者）');

  const menu = page.getByRole('navigation', { name: 'メインメニュー' });
  await menu.getByRole('link', { name: 'アカウント管理' }).click();
  await expect(page.getByRole('heading', { name: 'アカウント管理' })).toBeVisible();
  await expectAccessible(page, 'アカウント管理');

  // A wrong login ID is refused next to the field, in words.
  await page.getByRole('button', { name: 'アカウント作成' }).click();
  const form = page.getByRole('form', { name: 'アカウント作成' });
  await expectAccessible(page, 'アカウント作成');
  await form.getByLabel('ログインID').fill('ab');
  await form.getByLabel('姓').fill('山田');
  await form.getByLabel('名', { exact: true }).fill('太郎');
  await form.getByLabel('初期パスワード').fill(manager.initial);
  await form.getByRole('button', { name: '登録' }).click();
  await expect(form.getByLabel('ログインID')).toHaveAttribute('aria-invalid', 'true');
  await form.getByRole('button', { name: 'キャンセル' }).click();

  await createAccount(page, {
    loginId: manager.loginId,
    family: '管理',
    given: '一郎',
    email: manager.email,
    password: manager.initial,
    mustChange: true,
  });
  await createAccount(page, {
    loginId: member.loginId,
    family: '利用',
    given: '花子',
    email: member.email,
    password: member.password,
    mustChange: false,
  });
  await expect(page.getByRole('row').filter({ hasText: manager.loginId })).toContainText(
    'パスワード変更待ち',
  );
  await signOut(page);

  // The manager's first sign-in: the password must be changed before anything else.
  await signIn(page, manager.loginId, manager.initial);
  await expect(page).toHaveURL(/\/password\/change/);
  await expect(page.getByText('パスワードの変更が必要です。')).toBeVisible();
  await expectAccessible(page, 'パスワード変更（強制）');
  await changePassword(page, manager.initial, manager.password);
  await expect(page.getByRole('heading', { name: 'トップ' })).toBeVisible();

  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: '組織コード発行' })
    .click();
  await expect(page.getByRole('heading', { name: '組織コード発行' })).toBeVisible();
  await expectAccessible(page, '組織コード発行');
  await page.getByRole('textbox', { name: /^組織名\s*\*?$/ }).fill('株式会社かんり');
  await page.getByRole('button', { name: '確認' }).click();
  await expect(page.getByText('株式会社かんり')).toBeVisible();
  await page.getByRole('button', { name: '確定' }).click();
  await expect(page.getByText('組織「株式会社かんり」を作成しました。')).toBeVisible();
  const code = (await page.getByText(/^[A-Z0-9]{10,}$/).textContent())!.trim();
  expect(code).toMatch(/^[A-Z0-9]{10,}$/);
  await signOut(page);

  // The new account joins with the code.
  await signIn(page, member.loginId, member.password);
  await expect(page.getByRole('heading', { name: 'トップ' })).toBeVisible();
  await expect(page.getByText('まだ組織に所属していません。')).toBeVisible();
  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: '組織コードの紐づけ' })
    .click();
  await expectAccessible(page, '組織コードの紐づけ');
  await page.getByRole('textbox', { name: /^組織コード\s*\*?$/ }).fill(code);
  await page.getByRole('button', { name: '確認' }).click();
  await page.getByRole('button', { name: '確定' }).click();
  await expect(page.getByText('組織「株式会社かんり」に紐づけました。')).toBeVisible();
  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: 'トップ' })
    .click();
  await expect(page.getByText(`所属組織: 株式会社かんり（組織コード ${code}）`)).toBeVisible();
  await signOut(page);

  // The operator sees the organization with its two members.
  await signIn(page, OPERATOR.loginId, OPERATOR.password);
  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: '組織一覧' })
    .click();
  await expect(page.getByRole('heading', { name: '組織一覧' })).toBeVisible();
  await expectAccessible(page, '組織一覧');
  const row = page.getByRole('row').filter({ hasText: code });
  await expect(row).toContainText('株式会社かんり');
  await expect(row).toContainText('2 名');
  await expect(row).toContainText('上限なし');
});
