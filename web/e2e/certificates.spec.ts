import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';
import { signIn } from './support/console';
import { useKanri } from './support/kanri';
import { PASSWORD, createOrganization, type Organization } from './organization-setup';
import { makeCsr } from './support/csr';

/**
 * 証明書管理 (manual 002) on screen: the manager registers a domain, pastes a CSR made with openssl, issues a server
 * certificate, downloads it (openssl verifies it against Kanri's chain), revokes it with an RFC 5280 reason, and the
 * CRL Kanri publishes lists its serial number.
 */
const kanri = useKanri();
let org: Organization;
const dir = mkdtempSync(join(tmpdir(), 'kanri-web-certificates-'));

test.beforeAll(async () => {
  org = await createOrganization(kanri.current, 1);
});

function menu(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name, exact: true });
}

test('ドメインを登録し、CSRを貼り付けてサーバ証明書を発行・ダウンロード・失効し、CRLに載る', async ({
  page,
}) => {
  test.slow();
  await signIn(page, org.manager.loginId, PASSWORD);

  await menu(page, 'ドメイン管理').click();
  await expect(page.getByRole('heading', { name: 'ドメイン管理' })).toBeVisible();
  await page.getByRole('textbox', { name: 'ドメイン名' }).fill('kanri-web.example.jp');
  await page.getByRole('button', { name: '登録', exact: true }).click();
  await expect(page.getByText('kanri-web.example.jp を登録しました。')).toBeVisible();
  await expect(page.getByRole('grid', { name: 'ドメイン管理' })).toContainText('kanri-web.example.jp');
  await expectAccessible(page, 'ドメイン管理');

  // A name outside the registered domains is refused next to the host names.
  await menu(page, '証明書発行').click();
  await expect(page.getByRole('heading', { name: '証明書発行', exact: true })).toBeVisible();
  await page
    .getByLabel('証明書署名要求 (CSR)')
    .fill(makeCsr('www.kanri-web.example.jp', { dnsName: 'www.kanri-web.example.jp' }));
  await page.getByLabel('ホスト名').fill('www.not-registered.example.com');
  await expectAccessible(page, '証明書発行（入力）');
  await page.getByRole('button', { name: '入力内容確認' }).click();
  await expectAccessible(page, '証明書発行（入力内容確認）');
  await page.getByRole('button', { name: '確定' }).click();
  const review = page.getByRole('grid', { name: '入力内容' });
  await expect(review.getByRole('row').filter({ hasText: 'ホスト名' })).toContainText('登録');

  await page.getByRole('button', { name: '戻る' }).click();
  await page.getByLabel('ホスト名').fill('www.kanri-web.example.jp');
  await page.getByRole('button', { name: '入力内容確認' }).click();
  await page.getByRole('button', { name: '確定' }).click();
  const done = page.getByText(/証明書を発行しました（シリアル番号 ([0-9A-F]+)）。/);
  await expect(done).toBeVisible();
  const serial = /シリアル番号 ([0-9A-F]+)/.exec((await done.textContent()) ?? '')?.[1] ?? '';
  expect(serial).toMatch(/^[0-9A-F]+$/);

  // The list shows it active; its detail downloads the PEM, which openssl verifies against Kanri's chain.
  await menu(page, '証明書一覧').click();
  const row = page.getByRole('row').filter({ hasText: serial });
  await expect(row).toContainText('サーバ証明書');
  await expect(row).toContainText('有効');
  await expectAccessible(page, '証明書一覧');
  await row.getByRole('link', { name: serial }).click();
  await expect(page.getByRole('heading', { name: '証明書詳細' })).toBeVisible();
  await expectAccessible(page, '証明書詳細');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'PEM でダウンロード', exact: true }).click();
  const pemFile = join(dir, 'www.pem');
  writeFileSync(pemFile, readFileSync(await (await download).path()));
  const chain = await (await fetch(`${kanri.current.baseURL}/api/v1/ca/certificates`)).text();
  writeFileSync(join(dir, 'chain.pem'), chain);
  expect(
    execFileSync('openssl', [
      'verify',
      '-purpose',
      'sslserver',
      '-CAfile',
      join(dir, 'chain.pem'),
      pemFile,
    ]).toString(),
  ).toBe(`${pemFile}: OK\n`);

  // 証明書失効 with keyCompromise: the state changes on screen and the published CRL lists the serial.
  await page.getByLabel('失効理由').selectOption('keyCompromise');
  await page.getByRole('button', { name: '失効する' }).click();
  await expect(page.getByRole('dialog')).toContainText(
    `シリアル番号 ${serial} の証明書を「鍵の危殆化 (keyCompromise)」で失効します。`,
  );
  await page.getByRole('dialog').getByRole('button', { name: 'はい' }).click();
  await expect(page.getByText('失効しました。')).toBeVisible();
  // The detail now says when and why (and offers no renewal or revocation any more).
  await expect(page.getByRole('main')).toContainText('失効日時');
  await expect(page.getByRole('button', { name: '失効する' })).toHaveCount(0);

  writeFileSync(
    join(dir, 'crl.pem'),
    await (await fetch(`${kanri.current.baseURL}/api/v1/ca/crl?format=pem`)).text(),
  );
  const crl = execFileSync('openssl', ['crl', '-in', join(dir, 'crl.pem'), '-noout', '-text']).toString();
  expect(crl.replace(/:/g, '').toUpperCase()).toContain(serial.replace(/^0+/, ''));
  expect(crl).toContain('Key Compromise');

  await menu(page, '発行証明書統計').click();
  await expect(page.getByRole('heading', { name: '発行証明書統計' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('失効 1');
  await expectAccessible(page, '発行証明書統計');
});
