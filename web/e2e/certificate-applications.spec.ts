import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';
import { signIn, signOut } from './support/console';
import { useKanri } from './support/kanri';
import { CONFIRMATION, PASSWORD, createOrganization, type Organization } from './organization-setup';
import { makeCsr } from './support/csr';

/**
 * 証明書申請 (manual 002, SPEC §15) on screen: a member holding certificates.request applies with a CSR; the
 * registration officer (the manager) approves it in 証明書申請一覧 and a certificate is issued, whose 利用管理者 the
 * officer then moves to another member; a rejected application shows its reason to the applicant; an application
 * for a key Kanri generates is collected once as a PKCS#12 protected by the password the applicant types.
 */
const kanri = useKanri();
let org: Organization;
const dir = mkdtempSync(join(tmpdir(), 'kanri-web-applications-'));
const DOMAIN = 'kanri-apply.example.jp';

test.beforeAll(async () => {
  org = await createOrganization(kanri.current, 2, '株式会社申請');
  await kanri.current.api('POST', `/organizations/${org.orgId}/domains`, { domain: DOMAIN }, org.token);
  await kanri.current.api(
    'PUT',
    `/organizations/${org.orgId}/users/${org.members[0].id}/permissions`,
    { permissions: [{ permission: 'certificates.request' }], confirmationPassword: CONFIRMATION },
    org.token,
  );
});

function menu(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name, exact: true });
}

/** 証明書申請 through its three steps; answers the application's detail URL. */
async function apply(page: Page, fill: () => Promise<void>, screen?: string): Promise<void> {
  await menu(page, '証明書申請一覧').click();
  await expect(page.getByRole('heading', { name: '証明書申請一覧' })).toBeVisible();
  await page.getByRole('main').getByRole('link', { name: '証明書申請', exact: true }).click();
  await expect(page.getByRole('heading', { name: '証明書申請', exact: true })).toBeVisible();
  await fill();
  if (screen) await expectAccessible(page, `${screen}（入力）`);
  await page.getByRole('button', { name: '入力内容確認' }).click();
  if (screen) await expectAccessible(page, `${screen}（入力内容確認）`);
  await page.getByRole('button', { name: '確定' }).click();
  await expect(page.getByText('証明書を申請しました。登録担当者の承認をお待ちください。')).toBeVisible();
  await page.getByRole('link', { name: '申請を表示' }).click();
  await expect(page.getByRole('heading', { name: '証明書申請詳細' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('承認待ち');
}

/** The officer opens the pending application naming `host` from the queue. */
async function openPending(page: Page, host: string): Promise<void> {
  await menu(page, '証明書申請一覧').click();
  await page.getByRole('button', { name: '承認待ち' }).click();
  const row = page.getByRole('row').filter({ hasText: host });
  await expect(row).toContainText('承認待ち');
  await row.getByRole('link').click();
  await expect(page.getByRole('heading', { name: '証明書申請詳細' })).toBeVisible();
}

test('CSRで申請し、登録担当者が承認すると証明書が発行され、利用管理者を別の利用者に変更できる', async ({
  page,
}) => {
  test.slow();
  const host = `www.${DOMAIN}`;
  const applicant = org.members[0];
  await signIn(page, applicant.loginId, PASSWORD);
  await menu(page, '証明書申請一覧').click();
  await expectAccessible(page, '証明書申請一覧（申請者・空）');
  await apply(
    page,
    async () => {
      await page.getByLabel('証明書署名要求 (CSR)').fill(makeCsr(host, { dnsName: host }));
    },
    '証明書申請',
  );
  await expectAccessible(page, '証明書申請詳細（承認待ち）');
  // The applicant has no 承認 / 却下.
  await expect(page.getByRole('button', { name: '承認' })).toHaveCount(0);
  await signOut(page);

  await signIn(page, org.manager.loginId, PASSWORD);
  await openPending(page, host);
  await expectAccessible(page, '証明書申請詳細（登録担当者）');
  await page.getByRole('button', { name: '承認', exact: true }).click();
  await expect(page.getByRole('dialog')).toContainText('この申請を承認し、証明書を発行します。');
  await page.getByRole('dialog').getByRole('button', { name: 'はい' }).click();
  await expect(page.getByText('承認しました。')).toBeVisible();
  await expect(page.getByRole('main')).toContainText('発行済み');

  // The certificate exists: its detail names the host, and the database holds it for the application.
  await page.getByRole('link', { name: '発行された証明書を表示' }).click();
  await expect(page.getByRole('heading', { name: '証明書詳細' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText(host);
  const certificateId = /certificates\/list\/([0-9a-f-]{36})/.exec(page.url())?.[1] ?? '';
  const certificate = await kanri.current.api<{
    status: string;
    dnsNames: string[];
    responsibleUserId: string;
  }>('GET', `/organizations/${org.orgId}/certificates/${certificateId}`, undefined, org.token);
  expect(certificate).toMatchObject({ status: 'active', dnsNames: [host], responsibleUserId: applicant.id });

  // 利用管理者情報更新: the officer moves the certificate to the manager after a confirmation.
  await expect(page.getByRole('heading', { name: '利用管理者情報更新' })).toBeVisible();
  await expectAccessible(page, '証明書詳細（利用管理者情報更新）');
  await page.getByLabel('新しい利用管理者').selectOption({ label: `管理 花子 (${org.manager.loginId})` });
  await page.getByRole('button', { name: '利用管理者を変更' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'はい' }).click();
  await expect(
    page.getByText(`利用管理者を 管理 花子 (${org.manager.loginId}) に変更しました。`),
  ).toBeVisible();
  const moved = await kanri.current.api<{ responsibleUserId: string }>(
    'GET',
    `/organizations/${org.orgId}/certificates/${certificateId}`,
    undefined,
    org.token,
  );
  expect(moved.responsibleUserId).toBe(org.manager.id);
});

test('却下された申請は、申請者の画面に却下理由とともに表示される', async ({ page }) => {
  test.slow();
  const host = `reject.${DOMAIN}`;
  const reason = 'ホスト名の利用目的が確認できません';
  await signIn(page, org.members[0].loginId, PASSWORD);
  await apply(page, async () => {
    await page.getByLabel('証明書署名要求 (CSR)').fill(makeCsr(host, { dnsName: host }));
  });
  await signOut(page);

  await signIn(page, org.manager.loginId, PASSWORD);
  await openPending(page, host);
  // No reason: refused next to the field, nothing sent.
  await page.getByRole('button', { name: '却下', exact: true }).click();
  await expect(page.getByText('却下理由を入力してください。')).toBeVisible();
  await page.getByLabel('却下理由').fill(reason);
  await page.getByRole('button', { name: '却下', exact: true }).click();
  await expect(page.getByRole('dialog')).toContainText(`この申請を「${reason}」で却下します。`);
  await page.getByRole('dialog').getByRole('button', { name: 'はい' }).click();
  await expect(page.getByText('却下しました。')).toBeVisible();
  await expect(page.getByRole('button', { name: '承認', exact: true })).toHaveCount(0);
  await signOut(page);

  await signIn(page, org.members[0].loginId, PASSWORD);
  await menu(page, '証明書申請一覧').click();
  await page.getByRole('button', { name: '却下' }).click();
  const row = page.getByRole('row').filter({ hasText: host });
  await expect(row).toContainText('却下');
  await row.getByRole('link').click();
  await expect(page.getByRole('main')).toContainText('却下理由');
  await expect(page.getByRole('main')).toContainText(reason);
  await expectAccessible(page, '証明書申請詳細（却下）');
  // No certificate was issued for it.
  const list = await kanri.current.api<{ items: { dnsNames: string[] }[] }>(
    'GET',
    `/organizations/${org.orgId}/certificates?perPage=100`,
    undefined,
    org.token,
  );
  expect(list.items.filter((c) => c.dnsNames.includes(host))).toHaveLength(0);
});

test('Kanriが鍵を生成する申請は、承認後に申請者が入力したパスワードのPKCS#12として一度だけ受け取れる', async ({
  page,
}) => {
  test.slow();
  const host = `generated.${DOMAIN}`;
  const password = 'Pkcs12-Password-2026';
  await signIn(page, org.members[0].loginId, PASSWORD);
  await apply(page, async () => {
    await page.getByRole('radio', { name: 'Kanri で鍵を生成' }).check();
    await page.getByLabel('ホスト名').fill(host);
  });
  await signOut(page);

  await signIn(page, org.manager.loginId, PASSWORD);
  await openPending(page, host);
  await page.getByRole('button', { name: '承認', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'はい' }).click();
  await expect(page.getByRole('main')).toContainText('承認済み（受け取り待ち）');
  // Only the applicant collects it.
  await expect(page.getByRole('heading', { name: '証明書受け取り' })).toHaveCount(0);
  await signOut(page);

  await signIn(page, org.members[0].loginId, PASSWORD);
  await menu(page, '証明書申請一覧').click();
  await page.getByRole('row').filter({ hasText: host }).getByRole('link').click();
  await expect(page.getByRole('heading', { name: '証明書受け取り' })).toBeVisible();
  await expectAccessible(page, '証明書受け取り');
  await page.getByLabel(/^PKCS#12 のパスワード\s*\*?$/).fill(password);
  await page.getByLabel('PKCS#12 のパスワード（確認）').fill('Something-else-2026');
  await page.getByRole('button', { name: 'PKCS#12 をダウンロード' }).click();
  await expect(page.getByText('パスワードが一致しません。')).toBeVisible();
  await page.getByLabel('PKCS#12 のパスワード（確認）').fill(password);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'PKCS#12 をダウンロード' }).click();
  const file = join(dir, 'generated.p12');
  writeFileSync(file, readFileSync(await (await download).path()));
  await expect(page.getByText(/を保存しました。このファイルは再ダウンロードできません。/)).toBeVisible();
  await expect(page.getByRole('main')).toContainText('発行済み');
  await expect(page.getByRole('heading', { name: '証明書受け取り' })).toHaveCount(0);
  // The password typed opens it; it holds the key and the certificate for the host.
  const text = execFileSync('openssl', [
    'pkcs12',
    '-in',
    file,
    '-passin',
    `pass:${password}`,
    '-nodes',
  ]).toString();
  expect(text).toContain('PRIVATE KEY');
  expect(text).toMatch(new RegExp(`CN ?= ?${host.replace(/\./g, '\\.')}`));
  expect(await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }))).not.toContain(
    password,
  );
});

test('更新申請と一括申請（TSV）: 誤りのあるファイルは行ごとの理由を示して何も登録せず、正しいファイルは申請になる', async ({
  page,
}) => {
  test.slow();
  await signIn(page, org.manager.loginId, PASSWORD);

  // 証明書更新申請 of the certificate issued for www, with the same key; approved, it is renewed.
  const www = `www.${DOMAIN}`;
  await menu(page, '証明書申請一覧').click();
  await page.getByRole('link', { name: '証明書更新申請' }).click();
  await expect(page.getByRole('heading', { name: '証明書更新申請' })).toBeVisible();
  const option = await page.locator('#renewal-certificate option', { hasText: www }).textContent();
  await page.getByRole('combobox', { name: /^更新する証明書\s*\*?$/ }).selectOption({ label: option ?? '' });
  await expectAccessible(page, '証明書更新申請（入力）');
  await page.getByRole('button', { name: '入力内容確認' }).click();
  await expect(page.getByRole('grid', { name: '入力内容' })).toContainText('同じ鍵で更新');
  await page.getByRole('button', { name: '確定' }).click();
  await expect(page.getByText('更新を申請しました。登録担当者の承認をお待ちください。')).toBeVisible();
  await page.getByRole('link', { name: '申請を表示' }).click();
  await expect(page.getByRole('main')).toContainText('更新');
  await page.getByRole('button', { name: '承認', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'はい' }).click();
  await expect(page.getByRole('main')).toContainText('発行済み');
  await page.getByRole('link', { name: '発行された証明書を表示' }).click();
  await expect(page.getByRole('main')).toContainText('更新元');

  // 証明書一括申請: the export's own format. A line naming no certificate of the organization refuses the file.
  const res = await fetch(
    `${kanri.current.baseURL}/api/v1/organizations/${org.orgId}/certificates/export?format=tsv`,
    { headers: { Authorization: `Bearer ${org.token}` } },
  );
  const exported = (await res.text()).replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = exported[0];
  const generated = exported.find((line) => line.includes(`generated.${DOMAIN}`));
  expect(generated).toBeDefined();
  const unknown = ['ABCDEF0123', ...generated!.split('\t').slice(1)].join('\t');

  await menu(page, '証明書申請一覧').click();
  await page.getByRole('link', { name: '証明書一括申請' }).click();
  await expect(page.getByRole('heading', { name: '証明書一括申請' })).toBeVisible();
  await expectAccessible(page, '証明書一括申請（入力）');
  await page.locator('input[type=file]').setInputFiles({
    name: 'bad.tsv',
    mimeType: 'text/tab-separated-values',
    buffer: Buffer.from(`${header}\n${unknown}\n`),
  });
  await page.getByRole('button', { name: '入力内容確認' }).click();
  await expect(page.getByRole('grid', { name: '入力内容' })).toContainText('1 行');
  await page.getByRole('button', { name: '確定' }).click();
  await expect(page.getByText(/2 行目（シリアル番号）/)).toBeVisible();
  const before = await kanri.current.api<{ total: number }>(
    'GET',
    `/organizations/${org.orgId}/certificate-applications?status=pending`,
    undefined,
    org.token,
  );
  expect(before.total).toBe(0);

  await page.getByRole('button', { name: '戻る' }).click();
  await page.locator('input[type=file]').setInputFiles({
    name: 'renew.tsv',
    mimeType: 'text/tab-separated-values',
    buffer: Buffer.from(`${header}\n${generated}\n`),
  });
  await page.getByRole('button', { name: '入力内容確認' }).click();
  await page.getByRole('button', { name: '確定' }).click();
  await expect(page.getByText('1 件の申請を登録しました。')).toBeVisible();
  await expectAccessible(page, '証明書一括申請（完了）');
  const after = await kanri.current.api<{ total: number; items: { kind: string; dnsNames: string[] }[] }>(
    'GET',
    `/organizations/${org.orgId}/certificate-applications?status=pending`,
    undefined,
    org.token,
  );
  expect(after.total).toBe(1);
  expect(after.items[0]).toMatchObject({ kind: 'renewal', dnsNames: [`generated.${DOMAIN}`] });
});
