import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';
import { signIn } from './support/console';
import { useKanri } from './support/kanri';
import {
  CONFIRMATION,
  PASSWORD,
  createOrganization,
  type Member,
  type Organization,
} from './organization-setup';
import { makeCsr } from './support/csr';

/**
 * クライアント証明書 and 電子証明書失効 (manual 001 利用者管理 → 証明書失効, SPEC §3.6 and §7): the manager opens a
 * member's ユーザー詳細, follows the link to the certificates the member signs in with, and revokes them with an
 * RFC 5280 reason → 入力内容確認 with the 確認用パスワード → 完了. A wrong confirmation password is refused next to
 * the field and revokes nothing; afterwards the list shows them revoked, and so do the API (whose record the
 * certificate sign-in checks) and the CRL Kanri publishes. An administrator without certificates.manage gets no link.
 */
const kanri = useKanri();
let org: Organization;
let holder: Member;
let administrator: Member;
const issued: { id: string; serialNumber: string }[] = [];
const dir = mkdtempSync(join(tmpdir(), 'kanri-web-client-certificates-'));

test.beforeAll(async () => {
  org = await createOrganization(kanri.current, 3, '株式会社証明書');
  [holder, administrator] = org.members;
  // Two client certificates for the member (a laptop and a spare), issued by the manager as 証明書発行 does.
  for (const name of ['Taro Suzuki laptop', 'Taro Suzuki spare']) {
    issued.push(
      await kanri.current.api<{ id: string; serialNumber: string }>(
        'POST',
        `/organizations/${org.orgId}/certificates`,
        { type: 'client', csr: makeCsr(name), subjectUserId: holder.id },
        org.token,
      ),
    );
  }
  // An administrator of the members who is no registration officer (users.manage without certificates.manage).
  await kanri.current.api(
    'PUT',
    `/organizations/${org.orgId}/users/${administrator.id}/permissions`,
    { permissions: [{ permission: 'users.manage' }], confirmationPassword: CONFIRMATION },
    org.token,
  );
});

function menu(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name, exact: true });
}

async function openDetail(page: Page, loginId: string) {
  await menu(page, 'ユーザー一覧').click();
  await page.getByRole('link', { name: loginId, exact: true }).click();
  await expect(page.getByRole('heading', { name: 'ユーザー詳細', exact: true })).toBeVisible();
}

/** The member's client certificates as the API reports them (Playwright's request, the manager's token). */
async function certificatesInApi(
  request: APIRequestContext,
): Promise<{ id: string; serialNumber: string; status: string; revocationReason: string | null }[]> {
  const res = await request.get(
    `${kanri.current.baseURL}/api/v1/organizations/${org.orgId}/users/${holder.id}/client-certificates`,
    { headers: { Authorization: `Bearer ${org.token}` } },
  );
  expect(res.status()).toBe(200);
  return ((await res.json()) as { items: never[] }).items;
}

test('ユーザー詳細からクライアント証明書を開き、失効理由と確認用パスワードで失効すると一覧とAPIとCRLが失効を示す', async ({
  page,
  request,
}) => {
  test.slow();
  await signIn(page, org.manager.loginId, PASSWORD);
  await openDetail(page, holder.loginId);
  await expectAccessible(page, 'ユーザー詳細（クライアント証明書へのリンク）');
  await page.getByRole('link', { name: 'クライアント証明書', exact: true }).click();

  // クライアント証明書: both certificates, active, with their subject and validity.
  await expect(page.getByRole('heading', { name: 'クライアント証明書', exact: true })).toBeVisible();
  await expect(
    page.getByText(`鈴木 太郎1（${holder.loginId}）がログインに使うクライアント証明書です。`),
  ).toBeVisible();
  const table = page.getByRole('grid', { name: 'クライアント証明書' });
  for (const [i, c] of issued.entries()) {
    const row = table.getByRole('row').filter({ hasText: c.serialNumber });
    await expect(row).toContainText(i === 0 ? 'CN=Taro Suzuki laptop' : 'CN=Taro Suzuki spare');
    await expect(row).toContainText('有効');
    // 有効期間（開始） and 有効期限: the default client validity, 365 days.
    const from = await row.getByRole('gridcell').nth(2).textContent();
    const to = await row.getByRole('gridcell').nth(3).textContent();
    expect(from).toMatch(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(Number(to?.slice(0, 4))).toBe(Number(from?.slice(0, 4)) + 1);
  }
  await expectAccessible(page, 'クライアント証明書');

  // 電子証明書失効: the reason on the input step, then the review with the 確認用パスワード.
  await page.getByRole('link', { name: '電子証明書失効' }).click();
  await expect(page.getByRole('heading', { name: '電子証明書失効', exact: true })).toBeVisible();
  await expect(page.getByText('有効なクライアント証明書 2 件をすべて失効します。')).toBeVisible();
  await page.getByLabel('失効理由').selectOption('privilegeWithdrawn');
  await expectAccessible(page, '電子証明書失効（入力）');
  await page.getByRole('button', { name: '入力内容確認' }).click();
  const review = page.getByRole('grid', { name: '入力内容' });
  await expect(review.getByRole('row').filter({ hasText: '失効理由' })).toContainText(
    '権限の取り消し (privilegeWithdrawn)',
  );
  for (const c of issued)
    await expect(review.getByRole('row').filter({ hasText: '失効する証明書' })).toContainText(c.serialNumber);
  await expect(review.getByRole('row').filter({ hasText: 'ユーザー' })).toContainText(holder.loginId);
  await expectAccessible(page, '電子証明書失効（入力内容確認）');

  // A wrong 確認用パスワード: refused under the field, and nothing is revoked.
  const password = page.getByLabel('確認用パスワード');
  await password.fill('Wrong-kakunin-1');
  await page.getByRole('button', { name: '確定' }).click();
  await expect(page.locator('#confirmation-password-error')).toContainText(
    '確認用パスワードが正しくありません。',
  );
  await expect(password).toHaveAccessibleDescription(/確認用パスワードが正しくありません。/);
  await expect(page.getByRole('heading', { name: '電子証明書失効（入力内容確認）' })).toBeVisible();
  expect((await certificatesInApi(request)).map((c) => c.status)).toEqual(['active', 'active']);

  await password.fill(CONFIRMATION);
  await page.getByRole('button', { name: '確定' }).click();
  const done = page.getByText(/^2 件のクライアント証明書を失効しました（シリアル番号 .+）。$/);
  await expect(done).toBeVisible();
  for (const c of issued) await expect(done).toContainText(c.serialNumber);
  await expectAccessible(page, '電子証明書失効（完了）');

  // The list now shows both revoked, when and why, and offers no revocation any more.
  await page.getByRole('link', { name: 'クライアント証明書へ戻る' }).click();
  await expect(page.getByRole('heading', { name: 'クライアント証明書', exact: true })).toBeVisible();
  for (const c of issued) {
    const row = table.getByRole('row').filter({ hasText: c.serialNumber });
    await expect(row).toContainText('失効');
    await expect(row).toContainText('権限の取り消し (privilegeWithdrawn)');
  }
  await expect(page.getByRole('link', { name: '電子証明書失効' })).toHaveCount(0);
  await expectAccessible(page, 'クライアント証明書（失効後）');

  // The API says revoked — the record the certificate sign-in checks on every attempt — and the CRL lists them.
  const after = await certificatesInApi(request);
  expect(after.map((c) => c.id).sort()).toEqual(issued.map((c) => c.id).sort());
  for (const c of after)
    expect(c).toMatchObject({ status: 'revoked', revocationReason: 'privilegeWithdrawn' });
  writeFileSync(
    join(dir, 'crl.pem'),
    await (await request.get(`${kanri.current.baseURL}/api/v1/ca/crl?format=pem`)).text(),
  );
  const crl = execFileSync('openssl', ['crl', '-in', join(dir, 'crl.pem'), '-noout', '-text'])
    .toString()
    .replace(/:/g, '')
    .toUpperCase();
  for (const c of issued) expect(crl).toContain(c.serialNumber.replace(/^0+/, ''));
  expect(crl).toContain('PRIVILEGE WITHDRAWN');
});

test('certificates.manage のない管理者のユーザー詳細にはクライアント証明書へのリンクがない', async ({
  page,
}) => {
  await signIn(page, administrator.loginId, PASSWORD);
  await openDetail(page, holder.loginId);
  await expect(page.getByRole('button', { name: '権限設定' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'クライアント証明書', exact: true })).toHaveCount(0);
});
