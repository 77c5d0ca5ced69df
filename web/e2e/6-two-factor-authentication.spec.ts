import speakeasy from 'speakeasy';
import { expect, expectAccessible, test } from './support/fixtures';
import { signIn, signOut } from './support/console';
import { useKanri } from './support/kanri';

/**
 * 2要素認証設定: a user registers an authenticator app from the QR screen's secret key, signs out, and signs in
 * with a code from it; a code already used is refused on screen (SPEC §3.3: each code is accepted once).
 */
const kanri = useKanri();
const user = { loginId: 'totpuser1', password: 'Passw0rd-123' };

function codeAt(secret: string, offsetSteps = 0): string {
  return speakeasy.totp({
    secret,
    encoding: 'base32',
    time: Math.floor(Date.now() / 1000) + offsetSteps * 30,
  });
}

test('認証アプリを登録し、ログアウト後に認証コードでログインする。使用済みのコードは拒否される', async ({
  page,
}) => {
  await kanri.current.createAccount({
    ...user,
    familyName: '鈴木',
    givenName: '花子',
    email: 'hanako@example.jp',
    confirmationPassword: 'Confirm-456',
  });
  await page.goto(kanri.current.baseURL);

  await signIn(page, user.loginId, user.password);
  await expect(page.getByRole('heading', { name: 'トップ' })).toBeVisible();

  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: '2要素認証設定' })
    .click();
  await expect(page.getByRole('heading', { name: '2要素認証設定' })).toBeVisible();
  await expectAccessible(page, '2要素認証設定');
  await page.getByRole('button', { name: '認証アプリを登録する' }).click();
  await expect(page.getByRole('img', { name: '認証アプリ登録用QRコード' })).toBeVisible();
  const secret = (await page.getByLabel('シークレットキー').textContent())!.trim();
  expect(secret).toMatch(/^[A-Z2-7]+=*$/);
  await expectAccessible(page, '2要素認証設定（QRコード）');

  const activation = codeAt(secret);
  await page.getByLabel('認証コード').fill(activation);
  await page.getByRole('button', { name: '有効にする' }).click();
  await expect(page.getByText('2要素認証を有効にしました')).toBeVisible();
  await expect(page.getByText('有効', { exact: true })).toBeVisible();

  await signOut(page);
  await expect(page.getByText('ログアウトしました。')).toBeVisible();

  // the next step's code: the activation code's step is spent
  const signInCode = codeAt(secret, 1);
  await signIn(page, user.loginId, user.password);
  await expect(page.getByRole('heading', { name: 'ワンタイムパスワード入力' })).toBeVisible();
  await expectAccessible(page, 'ワンタイムパスワード入力（認証アプリ）');
  await page.getByLabel('認証コード').fill(signInCode);
  await page.getByRole('button', { name: '認証' }).click();
  await expect(page.getByRole('heading', { name: 'トップ' })).toBeVisible();

  await signOut(page);
  await signIn(page, user.loginId, user.password);
  await page.getByLabel('認証コード').fill(signInCode);
  await page.getByRole('button', { name: '認証' }).click();
  const field = page.getByLabel('認証コード');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('ワンタイムパスワードが正しくありません。')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'ワンタイムパスワード入力' })).toBeVisible();
});
