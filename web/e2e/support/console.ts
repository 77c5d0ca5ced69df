import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** Steps a person takes on the sign-in screens, in the manual's words (ログインID, パスワード, ログイン). */
export async function signIn(page: Page, loginId: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('ログインID').fill(loginId);
  await page.getByLabel('パスワード', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'ログアウト', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'ログイン', exact: true })).toBeVisible();
}

/** The forced change right after the first sign-in (ログイン時に強制変更する). */
export async function changePassword(page: Page, current: string, next: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'パスワード変更' })).toBeVisible();
  await page.getByLabel('現在のパスワード').fill(current);
  await page.getByLabel('新しいパスワード', { exact: true }).fill(next);
  await page.getByLabel('新しいパスワード（確認）').fill(next);
  await page.getByRole('button', { name: '変更', exact: true }).click();
}
