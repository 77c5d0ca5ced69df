import type { Page } from '@playwright/test';
import { createOrganization, PASSWORD } from './organization-setup';
import { expect, expectAccessible, test } from './support/fixtures';
import { signIn, signOut } from './support/console';
import { OPERATOR, useKanri } from './support/kanri';

/**
 * Every screen is usable by everyone (SPEC §12): axe-core finds no serious or critical violation on any screen a
 * manager, a member or the operator can open from the menu, nor on the screens before sign-in; and sign-in and
 * ユーザー一覧 work with the keyboard alone (Tab, Enter, Space).
 */
const kanri = useKanri();

/** Presses Tab until the focused element is the one named, as a keyboard user would look for it. */
async function tabTo(
  page: Page,
  role: 'link' | 'button' | 'checkbox' | 'textbox',
  name: string | RegExp,
  max = 80,
) {
  const target = page.getByRole(role, { name }).first();
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
  }
  throw new Error(`Tab never reached ${role} ${String(name)}`);
}

/** Opens every entry of the menu in turn and checks each screen with axe. */
async function checkEveryMenuScreen(page: Page, who: string): Promise<string[]> {
  const menu = page.getByRole('navigation', { name: 'メインメニュー' });
  const names = (await menu.getByRole('link').allTextContents()).map((n) => n.trim());
  for (const name of names) {
    await menu.getByRole('link', { name, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
    await expectAccessible(page, `${name}（${who}）`);
  }
  return names;
}

test('ログイン前の画面に重大なアクセシビリティ違反がない', async ({ page }) => {
  for (const [path, heading] of [
    ['/sign-in', 'ログイン'],
    ['/password-reset', 'パスワード再発行要求'],
    ['/password-reset/confirm', 'パスワード再発行'],
    ['/ip-change', 'IPアドレス変更要求'],
    ['/ip-change/confirm', 'IPアドレス変更の確認'],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole('heading', { name: heading, exact: true })).toBeVisible();
    await expectAccessible(page, heading);
  }
  // with an error shown next to its field
  await page.goto('/sign-in');
  await page.getByLabel('ログインID').fill('nobody1');
  await page.getByLabel('パスワード', { exact: true }).fill('wrong-pass-1');
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await expect(page.getByText('ログインIDまたはパスワードが正しくありません。')).toBeVisible();
  await expectAccessible(page, 'ログイン（エラー表示）');
  // and in English
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expectAccessible(page, 'Sign in (English)');
  await page.getByRole('button', { name: '日本語' }).click();
});

test('管理責任者・一般ユーザー・運用者がメニューから開くすべての画面に重大な違反がない', async ({ page }) => {
  test.setTimeout(360_000);
  const org = await createOrganization(kanri.current, 3);
  await signIn(page, org.manager.loginId, PASSWORD);
  await expect(page.getByRole('heading', { name: 'トップ' })).toBeVisible();
  const managerScreens = await checkEveryMenuScreen(page, '管理責任者');
  expect(managerScreens).toEqual(expect.arrayContaining(['ユーザー一覧', '管理責任者修正', '2要素認証設定']));
  await signOut(page);

  await signIn(page, org.members[0].loginId, PASSWORD);
  await expect(page.getByRole('heading', { name: 'トップ' })).toBeVisible();
  await checkEveryMenuScreen(page, '一般ユーザー');
  await signOut(page);

  await signIn(page, OPERATOR.loginId, OPERATOR.password);
  await expect(page.getByRole('heading', { name: 'トップ' })).toBeVisible();
  const operatorScreens = await checkEveryMenuScreen(page, '運用者');
  expect(operatorScreens).toEqual(expect.arrayContaining(['組織一覧', 'アカウント管理']));
});

test('キーボードだけでログインし、ユーザー一覧でユーザーを選択して詳細を開ける', async ({ page }) => {
  test.setTimeout(240_000);
  const org = await createOrganization(kanri.current, 27);
  await page.goto('/sign-in');
  // The login ID field has the focus when the screen opens.
  await expect(page.getByLabel('ログインID')).toBeFocused();
  await page.keyboard.type(org.manager.loginId);
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('パスワード', { exact: true })).toBeFocused();
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'トップ' })).toBeVisible();

  await tabTo(page, 'link', 'ユーザー一覧');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'ユーザー一覧' })).toBeVisible();
  await expect(page.getByRole('row')).not.toHaveCount(0);

  const member = org.members[0].loginId;
  const box = page.getByRole('checkbox', { name: new RegExp(member) });
  await tabTo(page, 'checkbox', new RegExp(member));
  await page.keyboard.press('Space');
  await expect(box).toBeChecked();
  // and Enter opens the member's detail from the keyboard too
  await tabTo(page, 'link', member);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/users/${org.members[0].id}`));
});
