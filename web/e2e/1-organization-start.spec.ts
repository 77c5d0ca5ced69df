import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';
import { changePassword, signIn, signOut } from './support/console';
import { OPERATOR, useKanri } from './support/kanri';

/**
 * 利用開始: the operator (サービス窓口) registers an organization together with its first manager (組織登録); the
 * manager signs in, is made to change the initial password, and issues the organization code (組織コード発行); a
 * new account joins the organization with that code (組織コードの紐づけ).
 */
useKanri();
const manager = { loginId: 'kanri01abc', password: 'Atarashii-pass-2' };
const member = { loginId: 'member02xyz', password: 'Member-pass-3' };

function menuLink(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name, exact: true });
}

test('運用者が組織と管理責任者を登録し、管理責任者が初回ログインでパスワードを変更して組織コードを発行し、新しいアカウントが紐づける', async ({
  page,
}) => {
  await signIn(page, OPERATOR.loginId, OPERATOR.password);
  await expect(page.getByRole('heading', { name: 'トップ' })).toBeVisible();
  await expectAccessible(page, 'トップ（運用者）');

  await menuLink(page, '組織一覧').click();
  await expect(page.getByRole('heading', { name: '組織一覧' })).toBeVisible();
  await expectAccessible(page, '組織一覧');
  await page.getByRole('link', { name: '組織登録' }).click();
  await expect(page.getByRole('heading', { name: '組織登録' })).toBeVisible();
  await expectAccessible(page, '組織登録（入力）');

  const form = page.getByRole('form', { name: '組織登録' });
  // A login ID that breaks the rule is refused next to the field before anything is sent.
  await form.getByLabel('組織名', { exact: true }).fill('株式会社かんり');
  await form.getByLabel('組織名(カナ)').fill('カブシキガイシャカンリ');
  await form.getByLabel('契約プランのユーザー登録上限').fill('10');
  await form.getByLabel('ログインID').fill('ab');
  await form.getByLabel('姓').fill('管理');
  await form.getByLabel('名', { exact: true }).fill('一郎');
  await form.getByLabel('メールアドレス').fill('sekinin@example.jp');
  await form.getByRole('button', { name: '確認' }).click();
  await expect(form.getByLabel('ログインID')).toHaveAttribute('aria-invalid', 'true');
  await expect(
    form.getByText('ログインIDは半角英数字 6〜12 文字で、英字と数字の両方を含めてください。'),
  ).toBeVisible();

  // A login ID already taken passes the form, and the API's refusal shows on its line of the confirm step.
  await form.getByLabel('ログインID').fill(OPERATOR.loginId);
  await form.getByRole('button', { name: '確認' }).click();
  await expect(page.getByRole('heading', { name: '組織登録（入力内容確認）' })).toBeVisible();
  const review = page
    .getByRole('grid', { name: '入力内容' })
    .or(page.getByRole('table', { name: '入力内容' }));
  await expect(review).toContainText('株式会社かんり');
  await expect(review).toContainText('10 名');
  await expect(review).toContainText('自動で発行する');
  await expectAccessible(page, '組織登録（入力内容確認）');
  await page.getByRole('button', { name: '登録', exact: true }).click();
  await expect(
    page.getByText('このログインIDは既に使われています。別のログインIDを入力してください。'),
  ).toBeVisible();
  await expectAccessible(page, '組織登録（エラー）');
  await page.getByRole('button', { name: '戻る' }).click();
  await form.getByLabel('ログインID').fill(manager.loginId);
  await form.getByRole('button', { name: '確認' }).click();
  await page.getByRole('button', { name: '登録', exact: true }).click();

  await expect(page.getByRole('heading', { name: '組織登録（完了）' })).toBeVisible();
  await expect(
    page.getByText(`組織「株式会社かんり」と管理責任者 ${manager.loginId} を登録しました。`),
  ).toBeVisible();
  await expect(
    page.getByText('初期パスワードはこの画面でのみ表示されます。', { exact: false }),
  ).toBeVisible();
  const summary = page.getByRole('list', { name: '登録内容' }).or(page.getByLabel('登録内容'));
  const initial = (await summary.locator('code').textContent())!.trim();
  expect(initial).toMatch(/^[A-Za-z0-9]{16}$/);
  await expectAccessible(page, '組織登録（完了）');

  // The operator also opens the account of the person who will join (アカウント管理).
  await menuLink(page, 'アカウント管理').click();
  await expect(page.getByRole('heading', { name: 'アカウント管理' })).toBeVisible();
  await page.getByRole('button', { name: 'アカウント作成' }).click();
  const account = page.getByRole('form', { name: 'アカウント作成' });
  await account.getByLabel('ログインID').fill(member.loginId);
  await account.getByLabel('姓').fill('利用');
  await account.getByLabel('名', { exact: true }).fill('花子');
  await account.getByLabel('メールアドレス').fill('member@example.jp');
  await account.getByLabel('初期パスワード').fill(member.password);
  const mustChange = account.getByLabel('ログイン時に強制変更する');
  if (await mustChange.isChecked()) await mustChange.click();
  await account.getByRole('button', { name: '登録' }).click();
  await expect(page.getByText(`アカウント ${member.loginId} を作成しました。`)).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: manager.loginId })).toContainText(
    'パスワード変更待ち',
  );
  await expectAccessible(page, 'アカウント管理');
  await signOut(page);

  // The manager's first sign-in: the password must be changed before anything else.
  await signIn(page, manager.loginId, initial);
  await expect(page).toHaveURL(/\/password\/change/);
  await expect(page.getByText('パスワードの変更が必要です。')).toBeVisible();
  await expectAccessible(page, 'パスワード変更（強制）');
  await changePassword(page, initial, manager.password);
  await expect(page.getByRole('heading', { name: 'トップ' })).toBeVisible();

  await menuLink(page, '組織コード発行').click();
  await expect(page.getByRole('heading', { name: '組織コード発行' })).toBeVisible();
  await expect(
    page.getByText('あなたが管理責任者を務める組織「株式会社かんり」の組織コードです。'),
  ).toBeVisible();
  await expectAccessible(page, '組織コード発行');
  const code = (await page.locator('.kanri-org-code').textContent())!.trim();
  expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{12}$/);
  await signOut(page);

  // The new account joins with the code.
  await signIn(page, member.loginId, member.password);
  await expect(page.getByRole('heading', { name: 'トップ' })).toBeVisible();
  await expect(page.getByText('まだ組織に所属していません。')).toBeVisible();
  await menuLink(page, '組織コードの紐づけ').click();
  await expectAccessible(page, '組織コードの紐づけ');
  await page.getByRole('textbox', { name: /^組織コード\s*\*?$/ }).fill(code.toLowerCase());
  await page.getByRole('button', { name: '確認' }).click();
  await expectAccessible(page, '組織コードの紐づけ（入力内容確認）');
  await page.getByRole('button', { name: '確定' }).click();
  await expect(page.getByText('組織「株式会社かんり」に紐づけました。')).toBeVisible();
  await menuLink(page, 'トップ').click();
  await expect(page.getByText(`所属組織: 株式会社かんり（組織コード ${code}）`)).toBeVisible();
  await signOut(page);

  // The operator sees the organization with its two members and its plan limit.
  await signIn(page, OPERATOR.loginId, OPERATOR.password);
  await menuLink(page, '組織一覧').click();
  const row = page.getByRole('row').filter({ hasText: code });
  await expect(row).toContainText('株式会社かんり');
  await expect(row).toContainText('2 名');
  await expect(row).toContainText('10 名');
  await expect(page.getByRole('row').filter({ hasText: '株式会社かんり' })).toHaveCount(1);
});
