import type { CDPSession, Page } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';
import { signOut } from './support/console';
import { useKanri } from './support/kanri';
import { CONFIRMATION, createOrganization, PASSWORD, type Organization } from './organization-setup';

/**
 * パスキー (SPEC §17) through Chromium's virtual authenticator (CDP WebAuthn domain): a manager registers a passkey
 * on パスキー管理, signs out, and signs in with パスキーでログイン; then, in an organization that requires the
 * passkey step-up, an approval without it is refused and one with it goes through.
 * The confirmation popup (ユーザー一括無効化, ユーザー削除) takes the same step-up there instead of the password.
 *
 * WebAuthn needs a secure context and an RP ID that is a host name: the flow runs on http://localhost:<port>
 * (Kanri's default WEBAUTHN_RP_ID and WEBAUTHN_ORIGINS fit), not on the 127.0.0.1 address the other specs use.
 */
const kanri = useKanri();

async function addVirtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  return { cdp, authenticatorId };
}

/** Today's date in Asia/Tokyo shifted to the next weekday (a transfer executes on a business day). */
function nextWeekday(): { today: string; execution: string } {
  const tokyo = (d: Date) => new Date(d.getTime() + 9 * 3_600_000);
  const now = new Date();
  const today = tokyo(now).toISOString().slice(0, 10);
  let d = tokyo(now);
  while ([0, 6].includes(d.getUTCDay())) d = new Date(d.getTime() + 86_400_000);
  return { today, execution: d.toISOString().slice(0, 10) };
}

/** A transfer request by `requesterToken` for the manager to approve; answers its id. */
async function pendingRequest(
  org: Organization,
  requesterToken: string,
  accountId: string,
  execution: string,
) {
  const request = await kanri.current.api<{ id: string }>(
    'POST',
    `/organizations/${org.orgId}/requests`,
    {
      businessType: 'transfer',
      accountId,
      amount: 10_000,
      payee: { name: 'ヤマダ タロウ', pattern: 'other_branch' },
      executionDate: execution,
      approverIds: [org.manager.id],
    },
    requesterToken,
  );
  return request.id;
}

/**
 * 承認 as the signed-in console would send it, from the page (the console cookie session): with the confirmation
 * password only, or with a passkey step-up taken just before through navigator.credentials.get.
 */
async function approveFromPage(page: Page, orgId: string, requestId: string, byPasskey: boolean) {
  return page.evaluate(
    async ({ orgId, requestId, byPasskey, confirmation }) => {
      const headers = { 'Content-Type': 'application/json', 'X-Kanri-Console': '1' };
      const post = (path: string, body?: unknown) =>
        fetch(`/api/v1${path}`, {
          method: 'POST',
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      const bytes = (s: string) =>
        Uint8Array.from(
          atob(s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4)),
          (c) => c.charCodeAt(0),
        );
      const text = (b: ArrayBuffer | null) =>
        b === null
          ? null
          : btoa(String.fromCharCode(...new Uint8Array(b)))
              .replace(/\+/g, '-')
              .replace(/\//g, '_')
              .replace(/=+$/, '');
      let body: Record<string, unknown> = { confirmationPassword: confirmation };
      if (byPasskey) {
        const options = await (await post('/auth/passkeys/step-up/options')).json();
        const credential = (await navigator.credentials.get({
          publicKey: {
            challenge: bytes(options.challenge),
            rpId: options.rpId,
            allowCredentials: options.allowCredentials.map((c: { id: string }) => ({
              type: 'public-key',
              id: bytes(c.id),
            })),
            userVerification: 'required',
            timeout: options.timeout,
          },
        })) as PublicKeyCredential;
        const response = credential.response as AuthenticatorAssertionResponse;
        const verified = await post('/auth/passkeys/step-up/verify', {
          credential: {
            id: credential.id,
            rawId: text(credential.rawId),
            type: 'public-key',
            response: {
              clientDataJSON: text(response.clientDataJSON),
              authenticatorData: text(response.authenticatorData),
              signature: text(response.signature),
              userHandle: text(response.userHandle),
            },
            clientExtensionResults: {},
          },
        });
        body = { stepUpToken: (await verified.json()).stepUpToken };
      }
      const res = await post(`/organizations/${orgId}/requests/${requestId}/approve`, body);
      return { status: res.status, body: await res.json() };
    },
    { orgId, requestId, byPasskey, confirmation: CONFIRMATION },
  );
}

test('パスキーを登録し、ログアウト後にパスキーでログインする。パスキー必須の組織では承認にパスキーが必要', async ({
  page,
}) => {
  const k = kanri.current;
  const base = k.baseURL.replace('127.0.0.1', 'localhost');
  const org = await createOrganization(k, 2);
  const [requester] = org.members;
  const { today, execution } = nextWeekday();
  await k.api(
    'POST',
    '/fees/standard',
    {
      effectiveFrom: today,
      rows: ['same_branch', 'other_branch', 'other_bank'].map((pattern) => ({
        from: 0,
        to: null,
        pattern,
        fee: 330,
      })),
    },
    await k.asOperator(),
  );
  const account = await k.api<{ id: string }>(
    'POST',
    `/organizations/${org.orgId}/accounts`,
    {
      confirmationPassword: CONFIRMATION,
      branchCode: '081',
      branchName: '法人営業部',
      accountType: 'ordinary',
      accountNumber: '1234567',
      accountName: 'カ）カンリ',
      dailyLimits: {},
    },
    org.token,
  );
  await k.api(
    'PUT',
    `/organizations/${org.orgId}/users/${requester.id}/permissions`,
    { confirmationPassword: CONFIRMATION, permissions: [{ permission: 'approvals.request.transfer' }] },
    org.token,
  );
  await k.api(
    'PUT',
    `/organizations/${org.orgId}/users/${requester.id}/usable-accounts`,
    { confirmationPassword: CONFIRMATION, accountIds: [account.id] },
    org.token,
  );
  const requesterToken = await k.login(requester.loginId, PASSWORD);

  const { cdp, authenticatorId } = await addVirtualAuthenticator(page);
  // パスキー管理: register this device's passkey under a name.
  await signInAndRegisterPasskey(page, base, org.manager.loginId);
  const row = page.getByRole('row', { name: /業務用ノートPC/ });
  await expect(row).toBeVisible();
  await expect(row).toContainText('この端末のみ');
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0].isResidentCredential).toBe(true);
  await expectAccessible(page, 'passkeys');

  // Sign out, then in again with the passkey alone (no login ID typed).
  await signOut(page);
  await page.getByRole('button', { name: 'パスキーでログイン' }).click();
  await expect(page.getByRole('heading', { name: 'トップ' })).toBeVisible();
  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: 'パスキー管理' })
    .click();
  await expect(row).toBeVisible();
  await expect(row).not.toContainText('—'); // 最終利用日時 is set now

  // The organization requires the passkey step-up (a confirm operation, still with the password here).
  await k.api(
    'PATCH',
    `/organizations/${org.orgId}/security-settings`,
    { passkeyStepUp: true, confirmationPassword: CONFIRMATION },
    org.token,
  );
  const refusedId = await pendingRequest(org, requesterToken, account.id, execution);
  const refused = await approveFromPage(page, org.orgId, refusedId, false);
  expect(refused.status).toBe(403);
  expect(refused.body.code).toBe('PASSKEY_STEP_UP_REQUIRED');

  const approved = await approveFromPage(page, org.orgId, refusedId, true);
  expect(approved.status).toBe(200);
  expect(approved.body.status).toBe('approved');
  const after = await k.api<{ status: string }>(
    'GET',
    `/organizations/${org.orgId}/requests/${refusedId}`,
    undefined,
    org.token,
  );
  expect(after.status).toBe('approved');

  // The console's confirm step (here 権限設定) asks for the passkey instead of the confirmation password.
  await page.goto(`${base}/users/${requester.id}`);
  await page.getByRole('button', { name: '権限設定' }).click();
  await expect(page.getByRole('heading', { name: '権限設定', exact: true })).toBeVisible();
  await page.getByRole('checkbox', { name: 'ユーザー管理', exact: true }).check();
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await expect(
    page.getByText('確認用パスワードの代わりにパスキーで本人確認します', { exact: false }),
  ).toBeVisible();
  await expect(page.getByLabel('確認用パスワード')).toHaveCount(0);
  await page.getByRole('button', { name: '確定' }).click();
  await expect(page.getByRole('heading', { name: '権限設定（完了）' })).toBeVisible();
  const grants = await k.api<{ permissions: { permission: string }[] }>(
    'GET',
    `/organizations/${org.orgId}/users/${requester.id}/permissions`,
    undefined,
    org.token,
  );
  expect(grants.permissions.map((g) => g.permission)).toContain('users.manage');
});

/**
 * Signs in on `base` (localhost: passkeys need it, while the sign-in helper opens the spec's 127.0.0.1 base URL) with
 * the password and registers this device's first passkey on パスキー管理 as 業務用ノートPC.
 */
async function signInAndRegisterPasskey(page: Page, base: string, loginId: string) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('ログインID').fill(loginId);
  await page.getByLabel('パスワード', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'トップ' })).toBeVisible();
  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: 'パスキー管理' })
    .click();
  await expect(page.getByRole('heading', { name: 'パスキー管理' })).toBeVisible();
  await expect(page.getByText('登録されたパスキーはありません。')).toBeVisible();
  await page.getByLabel('新しいパスキーの名前').fill('業務用ノートPC');
  await page.getByRole('button', { name: 'パスキーを登録する' }).click();
  await expect(page.getByText('パスキーを登録しました。')).toBeVisible();
}

test('パスキー必須の組織では、確認ポップアップ（ユーザー一括無効化・ユーザー削除）もパスキーで本人確認して実行される', async ({
  page,
}) => {
  const k = kanri.current;
  const base = k.baseURL.replace('127.0.0.1', 'localhost');
  const org = await createOrganization(k, 4);
  const [first, second, third] = org.members;
  const { cdp, authenticatorId } = await addVirtualAuthenticator(page);
  const signCount = async () =>
    (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials[0].signCount;
  const user = (id: string) =>
    k.api<{ status: { disabled: boolean } }>(
      'GET',
      `/organizations/${org.orgId}/users/${id}`,
      undefined,
      org.token,
    );

  await signInAndRegisterPasskey(page, base, org.manager.loginId);
  await k.api(
    'PATCH',
    `/organizations/${org.orgId}/security-settings`,
    { passkeyStepUp: true, confirmationPassword: CONFIRMATION },
    org.token,
  );

  // ユーザー一括無効化: no password field; はい takes the step-up and the two members are disabled.
  await page.goto(`${base}/users`);
  await expect(page.getByRole('heading', { name: 'ユーザー一覧' })).toBeVisible();
  for (const m of [first, second]) await page.getByRole('checkbox', { name: `${m.loginId} を選択` }).check();
  await page.getByRole('button', { name: 'ユーザー一括無効化' }).click();
  const bulk = page.getByRole('dialog', { name: 'ユーザー一括無効化' });
  await expect(bulk).toContainText('選択した 2 名のユーザーを無効化します。');
  await expect(bulk).toContainText('確認用パスワードの代わりにパスキーで本人確認します');
  await expect(bulk.getByLabel('確認用パスワード')).toHaveCount(0);
  await expectAccessible(page, 'ユーザー一括無効化（パスキー）');
  const before = await signCount();
  await bulk.getByRole('button', { name: 'はい' }).click();
  await expect(bulk).toBeHidden();
  expect(await signCount()).toBeGreaterThan(before);
  expect((await user(first.id)).status.disabled).toBe(true);
  expect((await user(second.id)).status.disabled).toBe(true);
  expect((await user(third.id)).status.disabled).toBe(false);

  // ユーザー削除 from ユーザー詳細: the same popup, the same step-up; the member is gone.
  await page.goto(`${base}/users/${third.id}`);
  await page.getByRole('button', { name: '削除', exact: true }).click();
  const removal = page.getByRole('dialog', { name: 'ユーザー削除' });
  await expect(removal).toContainText(`ユーザー ${third.loginId} を削除します。よろしいですか？`);
  await expect(removal.getByLabel('確認用パスワード')).toHaveCount(0);
  const beforeDelete = await signCount();
  await removal.getByRole('button', { name: 'はい' }).click();
  await expect(page.getByRole('heading', { name: 'ユーザー一覧' })).toBeVisible();
  expect(await signCount()).toBeGreaterThan(beforeDelete);
  await expect(user(third.id)).rejects.toThrow(/: 404 /);
});
