import { expect, test } from './support/fixtures';
import { useKanri } from './support/kanri';

/**
 * パスワード再発行 and IPアドレス変更要求 before sign-in: the mailed token sets a new password; a wrong password on the
 * IP change request is refused in words.
 */
const kanri = useKanri();
test('パスワード再発行要求からメールの再発行用トークンで新しいパスワードを設定する。IPアドレス変更要求は誤ったパスワードを拒否する', async ({
  page,
}) => {
  await kanri.current.createAccount({
    loginId: 'recover01',
    password: 'Passw0rd-123',
    familyName: 'a',
    givenName: 'b',
    email: 'r@example.jp',
  });
  await page.goto('/password-reset');
  await page.getByLabel('ログインID').fill('recover01');
  await page.getByLabel('メールアドレス').fill('r@example.jp');
  await page.getByRole('button', { name: '送信' }).click();
  await expect(page.getByText('受け付けました。入力内容が登録と一致する場合')).toBeVisible();
  const mail = (await kanri.current.outbox('r@example.jp'))[0];
  const token = /再発行用トークン: (\S+)/.exec(mail.text)![1];
  await page.getByRole('link', { name: '再発行用トークンを入力する' }).click();
  await page.getByLabel('再発行用トークン').fill(token);
  await page.getByLabel('新しいパスワード', { exact: true }).fill('Brand-new-pass-5');
  await page.getByLabel('新しいパスワード（確認）').fill('Brand-new-pass-5');
  await page.getByRole('button', { name: 'パスワードを設定' }).click();
  await expect(page.getByText('新しいパスワードを設定しました。')).toBeVisible();
  await page.goto('/ip-change');
  await page.getByLabel('ログインID').fill('recover01');
  await page.getByLabel('パスワード', { exact: true }).fill('wrong-pass-9');
  await page.getByRole('button', { name: '申請' }).click();
  await expect(page.getByText('ログインIDまたはパスワードが正しくありません。')).toBeVisible();
});
