import { expect, expectAccessible, test } from './support/fixtures';
import { signIn } from './support/console';
import { useKanri } from './support/kanri';
import { CONFIRMATION, createOrganization, PASSWORD } from './organization-setup';

/**
 * アカウント情報更新 (manual 000): a general user opens アカウント情報更新 from the menu, changes their own name and
 * e-mail address, reviews the changed lines on 入力内容確認, enters the 確認用パスワード and sees 完了.
 */
const kanri = useKanri();

test('アカウント情報更新: 一般ユーザーが自分の氏名とメールアドレスを変更し、確認用パスワードで確定する', async ({
  page,
}) => {
  const org = await createOrganization(kanri.current, 2);
  const member = org.members[0];
  // The member sets their own 確認用パスワード first (確認用パスワード変更), as changes here need it.
  await kanri.current.api(
    'PUT',
    '/auth/confirmation-password',
    { password: PASSWORD, confirmationPassword: CONFIRMATION },
    await kanri.current.login(member.loginId, PASSWORD),
  );

  await signIn(page, member.loginId, PASSWORD);
  const menu = page.getByRole('navigation', { name: 'メインメニュー' });
  await menu.getByRole('link', { name: 'アカウント情報更新' }).click();
  await expect(page.getByRole('heading', { name: 'アカウント情報更新' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'メールアドレス', exact: true })).toHaveValue(
    'user1@example.jp',
  );
  await expectAccessible(page, 'アカウント情報更新');

  await page.getByRole('textbox', { name: '姓', exact: true }).fill('後藤');
  await page.getByRole('textbox', { name: 'メールアドレス', exact: true }).fill('goto.new@example.jp');
  await page.getByRole('textbox', { name: '内線' }).fill('1234');
  await page.getByRole('button', { name: '入力内容確認' }).click();

  const review = page.getByRole('grid').or(page.getByRole('table'));
  await expect(review.getByRole('row').filter({ hasText: '後藤' })).toContainText('（変更）');
  await expect(review.getByRole('row').filter({ hasText: 'goto.new@example.jp' })).toContainText('（変更）');
  await expect(review.getByRole('row').filter({ hasText: '名（カナ）' })).not.toContainText('（変更）');

  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await page.getByRole('button', { name: '確定' }).click();
  await expect(page.getByText('アカウント情報を更新しました。')).toBeVisible();

  const token = await kanri.current.login(member.loginId, PASSWORD);
  const me = await kanri.current.api<{ familyName: string; email: string; phoneExtension: string }>(
    'GET',
    '/me',
    undefined,
    token,
  );
  expect(me).toMatchObject({ familyName: '後藤', email: 'goto.new@example.jp', phoneExtension: '1234' });
  const notices = await kanri.current.outbox('user1@example.jp');
  expect(notices.map((m) => m.subject)).toContain('【Kanri】メールアドレス変更のお知らせ');
});
