import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';
import { signIn, signOut } from './support/console';
import { useKanri } from './support/kanri';
import { CONFIRMATION, PASSWORD, createOrganization, type Organization } from './organization-setup';

/**
 * グループ管理 (the organization's group tree) and 権限設定 with 所属配下ユーザーのみ管理する: an administrator
 * granted ユーザー管理 for their own group and below sees only those users in ユーザー一覧.
 */
const kanri = useKanri();
let org: Organization;

async function addGroup(page: Page, code: string, name: string, parent?: string) {
  await page.getByRole('textbox', { name: /^グループコード/ }).fill(code);
  await page.getByRole('textbox', { name: /^グループ名/ }).fill(name);
  await page.getByLabel('上位グループ').selectOption({ label: parent ?? '（最上位）' });
  await page.getByRole('button', { name: '追加', exact: true }).click();
}

/** Adds a group and waits for 完了, so the next one is typed into an empty form. */
async function addGroupDone(page: Page, code: string, name: string, parent?: string) {
  await addGroup(page, code, name, parent);
  await expect(
    page.getByRole('status').filter({ hasText: `グループ「${name}」を追加しました。` }),
  ).toBeVisible();
}

test.beforeAll(async () => {
  org = await createOrganization(kanri.current, 5);
});

test('グループの階層を作り、所属配下のみのユーザー管理権限を付与すると、その管理者には配下のユーザーだけが見える', async ({
  page,
}) => {
  await signIn(page, org.manager.loginId, PASSWORD);
  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: 'グループ管理' })
    .click();
  await expect(page.getByRole('heading', { name: 'グループ管理' })).toBeVisible();
  await expect(page.getByText('グループはまだありません。')).toBeVisible();
  await expectAccessible(page, 'グループ管理');

  // Required fields are named before sending.
  await page.getByRole('button', { name: '追加', exact: true }).click();
  await expect(page.getByText('入力してください。').first()).toBeVisible();

  await addGroupDone(page, 'HQ', '本社');
  await addGroupDone(page, 'SALES', '営業部', '本社（HQ）');
  await addGroupDone(page, 'SALES1', '営業一課', '営業部（SALES）');
  await addGroupDone(page, 'ADMIN', '総務部', '本社（HQ）');
  // A code already used is refused next to the code.
  await addGroup(page, 'SALES', '営業二部');
  await expect(page.getByText('このグループコードは既に使われています。')).toBeVisible();
  await expect(page.getByRole('textbox', { name: /^グループコード/ })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  await page.getByRole('textbox', { name: /^グループコード/ }).fill('TEMP');
  await page.getByRole('button', { name: '追加', exact: true }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'グループ「営業二部」を追加しました。' }),
  ).toBeVisible();

  // The tree: 営業一課 sits under 営業部, which sits under 本社.
  const tree = page.locator('.kanri-group-tree');
  const hq = tree.getByRole('listitem').filter({ hasText: '本社（HQ）' }).first();
  const sales = hq.getByRole('listitem').filter({ hasText: '営業部（SALES）' });
  await expect(sales.getByRole('listitem').filter({ hasText: '営業一課（SALES1）' })).toBeVisible();
  await expect(hq.getByRole('listitem').filter({ hasText: '総務部（ADMIN）' })).toBeVisible();
  await expectAccessible(page, 'グループ管理（階層）');

  // A group with subgroups cannot be deleted; an empty one can.
  await page.getByRole('button', { name: '削除 本社' }).click();
  let dialog = page.getByRole('dialog', { name: 'グループ削除' });
  await dialog.getByRole('button', { name: 'はい' }).click();
  await expect(
    dialog.getByText('所属ユーザーまたは下位グループがあるため、このグループは削除できません。'),
  ).toBeVisible();
  await dialog.getByRole('button', { name: 'いいえ' }).click();
  await page.getByRole('button', { name: '削除 営業二部' }).click();
  dialog = page.getByRole('dialog', { name: 'グループ削除' });
  await dialog.getByRole('button', { name: 'はい' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'グループ「営業二部」を削除しました。' }),
  ).toBeVisible();
  await expect(tree).not.toContainText('営業二部');

  // Members into groups (arranged through the API: the user form is another flow's).
  const groups = await kanri.current.api<
    { id: string; code: string }[] | { items: { id: string; code: string }[] }
  >('GET', `/organizations/${org.orgId}/groups`, undefined, org.token);
  const list = Array.isArray(groups) ? groups : groups.items;
  const id = (code: string) => list.find((g) => g.code === code)!.id;
  const [admin, salesOne, clerk, other] = org.members;
  for (const [m, code] of [
    [admin, 'SALES'],
    [salesOne, 'SALES1'],
    [clerk, 'ADMIN'],
  ] as const) {
    await kanri.current.api(
      'PATCH',
      `/organizations/${org.orgId}/users/${m.id}`,
      { groupId: id(code), confirmationPassword: CONFIRMATION },
      org.token,
    );
  }

  // 権限設定: ユーザー管理, only for the own group and below.
  await page.goto(`/users/${admin.id}`);
  await page.getByRole('button', { name: '権限設定' }).click();
  await expect(page.getByRole('heading', { name: '権限設定', exact: true })).toBeVisible();
  await expectAccessible(page, '権限設定（入力）');
  await expect(page.getByLabel('所属配下ユーザーのみ管理する')).toBeDisabled();
  await page.getByRole('checkbox', { name: 'ユーザー管理', exact: true }).check();
  await page.getByLabel('所属配下ユーザーのみ管理する').check();
  await page.getByRole('button', { name: '確認', exact: true }).click();
  const review = page.getByRole('grid', { name: '入力内容' });
  const row = review.getByRole('row').filter({ hasText: 'ユーザー管理' }).first();
  await expect(row).toContainText('付与する（所属配下ユーザーのみ管理する）');
  await expect(row).toContainText('（変更）');
  await expect(review.locator('tr.kanri-review__changed')).toHaveCount(1);
  await expectAccessible(page, '権限設定（入力内容確認）');
  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await page.getByRole('button', { name: '確定' }).click();
  await expect(page.getByRole('heading', { name: '権限設定（完了）' })).toBeVisible();
  await expectAccessible(page, '権限設定（完了）');
  await signOut(page);

  // The administrator sees the users of 営業部 and 営業一課 only.
  await signIn(page, admin.loginId, PASSWORD);
  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: 'ユーザー一覧' })
    .click();
  await expect(page.getByRole('link', { name: salesOne.loginId, exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: admin.loginId, exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: clerk.loginId, exact: true })).toHaveCount(0);
  await expect(page.getByRole('link', { name: other.loginId, exact: true })).toHaveCount(0);
  await expect(page.getByRole('link', { name: org.manager.loginId, exact: true })).toHaveCount(0);
  await expectAccessible(page, 'ユーザー一覧（所属配下のみ）');
});
