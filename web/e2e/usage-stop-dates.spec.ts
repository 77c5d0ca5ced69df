import { expect, expectAccessible, test } from './support/fixtures';
import { signIn } from './support/console';
import { useKanri } from './support/kanri';
import { PASSWORD, createOrganization, type Organization } from './organization-setup';

/**
 * ユーザー利用停止日一覧・ユーザー利用停止日設定 (manual 000): the manager opens a member from the list, enters the
 * date, checks it on 入力内容確認 and sees 完了; an empty date cancels it; the last manager cannot be stopped.
 */
const kanri = useKanri();
let org: Organization;

function isoDay(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

test.beforeAll(async () => {
  org = await createOrganization(kanri.current, 3);
});

test('利用停止日を設定し、一覧で確認し、取り消す。最後の管理責任者には設定できない', async ({ page }) => {
  const member = org.members[0];
  const stopOn = isoDay(30);
  await signIn(page, org.manager.loginId, PASSWORD);
  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: 'ユーザー利用停止日設定' })
    .click();
  await expect(page.getByRole('heading', { name: 'ユーザー利用停止日一覧' })).toBeVisible();
  await expectAccessible(page, 'ユーザー利用停止日一覧');

  await page.getByRole('link', { name: member.loginId, exact: true }).click();
  await expect(page.getByRole('heading', { name: 'ユーザー利用停止日設定', exact: true })).toBeVisible();
  await expectAccessible(page, 'ユーザー利用停止日設定（入力）');

  // A past date is refused next to the field.
  await page.getByRole('textbox', { name: '利用停止日' }).fill(isoDay(-2));
  await page.getByRole('button', { name: '入力内容確認' }).click();
  await expect(page.getByText('本日以降の日付を入力してください。')).toBeVisible();
  await expect(page.getByRole('textbox', { name: '利用停止日' })).toHaveAttribute('aria-invalid', 'true');

  await page.getByRole('textbox', { name: '利用停止日' }).fill(stopOn);
  await page.getByRole('button', { name: '入力内容確認' }).click();
  await expect(page.getByRole('heading', { name: 'ユーザー利用停止日設定（入力内容確認）' })).toBeVisible();
  const review = page.getByRole('grid', { name: '入力内容' });
  await expect(review.getByRole('row').filter({ hasText: '利用停止日' })).toContainText(stopOn);
  await expect(review.getByRole('row').filter({ hasText: '利用停止日' })).toContainText('（変更）');
  await expect(review.getByRole('row').filter({ hasText: 'ログインID' })).toContainText(member.loginId);
  await expectAccessible(page, 'ユーザー利用停止日設定（入力内容確認）');
  await page.getByRole('button', { name: '確定' }).click();
  await expect(
    page.getByText(
      `利用停止日（${stopOn}）の入力が完了しました。入力した日付の翌日になると自動的にアカウントが削除されます。`,
    ),
  ).toBeVisible();
  await expectAccessible(page, 'ユーザー利用停止日設定（完了）');

  // The list shows the date; only that member when filtered to users with a stop date.
  await page.getByRole('link', { name: 'ユーザー利用停止日一覧へ戻る' }).click();
  await expect(page.getByRole('row').filter({ hasText: member.loginId })).toContainText(stopOn);
  // The filter lives in the URL (the router applies it in a transition): click, then wait for the state.
  await page.getByLabel('利用停止日が設定されたユーザーのみ').click();
  await expect(page.getByLabel('利用停止日が設定されたユーザーのみ')).toBeChecked();
  await expect(page.getByRole('link', { name: member.loginId, exact: true })).toBeVisible();
  await expect(page.getByRole('link', { name: org.members[1].loginId, exact: true })).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel('利用停止日が設定されたユーザーのみ')).toBeChecked();
  await expect(page.getByRole('link', { name: org.members[1].loginId, exact: true })).toHaveCount(0);

  // An empty date cancels the stop.
  await page.getByRole('link', { name: member.loginId, exact: true }).click();
  await expect(page.getByRole('textbox', { name: '利用停止日' })).toHaveValue(stopOn);
  await page.getByRole('textbox', { name: '利用停止日' }).fill('');
  await page.getByRole('button', { name: '入力内容確認' }).click();
  await expect(page.getByRole('grid', { name: '入力内容' })).toContainText('（利用停止を取り消す）');
  await page.getByRole('button', { name: '確定' }).click();
  await expect(page.getByText('利用停止日を取り消しました。')).toBeVisible();
  await page.getByRole('link', { name: 'ユーザー利用停止日一覧へ戻る' }).click();
  await expect(page.getByRole('row').filter({ hasText: member.loginId })).toContainText('未設定');
  await page.getByLabel('利用停止日が設定されたユーザーのみ').click();
  await expect(page.getByLabel('利用停止日が設定されたユーザーのみ')).toBeChecked();
  await expect(page.getByRole('link', { name: member.loginId, exact: true })).toHaveCount(0);
  await page.getByLabel('利用停止日が設定されたユーザーのみ').click();
  await expect(page.getByLabel('利用停止日が設定されたユーザーのみ')).not.toBeChecked();

  // The only manager cannot be stopped while members remain: the reason in words on the confirm step.
  await page.getByRole('link', { name: org.manager.loginId, exact: true }).click();
  await page.getByRole('textbox', { name: '利用停止日' }).fill(stopOn);
  await page.getByRole('button', { name: '入力内容確認' }).click();
  await page.getByRole('button', { name: '確定' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '管理責任者は最低1名必要です。' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'ユーザー利用停止日設定（入力内容確認）' })).toBeVisible();
  await expectAccessible(page, 'ユーザー利用停止日設定（エラー）');
});
