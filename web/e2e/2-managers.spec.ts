import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';
import { signIn } from './support/console';
import { useKanri } from './support/kanri';
import { addMember, createOrganization, PASSWORD } from './organization-setup';

/**
 * 管理責任者の追加削除 (manual 000, 管理責任者修正): the maximum is 20% of the organization's users, rounded up
 * (1–5 users: 1, 6–10: 2), and at least one manager must remain. The screen states the maximum before anything is
 * sent, and shows the API's refusal in words when the change is sent anyway.
 */
const kanri = useKanri();

/** The radio 「<user> を管理責任者にする」 or 「<user> を一般ユーザーにする」 of a member's row. */
function kind(page: Page, loginId: string, label: '管理責任者' | '一般ユーザー') {
  return page.getByRole('radio', { name: new RegExp(`^${loginId} を\\s*${label}\\s*にする$`) });
}

test('管理責任者修正: 最大人数を超える追加は拒否され、6人目の加入で2人目を追加でき、最後の管理責任者は外せない', async ({
  page,
}) => {
  const org = await createOrganization(kanri.current, 5);
  const [first] = org.members;

  await signIn(page, org.manager.loginId, PASSWORD);
  await expect(page.getByRole('heading', { name: 'トップ' })).toBeVisible();
  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: '管理責任者修正' })
    .click();
  await expect(page.getByRole('heading', { name: '管理責任者修正' })).toBeVisible();

  // 5 members: the cap is shown before sending.
  await expect(page.getByText('5 名', { exact: true })).toBeVisible();
  await expect(page.getByText('最大 1 名', { exact: true })).toBeVisible();
  await expectAccessible(page, '管理責任者修正');

  await kind(page, first.loginId, '管理責任者').check();
  await expect(page.getByText('管理責任者は最大 1 名までです（2 名を選択しています）。')).toBeVisible();

  // Sent anyway: the API refuses, in words.
  await page.getByRole('button', { name: '変更', exact: true }).click();
  const refusal = page.getByRole('alert').filter({ hasText: '管理責任者の人数が上限を超えます。' });
  await expect(refusal).toBeVisible();
  await expect(refusal).toContainText('最大 1 名');

  // A sixth member joins: the cap becomes 2 and the second manager is accepted.
  await addMember(kanri.current, org.token, org.orgId, 5);
  await page.reload();
  await expect(page.getByText('6 名', { exact: true })).toBeVisible();
  await expect(page.getByText('最大 2 名', { exact: true })).toBeVisible();
  await kind(page, first.loginId, '管理責任者').check();
  await expect(page.getByText(/管理責任者は最大 \d+ 名までです/)).toHaveCount(0);
  await page.getByRole('button', { name: '変更', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '管理責任者を更新しました。' })).toBeVisible();
  await expect(kind(page, first.loginId, '管理責任者')).toBeChecked();

  // Back to one manager, then removing that only manager is refused with the minimum-one rule.
  await kind(page, first.loginId, '一般ユーザー').check();
  await page.getByRole('button', { name: '変更', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '管理責任者を更新しました。' })).toBeVisible();

  await kind(page, org.manager.loginId, '一般ユーザー').check();
  await expect(
    page.getByText('管理責任者は最低1名必要です。少なくとも1名を管理責任者にしてください。'),
  ).toBeVisible();
  await page.getByRole('button', { name: '変更', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: '管理責任者は最低1名必要です。' })).toBeVisible();
  await page.reload();
  await expect(kind(page, org.manager.loginId, '管理責任者')).toBeChecked();
  await expectAccessible(page, '管理責任者修正（拒否の後）');
});
