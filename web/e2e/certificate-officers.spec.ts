import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';
import { signIn, signOut } from './support/console';
import { OPERATOR, useKanri } from './support/kanri';
import { CONFIRMATION, createOrganization, type Organization } from './organization-setup';
import { makeCsr } from './support/csr';

/**
 * 登録担当者 (manual 002 §2) on screen: the system operator registers a member as the organization's registration
 * officer and sees the access PIN once, with the warning that it will not be shown again; once the screen is left
 * the PIN is nowhere (page, URL, browser storage). The officer opens the mailed link's public page without signing
 * in, a wrong PIN is refused, the right PIN and a CSR give a client certificate that openssl verifies against
 * Kanri's chain. A new link shows a new PIN, again once. 削除 (with the 確認用パスワード) ends the officer's role: the
 * officer stays listed as 削除済み without actions, the certificate is revoked and the unused link no longer works.
 */
const kanri = useKanri();
let org: Organization;
const dir = mkdtempSync(join(tmpdir(), 'kanri-web-officers-'));

test.beforeAll(async () => {
  org = await createOrganization(kanri.current, 2, '株式会社登録担当');
});

function menu(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name, exact: true });
}

async function storedEverywhere(page: Page): Promise<string> {
  return page.evaluate(
    () => `${location.href} ${JSON.stringify({ ...localStorage, ...sessionStorage })} ${document.cookie}`,
  );
}

test('運用者が登録担当者を登録するとアクセスPINが一度だけ表示され、公開の証明書取得画面でそのPINとCSRから証明書を取得できる', async ({
  page,
}) => {
  test.slow();
  const member = org.members[0];
  await signIn(page, OPERATOR.loginId, OPERATOR.password);
  await menu(page, '登録担当者登録').click();
  await expect(page.getByRole('heading', { name: '登録担当者一覧' })).toBeVisible();
  await expectAccessible(page, '登録担当者一覧（空）');

  await page.getByRole('main').getByRole('link', { name: '登録担当者登録' }).click();
  await expect(page.getByRole('heading', { name: '登録担当者登録', exact: true })).toBeVisible();
  // Nothing chosen: refused next to the fields, before anything is sent.
  await page.getByRole('button', { name: '入力内容確認' }).click();
  await expect(page.locator('#officer-organization-error')).toContainText('組織を選択してください。');
  await expect(page.locator('#officer-name-romaji-error')).toBeVisible();
  await page
    .getByRole('combobox', { name: /^組織\s*\*?$/ })
    .selectOption({ label: `株式会社登録担当 (${org.code})` });
  await page
    .getByRole('combobox', { name: /^利用者\s*\*?$/ })
    .selectOption({ label: `鈴木 太郎1 (${member.loginId})` });
  await page.getByLabel('登録担当者氏名（英字）').fill('Taro Suzuki');
  await expectAccessible(page, '登録担当者登録（入力）');
  await page.getByRole('button', { name: '入力内容確認' }).click();
  const review = page.getByRole('grid', { name: '入力内容' });
  await expect(review).toContainText('Taro Suzuki');
  await expect(review).toContainText(member.loginId);
  await expectAccessible(page, '登録担当者登録（入力内容確認）');
  await page.getByRole('button', { name: '確定' }).click();

  // 完了: the PIN once, with the warning.
  await expect(
    page.getByText('Taro Suzuki を登録担当者として登録し、証明書取得URLをメールで送りました。'),
  ).toBeVisible();
  await expect(page.getByText(/アクセスPINはこの画面でしか表示されず、再表示できません。/)).toBeVisible();
  const pin = (await page.getByLabel('アクセスPIN', { exact: true }).inputValue()).trim();
  expect(pin).toMatch(/^[A-HJKMNP-Z2-9]{10}$/);
  expect(await storedEverywhere(page)).not.toContain(pin);
  await expectAccessible(page, '登録担当者登録（完了）');

  // Leaving the screen drops it: the list does not show it, nor does coming back (history or the menu).
  await page.getByRole('link', { name: '登録担当者一覧へ戻る' }).click();
  await expect(page.getByRole('heading', { name: '登録担当者一覧' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'Taro Suzuki' })).toContainText('株式会社登録担当');
  expect(await page.content()).not.toContain(pin);
  await page.goBack();
  await expect(page.getByRole('heading', { name: '登録担当者登録', exact: true })).toBeVisible();
  await expect(page.getByLabel('登録担当者氏名（英字）')).toBeVisible();
  expect(await page.content()).not.toContain(pin);
  expect(await storedEverywhere(page)).not.toContain(pin);
  await menu(page, '登録担当者登録').click();
  await expectAccessible(page, '登録担当者一覧');
  expect(await page.content()).not.toContain(pin);

  // The mail carries the link to the public page, never the PIN.
  const [mail] = await kanri.current.outbox('user1@example.jp');
  expect(mail.subject).toBe('【Kanri】登録担当者用証明書発行受付通知');
  expect(mail.text).not.toContain(pin);
  const link = /\/officer-enrolment\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0] ?? '';
  expect(link).not.toBe('');
  await signOut(page);

  // 登録担当者用証明書取得, signed out: a wrong PIN is refused, then the right one with a CSR issues the certificate.
  await page.goto(link);
  await expect(page.getByRole('heading', { name: '登録担当者用証明書取得' })).toBeVisible();
  await expectAccessible(page, '登録担当者用証明書取得');
  await page.getByLabel('アクセスPIN').fill('AAAAAAAAAA');
  await page.getByLabel('証明書署名要求 (CSR)').fill(makeCsr('Taro Suzuki'));
  await page.getByRole('button', { name: '証明書取得' }).click();
  await expect(page.getByText('アクセスPINが正しくありません。')).toBeVisible();
  await expect(page.getByRole('heading', { name: '登録担当者用証明書取得' })).toBeVisible();
  expect(page.url()).not.toContain('AAAAAAAAAA');

  await page.getByLabel('アクセスPIN').fill(pin.toLowerCase());
  await page.getByRole('button', { name: '証明書取得' }).click();
  const issued = page.getByText(/登録担当者用証明書を発行しました（シリアル番号 ([0-9A-F]+)、/);
  await expect(issued).toBeVisible();
  expect(page.url()).not.toContain(pin);
  expect(await storedEverywhere(page)).not.toContain(pin);
  await expectAccessible(page, '登録担当者用証明書取得（完了）');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '証明書をダウンロード（チェーン付き PEM）' }).click();
  const pemFile = join(dir, 'officer.pem');
  writeFileSync(pemFile, readFileSync(await (await download).path()));
  writeFileSync(
    join(dir, 'chain.pem'),
    await (await fetch(`${kanri.current.baseURL}/api/v1/ca/certificates`)).text(),
  );
  expect(
    execFileSync('openssl', [
      'verify',
      '-purpose',
      'sslclient',
      '-CAfile',
      join(dir, 'chain.pem'),
      pemFile,
    ]).toString(),
  ).toBe(`${pemFile}: OK\n`);
  expect(execFileSync('openssl', ['x509', '-in', pemFile, '-noout', '-subject']).toString()).toContain(
    'Taro Suzuki',
  );

  // A new link (a lost certificate): a new PIN, shown once more and closed by the operator.
  await signIn(page, OPERATOR.loginId, OPERATOR.password);
  await menu(page, '登録担当者登録').click();
  await page.getByRole('button', { name: 'Taro Suzuki の証明書取得URLを再発行' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'はい' }).click();
  await expect(page.getByText('Taro Suzuki に新しい証明書取得URLを送りました。')).toBeVisible();
  const second = (await page.getByLabel('アクセスPIN', { exact: true }).inputValue()).trim();
  expect(second).toMatch(/^[A-HJKMNP-Z2-9]{10}$/);
  expect(second).not.toBe(pin);
  await page.getByRole('button', { name: 'アクセスPINを伝えたので閉じる' }).click();
  await expect(page.getByLabel('アクセスPIN', { exact: true })).toHaveCount(0);
  expect(await page.content()).not.toContain(second);
  const secondLink = /\/officer-enrolment\/[A-Za-z0-9_-]+/.exec(
    (await kanri.current.outbox('user1@example.jp'))[0].text,
  )?.[0];
  expect(secondLink).toBeTruthy();
  expect(secondLink).not.toBe(link);

  // 削除: a confirm operation. いいえ changes nothing; a wrong 確認用パスワード is refused in the popup; the right
  // one removes the officer, who stays listed as 削除済み with no actions left.
  const operatorToken = await kanri.current.asOperator();
  await kanri.current.api(
    'PUT',
    '/auth/confirmation-password',
    { password: OPERATOR.password, confirmationPassword: CONFIRMATION },
    operatorToken,
  );
  const row = page.getByRole('row').filter({ hasText: 'Taro Suzuki' });
  await expect(row).toContainText('有効');
  await row.getByRole('button', { name: 'Taro Suzuki を削除' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Taro Suzuki を登録担当者から削除します。');
  await expectAccessible(page, '登録担当者の削除（確認）');
  await dialog.getByRole('button', { name: 'いいえ' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(row).toContainText('有効');
  await row.getByRole('button', { name: 'Taro Suzuki を削除' }).click();
  await dialog.getByRole('button', { name: 'はい' }).click();
  await expect(dialog.getByText('確認用パスワードを入力してください。')).toBeVisible();
  await dialog.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await dialog.getByRole('button', { name: 'はい' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText('Taro Suzuki を登録担当者から削除しました。')).toBeVisible();
  await expect(row).toContainText('削除済み');
  await expect(row.getByRole('button')).toHaveCount(0);
  await expectAccessible(page, '登録担当者一覧（削除済み）');
  const officers = await kanri.current.api<{ items: { id: string; status: string }[] }>(
    'GET',
    `/registration-officers?organizationId=${org.orgId}`,
    undefined,
    operatorToken,
  );
  expect(officers.items).toEqual([expect.objectContaining({ status: 'removed' })]);
  const certificates = await kanri.current.api<{ items: { officerId: string | null; status: string }[] }>(
    'GET',
    `/organizations/${org.orgId}/certificates?type=client`,
    undefined,
    org.token,
  );
  expect(certificates.items.filter((c) => c.officerId === officers.items[0].id)).toEqual([
    expect.objectContaining({ status: 'revoked' }),
  ]);
  await signOut(page);

  // The link mailed before the removal, with its PIN, no longer issues anything.
  await page.goto(secondLink!);
  await page.getByLabel('アクセスPIN').fill(second);
  await page.getByLabel('証明書署名要求 (CSR)').fill(makeCsr('Taro Suzuki'));
  await page.getByRole('button', { name: '証明書取得' }).click();
  await expect(page.getByText('この登録は無効になっています。')).toBeVisible();
});
