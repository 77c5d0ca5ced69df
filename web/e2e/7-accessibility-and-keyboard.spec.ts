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

/**
 * Presses Tab (or Shift+Tab, to go back up the screen) until the focused element is the one named, as a keyboard
 * user would look for it.
 */
async function tabTo(
  page: Page,
  role: 'link' | 'button' | 'checkbox' | 'textbox',
  name: string | RegExp,
  max = 80,
  key: 'Tab' | 'Shift+Tab' = 'Tab',
) {
  const target = page.getByRole(role, { name }).first();
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press(key);
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
  }
  throw new Error(`Tab never reached ${role} ${String(name)}`);
}

/**
 * The names of the controls inside the screen's main area that Tab reaches, in order, from the top of the page
 * until the focus leaves the main area again: the accessible name when there is one, else the element's id.
 */
async function tabOrderOf(page: Page, max = 200): Promise<string[]> {
  await page.getByRole('heading', { level: 1 }).first().click();
  const names: string[] = [];
  let inMain = false;
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const here = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || !el.closest('main')) return null;
      const labelled = el.getAttribute('aria-labelledby');
      const byId = labelled
        ?.split(' ')
        .map((id) => document.getElementById(id)?.textContent ?? '')
        .join(' ');
      const label = (el as HTMLInputElement).labels?.[0]?.textContent;
      return (el.getAttribute('aria-label') ?? byId ?? label ?? el.textContent ?? '').trim() || el.id;
    });
    if (here === null) {
      if (inMain) break;
      continue;
    }
    inMain = true;
    names.push(here);
  }
  return names;
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

  // Every control of the list is in the Tab order, the next-page button included.
  const reached = await tabOrderOf(page);
  for (const control of [
    '検索',
    '仮登録',
    '無効',
    '有効',
    'アカウントロック',
    'グループ',
    '属性',
    'ユーザー新規作成',
    'ユーザー一括削除',
    'ユーザー一括無効化',
    'インポート',
    '文字コード',
    'エクスポート',
    'ログインID',
    '姓',
    '名',
    'すべて選択',
    '次のページ',
    '最後のページ',
  ]) {
    expect(reached, `Tab reaches ${control}`).toContain(control);
  }

  // Enter on 次のページ shows the second page (27 members: 2 rows), Enter on 前のページ the first again.
  await tabTo(page, 'button', '次のページ');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/[?&]page=2/);
  const rows = page.getByRole('grid', { name: 'ユーザー一覧' }).getByRole('row');
  await expect(rows).toHaveCount(1 + 2);
  // 前のページ stands just before 次のページ: back with Shift+Tab, as a keyboard user would (Tab would go round the
  // whole menu first, which has grown with every screen area).
  await tabTo(page, 'button', '前のページ', 80, 'Shift+Tab');
  await page.keyboard.press('Enter');
  await expect(page).not.toHaveURL(/[?&]page=2/);
  await expect(rows).toHaveCount(1 + 25);

  // A sortable header sorts with Enter; the status filter toggles with Space; the search runs with Enter.
  await tabTo(page, 'button', '姓');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/[?&]sort=familyName/);
  await tabTo(page, 'button', '無効', 80, 'Shift+Tab');
  await page.keyboard.press('Space');
  await expect(page).toHaveURL(/[?&]status=disabled/);
  await expect(page.getByText('該当するデータがありません')).toBeVisible();
  await page.keyboard.press('Space');
  await expect(page).not.toHaveURL(/status=disabled/);
  await tabTo(page, 'textbox', '検索', 80, 'Shift+Tab');
  await page.keyboard.type(member);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`[?&]q=${member}`));
  await expect(rows).toHaveCount(1 + 1);

  // and Enter opens the member's detail from the keyboard too
  await tabTo(page, 'link', member);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/users/${org.members[0].id}`));
});
