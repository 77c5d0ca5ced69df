import type { Page } from '@playwright/test';
import speakeasy from 'speakeasy';
import { expect, expectAccessible, test } from './support/fixtures';
import { signIn } from './support/console';
import { type Kanri, useKanri } from './support/kanri';
import { CONFIRMATION, PASSWORD, createOrganization, type Organization } from './organization-setup';

/**
 * ユーザー作成・ユーザー詳細・ユーザー更新・ユーザー削除 (manual 003 4.1), and the sign-in actions of ユーザー詳細:
 * アカウントロック解除, 2要素認証の無効化, ワンタイムパスワード利用停止解除, トークンの失効. Every change goes
 * through 入力 → 入力内容確認 (changed lines marked, 確認用パスワード) → 完了.
 */
const kanri = useKanri();
let org: Organization;

async function lockOut(k: Kanri, loginId: string) {
  for (let i = 0; i < 3; i++) {
    await fetch(`${k.baseURL}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ loginId, password: 'Wrong-pass-0' }),
    });
  }
}

/** The member registers an authenticator app (2要素認証設定) through the API. */
async function enrolTotp(k: Kanri, loginId: string) {
  const token = await k.login(loginId, PASSWORD);
  const setup = await k.api<{ secret: string }>('POST', '/auth/totp/setup', {}, token);
  const code = speakeasy.totp({ secret: setup.secret, encoding: 'base32' });
  await k.api('POST', '/auth/totp/activate', { code }, token);
}

async function openDetail(page: Page, loginId: string) {
  await page.goto('/users');
  await page.getByRole('link', { name: loginId, exact: true }).click();
  await expect(page.getByRole('heading', { name: 'ユーザー詳細', exact: true })).toBeVisible();
}

async function act(page: Page, action: string, loginId: string) {
  await page.getByRole('button', { name: action, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: action });
  await expect(dialog).toContainText(`ユーザー ${loginId} の${action}を行います。よろしいですか？`);
  await dialog.getByRole('button', { name: 'はい' }).click();
  await expect(page.getByRole('status').filter({ hasText: `${action}を行いました。` })).toBeVisible();
}

test.beforeAll(async () => {
  org = await createOrganization(kanri.current, 4);
});

test('ユーザーを作成し、詳細を確認し、変更した項目を確認して更新し、削除する', async ({ page }) => {
  await signIn(page, org.manager.loginId, PASSWORD);
  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: 'ユーザー一覧' })
    .click();
  await page
    .getByRole('button', { name: 'ユーザー新規作成' })
    .or(page.getByRole('link', { name: 'ユーザー新規作成' }))
    .click();
  await expect(page.getByRole('heading', { name: 'ユーザー作成', exact: true })).toBeVisible();
  await expectAccessible(page, 'ユーザー作成（入力）');

  // Required fields left empty are named in words before anything is sent.
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await expect(page.getByText('ログインIDを入力してください。')).toBeVisible();
  await expect(page.getByText('姓を入力してください。')).toBeVisible();

  await page.getByLabel('ログインID').fill('yamada01');
  await page.getByLabel('パスワード', { exact: true }).fill('Shoki-pass-1');
  await page.getByLabel('姓', { exact: true }).fill('山田');
  await page.getByLabel('名', { exact: true }).fill('太郎');
  await page.getByLabel('姓(カナ)').fill('ヤマダ');
  await page.getByLabel('名(カナ)').fill('タロウ');
  await page.getByLabel('メールアドレス', { exact: true }).fill('yamada@example.jp');
  await page.getByLabel('部署・職名').fill('総務部');
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'ユーザー作成（入力内容確認）' })).toBeVisible();
  const review = page.getByRole('grid', { name: '入力内容' });
  await expect(review.getByRole('row').filter({ hasText: 'ログインID' })).toContainText('yamada01');
  await expect(review.getByRole('row').filter({ hasText: '部署・職名' })).toContainText('総務部');
  await expectAccessible(page, 'ユーザー作成（入力内容確認）');

  // A wrong confirmation password is refused next to the field; the right one creates the user.
  await page.getByLabel('確認用パスワード').fill('Wrong-pass-9');
  await page.getByRole('button', { name: '確定' }).click();
  await expect(page.locator('#confirmation-password-error')).toBeVisible();
  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await page.getByRole('button', { name: '確定' }).click();
  await expect(page.getByText('ユーザー yamada01 を作成しました。')).toBeVisible();
  await expectAccessible(page, 'ユーザー作成（完了）');

  await page.getByRole('link', { name: '詳細' }).click();
  await expect(page.getByRole('heading', { name: 'ユーザー詳細', exact: true })).toBeVisible();
  const details = page.getByLabel('ユーザー詳細', { exact: true }).and(page.locator('dl'));
  await expect(details).toContainText('yamada01');
  await expect(details).toContainText('総務部');
  await expect(details).toContainText('yamada@example.jp');
  await expectAccessible(page, 'ユーザー詳細');

  // Update: only the changed lines are marked on 入力内容確認.
  await page.getByRole('button', { name: '編集' }).click();
  await expect(page.getByRole('heading', { name: 'ユーザー更新', exact: true })).toBeVisible();
  await expect(page.getByLabel('ログインID')).toHaveValue('yamada01');
  await expectAccessible(page, 'ユーザー更新（入力）');
  await page.getByLabel('部署・職名').fill('経理部');
  await page.getByLabel('内線').fill('1234');
  await page.getByLabel('姓(カナ)').fill('');
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'ユーザー更新（入力内容確認）' })).toBeVisible();
  const changes = page.getByRole('grid', { name: '入力内容' });
  await expect(changes.getByRole('row').filter({ hasText: '部署・職名' })).toContainText('（変更）');
  await expect(changes.getByRole('row').filter({ hasText: '内線' })).toContainText('（変更）');
  await expect(changes.getByRole('row').filter({ hasText: 'ログインID' })).not.toContainText('（変更）');
  await expect(changes.getByRole('row').filter({ hasText: '姓(カナ)' })).toContainText('（変更）');
  await expect(changes.locator('tr.kanri-review__changed')).toHaveCount(3);
  await expectAccessible(page, 'ユーザー更新（入力内容確認）');
  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await page.getByRole('button', { name: '確定' }).click();
  await expect(page.getByText('ユーザー yamada01 を更新しました。')).toBeVisible();
  await page.getByRole('link', { name: '詳細' }).click();
  const updated = page.getByLabel('ユーザー詳細', { exact: true }).and(page.locator('dl'));
  await expect(updated).toContainText('経理部');
  await expect(updated).toContainText('1234');
  // The emptied 姓(カナ) is cleared, not kept.
  await expect(updated).not.toContainText('ヤマダ');

  // Delete: the dialog names the user and asks for the confirmation password.
  await page.getByRole('button', { name: '削除', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'ユーザー削除' });
  await expect(dialog).toContainText('ユーザー yamada01 を削除します。よろしいですか？');
  await expectAccessible(page, 'ユーザー削除');
  await dialog.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await dialog.getByRole('button', { name: 'はい' }).click();
  await expect(page.getByRole('heading', { name: 'ユーザー一覧' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'yamada01', exact: true })).toHaveCount(0);
  await expect(page.getByRole('link', { name: org.members[0].loginId, exact: true })).toBeVisible();
});

test('ロックされたユーザーのロックを解除し、2要素認証を無効化し、トークンを失効させ、ワンタイムパスワードの利用停止を解除する', async ({
  page,
}) => {
  const [locked, withApp, other] = org.members;
  await lockOut(kanri.current, locked.loginId);
  await enrolTotp(kanri.current, withApp.loginId);
  await enrolTotp(kanri.current, other.loginId);

  await signIn(page, org.manager.loginId, PASSWORD);
  await expect(page.getByRole('heading', { name: 'トップ' })).toBeVisible();

  // アカウントロック解除: the locked user can sign in again afterwards.
  await openDetail(page, locked.loginId);
  await expect(page.getByText('アカウントロック', { exact: true })).toBeVisible();
  await expectAccessible(page, 'ユーザー詳細（アカウントロック）');
  await act(page, 'アカウントロック解除', locked.loginId);
  await expect(page.getByRole('button', { name: 'アカウントロック解除' })).toBeDisabled();
  expect(await kanri.current.login(locked.loginId, PASSWORD)).toBeTruthy();

  // 2要素認証の無効化: the member signs in with the password alone again.
  await openDetail(page, withApp.loginId);
  await expect(page.getByText('2要素', { exact: true })).toBeVisible();
  await act(page, '2要素認証の無効化', withApp.loginId);
  await expect(page.getByRole('button', { name: '2要素認証の無効化' })).toBeDisabled();
  expect(await kanri.current.login(withApp.loginId, PASSWORD)).toBeTruthy();

  // トークンの失効: the authenticator app registered by the member stops counting.
  await openDetail(page, other.loginId);
  await act(page, 'トークンの失効', other.loginId);
  await expect(page.getByRole('button', { name: 'トークンの失効' })).toBeDisabled();
  expect(await kanri.current.login(other.loginId, PASSWORD)).toBeTruthy();

  // ワンタイムパスワード利用停止解除.
  await act(page, 'ワンタイムパスワード利用停止解除', other.loginId);
  await expectAccessible(page, 'ユーザー詳細（ログイン関連の操作）');
});
