import type { APIRequestContext, Page } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';
import { signIn, signOut } from './support/console';
import { useKanri } from './support/kanri';
import { CONFIRMATION, createOrganization, type Organization, PASSWORD } from './organization-setup';

/**
 * SCIM連携設定 (SPEC §17 SCIM 2.0 provisioning) on screen: a manager sees the SCIM base URL to give the identity
 * provider, issues a token (入力 → 入力内容確認 with the 確認用パスワード → 完了) and sees it once, with the warning
 * that it cannot be shown again; a wrong 確認用パスワード is refused next to its field and issues nothing. The token
 * works at /scim/v2/Users, the list shows it as used, and once it is revoked (confirmation popup with the
 * 確認用パスワード) the provider's next request answers 401. At no point is the token in a URL or browser storage,
 * nor on the page once 完了 is left. Members who are not managers have no menu entry and are refused by the API.
 */
const kanri = useKanri();
let org: Organization;

test.beforeAll(async () => {
  org = await createOrganization(kanri.current, 2, '株式会社SCIM連携');
});

function menu(page: Page) {
  return page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: 'SCIM連携設定', exact: true });
}

/** Everything the browser keeps for this page: its URL, local and session storage, cookies readable by script. */
async function storedEverywhere(page: Page): Promise<string> {
  return page.evaluate(
    () => `${location.href} ${JSON.stringify({ ...localStorage, ...sessionStorage })} ${document.cookie}`,
  );
}

/** The token is in no URL and no browser storage (local, session, script-readable cookies). */
async function expectNowhere(page: Page, token: string): Promise<void> {
  expect(page.url()).not.toContain(token);
  const storage = await page.evaluate(() => ({
    local: Object.values({ ...localStorage }),
    session: Object.values({ ...sessionStorage }),
  }));
  for (const value of [...storage.local, ...storage.session]) expect(value).not.toContain(token);
  expect(await storedEverywhere(page)).not.toContain(token);
}

function scimUsers(request: APIRequestContext, token: string) {
  return request.get(`${kanri.current.baseURL}/scim/v2/Users`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/scim+json' },
  });
}

async function tokensOfOrganization(): Promise<
  { id: string; clientName: string; lastUsedAt: string | null }[]
> {
  const body = await kanri.current.api<{
    items: { id: string; clientName: string; lastUsedAt: string | null }[];
  }>('GET', `/organizations/${org.orgId}/scim-tokens`, undefined, org.token);
  return body.items;
}

test('管理責任者がSCIMトークンを発行すると一度だけ表示され、IDプロバイダがそのトークンで同期でき、失効すると拒否される', async ({
  page,
  context,
  request,
}) => {
  test.slow();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: kanri.current.baseURL,
  });
  await signIn(page, org.manager.loginId, PASSWORD);
  await expect(page.getByRole('heading', { name: 'トップ' })).toBeVisible();
  await menu(page).click();
  await expect(page.getByRole('heading', { name: 'SCIM連携設定', level: 1 })).toBeVisible();
  await expect(page.getByText('SCIM トークンはまだ発行されていません。')).toBeVisible();
  // The base URL the administrator pastes into the provider: Kanri's own origin, outside /api/v1.
  await expect(page.getByLabel('SCIM ベース URL（テナント URL）')).toHaveValue(
    `${kanri.current.baseURL}/scim/v2`,
  );
  await page.getByRole('button', { name: 'SCIM ベース URL をコピー' }).click();
  await expect(page.getByText('コピーしました。')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${kanri.current.baseURL}/scim/v2`);
  await expectAccessible(page, 'SCIM連携設定（空）');

  // 入力: nothing typed is refused next to the field, before anything is sent.
  await page.getByRole('main').getByRole('link', { name: 'SCIM トークン発行' }).click();
  await expect(page.getByRole('heading', { name: 'SCIM トークン発行', level: 1 })).toBeVisible();
  await page.getByRole('button', { name: '入力内容確認' }).click();
  await expect(page.locator('#scim-client-name-error')).toContainText('入力してください。');
  await page.getByLabel('連携先の名前').fill('Microsoft Entra ID');
  await expectAccessible(page, 'SCIM トークン発行（入力）');
  await page.getByRole('button', { name: '入力内容確認' }).click();
  const review = page
    .getByRole('grid', { name: '入力内容' })
    .or(page.getByRole('table', { name: '入力内容' }));
  await expect(review).toContainText('Microsoft Entra ID');
  await expectAccessible(page, 'SCIM トークン発行（入力内容確認）');

  // A wrong 確認用パスワード: refused next to the field, and no token exists.
  await page.getByLabel('確認用パスワード').fill('Wrong-pass-1');
  await page.getByRole('button', { name: '確定' }).click();
  await expect(page.locator('#confirmation-password-error')).toContainText(
    '確認用パスワードが正しくありません。',
  );
  await expect(page.getByLabel('確認用パスワード')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('SCIM トークン', { exact: true })).toHaveCount(0);
  expect(await tokensOfOrganization()).toEqual([]);

  // The right one: 完了 shows the token once, with the warning and a copy button.
  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await page.getByRole('button', { name: '確定' }).click();
  await expect(page.getByText('Microsoft Entra ID の SCIM トークンを発行しました。')).toBeVisible();
  await expect(page.getByText(/SCIM トークンはこの画面でしか表示されず、再表示できません。/)).toBeVisible();
  const token = await page.getByLabel('SCIM トークン', { exact: true }).inputValue();
  expect(token).toMatch(/^kscim_[A-Za-z0-9_-]{43}$/);
  await page.getByRole('button', { name: 'SCIM トークンをコピー' }).click();
  await expect(page.locator('#scim-token-help')).toContainText('コピーしました。');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  await expectNowhere(page, token);
  await expectAccessible(page, 'SCIM トークン発行（完了）');
  const issued = await tokensOfOrganization();
  expect(issued).toEqual([expect.objectContaining({ clientName: 'Microsoft Entra ID', lastUsedAt: null })]);
  expect(JSON.stringify(issued)).not.toContain(token);

  // The provider's first request with it: the organization's members, the manager among them.
  const users = await scimUsers(request, token);
  expect(users.status()).toBe(200);
  const list = (await users.json()) as { totalResults: number; Resources: { userName: string }[] };
  expect(list.totalResults).toBe(2);
  expect(list.Resources.map((u) => u.userName)).toContain(org.manager.loginId);

  // Leaving 完了 drops the token: the list shows the token's row (used now), never the token itself.
  await page.getByRole('link', { name: 'SCIM連携設定へ戻る' }).click();
  await expect(page.getByRole('heading', { name: 'SCIM連携設定', level: 1 })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: 'Microsoft Entra ID' });
  await expect(row).toContainText('利用あり');
  await expect(row).not.toContainText('未使用');
  await expect(row).toContainText(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}/);
  expect(await page.content()).not.toContain(token);
  await expectNowhere(page, token);
  await expectAccessible(page, 'SCIM連携設定');
  await page.goBack();
  await expect(page.getByRole('heading', { name: 'SCIM トークン発行', level: 1 })).toBeVisible();
  await expect(page.getByLabel('連携先の名前')).toBeVisible();
  expect(await page.content()).not.toContain(token);
  await expectNowhere(page, token);
  await menu(page).click();

  // 失効: いいえ changes nothing; no password and a wrong one are refused in the popup, next to the field.
  await row.getByRole('button', { name: 'Microsoft Entra ID の SCIM トークンを失効' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Microsoft Entra ID の SCIM トークンを失効します。');
  await expectAccessible(page, 'SCIM トークンの失効（確認）');
  await dialog.getByRole('button', { name: 'いいえ' }).click();
  await expect(dialog).toHaveCount(0);
  await row.getByRole('button', { name: 'Microsoft Entra ID の SCIM トークンを失効' }).click();
  await dialog.getByRole('button', { name: 'はい' }).click();
  await expect(dialog.locator('#bulk-confirmation-password-error')).toContainText(
    '確認用パスワードを入力してください。',
  );
  await dialog.getByLabel('確認用パスワード').fill('Wrong-pass-1');
  await dialog.getByRole('button', { name: 'はい' }).click();
  await expect(dialog.locator('#bulk-confirmation-password-error')).toContainText(
    '確認用パスワードが正しくありません。',
  );
  expect((await scimUsers(request, token)).status()).toBe(200);
  await dialog.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await dialog.getByRole('button', { name: 'はい' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText('Microsoft Entra ID の SCIM トークンを失効しました。')).toBeVisible();
  await expect(row).toHaveCount(0);
  await expect(page.getByText('SCIM トークンはまだ発行されていません。')).toBeVisible();
  expect(await tokensOfOrganization()).toEqual([]);

  // The provider's next request is refused.
  expect((await scimUsers(request, token)).status()).toBe(401);
  await expectNowhere(page, token);
  expect(await page.content()).not.toContain(token);
});

test('管理責任者でない利用者にはSCIM連携設定のメニューがなく、画面を開いてもAPIが拒否する', async ({
  page,
}) => {
  await signIn(page, org.members[0].loginId, PASSWORD);
  await expect(page.getByRole('heading', { name: 'トップ' })).toBeVisible();
  await expect(menu(page)).toHaveCount(0);
  await page.goto('/organization/scim-tokens');
  await expect(page.getByRole('heading', { name: 'SCIM連携設定', level: 1 })).toBeVisible();
  await expect(page.getByText('この操作を行う権限がありません。')).toBeVisible();
  await signOut(page);
});

test('SCIMトークンが上限の10件あると発行ボタンは押せず、発行画面からの発行も理由を言葉で示して拒否される', async ({
  page,
}) => {
  for (let i = 1; i <= 10; i++) {
    await kanri.current.api(
      'POST',
      `/organizations/${org.orgId}/scim-tokens`,
      { clientName: `IdP ${i}`, confirmationPassword: CONFIRMATION },
      org.token,
    );
  }
  const limit =
    'SCIM トークンは組織あたり 10 件まで発行できます。使っていないトークンを失効してから発行してください。';
  await signIn(page, org.manager.loginId, PASSWORD);
  await expect(page.getByRole('heading', { name: 'トップ' })).toBeVisible();
  await menu(page).click();
  await expect(page.getByRole('row').filter({ hasText: 'IdP 10' })).toContainText('未使用');
  await expect(page.getByText(limit)).toBeVisible();
  await expect(page.getByRole('button', { name: 'SCIM トークン発行' })).toBeDisabled();

  await page.goto('/organization/scim-tokens/new');
  await page.getByLabel('連携先の名前').fill('Okta');
  await page.getByRole('button', { name: '入力内容確認' }).click();
  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await page.getByRole('button', { name: '確定' }).click();
  await expect(page.getByRole('alert').filter({ hasText: limit })).toBeVisible();
  await expect(page.getByLabel('SCIM トークン', { exact: true })).toHaveCount(0);
  expect(await tokensOfOrganization()).toHaveLength(10);
});
