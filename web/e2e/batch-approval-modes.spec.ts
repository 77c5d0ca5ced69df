import type { Page } from '@playwright/test';
import { expect, expectAccessible, test } from './support/fixtures';
import { signIn } from './support/console';
import { useKanri } from './support/kanri';
import {
  allowAccounts,
  grantPermissions,
  openCompanyAccount,
  publishStandardFees,
  setConfirmationPassword,
  tokyoDate,
} from './bank-setup';
import { addMember, CONFIRMATION, createOrganization, PASSWORD, type Member } from './organization-setup';
import { zenginFile } from '../../test/support/zengin-fixture';

/**
 * 承認機能の利用有無 (manual 001, 企業情報変更) on the 総合振込 request screens: シングル承認 asks for one 承認者,
 * ダブル承認（順序なし） for 承認者1 and 承認者2 (either approves first), ダブル承認（順序あり） for 第1承認者 and
 * 第2承認者 (in turn). The screen offers exactly that many fields, says the mode in words, checks the choice next to
 * each field, and the API accepts what it sends (the request is 承認待ち with those approvers, in that order). The
 * mode is set through the API (企業情報変更 is its own flow, company-settings.spec.ts).
 */
const kanri = useKanri();
let orgId: string;
let managerToken: string;
let requester: Member;
let first: Member;
let second: Member;
const account = { branchCode: '081', accountNumber: '7654321' };

test.beforeAll(async () => {
  const k = kanri.current;
  const org = await createOrganization(k, 1);
  orgId = org.orgId;
  managerToken = org.token;
  await publishStandardFees(k);
  const accountId = await openCompanyAccount(k, org, account);
  requester = await addMember(k, org.token, orgId, 1);
  first = await addMember(k, org.token, orgId, 2);
  second = await addMember(k, org.token, orgId, 3);
  await grantPermissions(k, org, requester, ['approvals.request.bulk_transfer']);
  await grantPermissions(k, org, first, ['approvals.approve.bulk_transfer']);
  await grantPermissions(k, org, second, ['approvals.approve.bulk_transfer']);
  await allowAccounts(k, org, requester, [accountId]);
  await setConfirmationPassword(k, requester);
});

/** 企業情報変更 of 承認機能の利用有無 for 総合振込 (by the manager, through the API). */
async function setMode(mode: 'single' | 'double_unordered' | 'double_ordered') {
  await kanri.current.api(
    'PATCH',
    `/organizations/${orgId}`,
    { approvalModes: { bulk_transfer: mode }, confirmationPassword: CONFIRMATION },
    managerToken,
  );
}

/** The request as the API holds it, read by the requester. */
async function storedRequest(requestId: string) {
  const k = kanri.current;
  return k.api<{
    status: string;
    approvalMode: string;
    approvers: { userId: string; position: number }[];
  }>(
    'GET',
    `/organizations/${orgId}/requests/${requestId}`,
    undefined,
    await k.login(requester.loginId, PASSWORD),
  );
}

const firstLabel = () => `高橋 太郎2（${first.loginId}）`;
const secondLabel = () => `田中 太郎3（${second.loginId}）`;
const approverFields = (page: Page) => page.getByRole('combobox', { name: /承認者/ });
const field = (page: Page, name: string) => page.getByRole('combobox', { name, exact: true });
const batchIdOf = (page: Page) => new URL(page.url()).pathname.split('/').pop()!;

async function openBatches(page: Page, link: '依頼（画面入力）' | '依頼（ファイル受付）') {
  await signIn(page, requester.loginId, PASSWORD);
  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: '総合振込・給与・賞与振込', exact: true })
    .click();
  await page.getByRole('link', { name: link }).click();
}

/** One line keyed in for a new account (50,000 yen to another bank). */
async function keyInLine(page: Page) {
  await page.getByRole('button', { name: '明細行を追加（新規口座）' }).click();
  await page.getByRole('textbox', { name: '1 行目 受取人名' }).fill('ヤマダ タロウ');
  await page.getByRole('textbox', { name: '1 行目 金融機関' }).fill('0005');
  await page.getByRole('textbox', { name: '1 行目 支店' }).fill('001');
  await page.getByRole('textbox', { name: '1 行目 口座番号' }).fill('1234567');
  await page.getByRole('textbox', { name: '1 行目 支払金額' }).fill('50000');
}

test('総合振込（承認機能の利用有無: シングル承認）: 承認者 1 人を指定して画面入力で依頼する', async ({
  page,
}) => {
  await setMode('single');
  await openBatches(page, '依頼（画面入力）');
  await expect(page.getByRole('heading', { name: '総合振込 依頼（画面入力）' })).toBeVisible();
  await expect(page.getByText('承認方式: シングル承認。承認者 1 人が承認します。')).toBeVisible();
  await expect(approverFields(page)).toHaveCount(1);
  await expect(field(page, '承認者')).toBeVisible();
  await keyInLine(page);

  // No approver chosen: said next to the field, and nothing is sent.
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await expect(field(page, '承認者')).toHaveAccessibleDescription(/承認者を選択してください。/);
  await expectAccessible(page, '総合振込 依頼（画面入力）: シングル承認');

  await field(page, '承認者').selectOption({ label: firstLabel() });
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await expect(page.getByRole('row').filter({ hasText: '承認方式' })).toContainText('シングル承認');
  await expect(page.getByRole('row', { name: /^承認者/ })).toContainText(firstLabel());
  await page.getByRole('button', { name: '依頼', exact: true }).click();
  await expect(page.getByText('依頼しました（合計 50,000 円）。')).toBeVisible();

  // Accepted: 承認待ち with the one approver, on screen and in the API's answer.
  await page.getByRole('link', { name: '依頼内容を照会' }).click();
  const summary = page.getByRole('region', { name: '依頼内容' });
  await expect(summary).toContainText('承認待ち');
  await expect(summary).toContainText('承認方式シングル承認');
  await expect(summary).toContainText(`承認者${firstLabel()}`);
  const stored = await storedRequest(batchIdOf(page));
  expect(stored.status).toBe('pending');
  expect(stored.approvalMode).toBe('single');
  expect(stored.approvers.map((a) => a.userId)).toEqual([first.id]);
});

test('総合振込（ダブル承認（順序なし））: ファイル受付で承認者1・承認者2を指定して依頼する', async ({
  page,
}) => {
  await setMode('double_unordered');
  await openBatches(page, '依頼（ファイル受付）');
  await expect(
    page.getByRole('heading', { name: '総合振込・給与・賞与振込 依頼（ファイル受付）' }),
  ).toBeVisible();
  const mmdd = tokyoDate(1).slice(5).replace('-', '');
  const file = zenginFile({ transferDate: mmdd, ...account }, [
    { bankCode: '0005', branchCode: '001', accountNumber: '1234567', payeeName: 'ﾔﾏﾀﾞ ﾀﾛｳ', amount: 40_000 },
  ]);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'ファイルを選択' }).click();
  await (await chooser).setFiles({ name: 'sogo.txt', mimeType: 'application/octet-stream', buffer: file });

  // The header says 総合振込, whose mode asks for two approvers in either order.
  await expect(
    page.getByText(
      '承認方式: ダブル承認（順序なし）。承認者 2 人が承認します。どちらが先に承認しても構いません。',
    ),
  ).toBeVisible();
  await expect(approverFields(page)).toHaveCount(2);
  await expect(field(page, '承認者1')).toBeVisible();
  await expect(field(page, '承認者2')).toBeVisible();

  // The same person twice: said next to 承認者2, and nothing is sent.
  await field(page, '承認者1').selectOption({ label: firstLabel() });
  await field(page, '承認者2').selectOption({ label: firstLabel() });
  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await page.getByRole('button', { name: '取込', exact: true }).click();
  await expect(field(page, '承認者2')).toHaveAccessibleDescription(
    /承認者1と異なる利用者を選択してください。/,
  );
  await expectAccessible(page, '依頼（ファイル受付）: ダブル承認（順序なし）');

  await field(page, '承認者2').selectOption({ label: secondLabel() });
  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await page.getByRole('button', { name: '取込', exact: true }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'ファイルから依頼を作成しました。' }),
  ).toContainText('依頼しました（合計 40,000 円）。');

  await page.getByRole('link', { name: '依頼内容を照会' }).click();
  const summary = page.getByRole('region', { name: '依頼内容' });
  await expect(summary).toContainText('承認待ち');
  await expect(summary).toContainText('承認方式ダブル承認（順序なし）');
  await expect(summary).toContainText(`承認者1: ${firstLabel()}、承認者2: ${secondLabel()}`);
  const stored = await storedRequest(batchIdOf(page));
  expect(stored.status).toBe('pending');
  expect(stored.approvalMode).toBe('double_unordered');
  expect([...stored.approvers].sort((a, b) => a.position - b.position).map((a) => a.userId)).toEqual([
    first.id,
    second.id,
  ]);
});

test('総合振込（ダブル承認（順序あり））: 第1承認者・第2承認者を指定して画面入力で依頼する', async ({
  page,
}) => {
  await setMode('double_ordered');
  await openBatches(page, '依頼（画面入力）');
  await expect(
    page.getByText(
      '承認方式: ダブル承認（順序あり）。承認者 2 人が順に承認します。第2承認者は第1承認者の承認後に承認できます。',
    ),
  ).toBeVisible();
  await expect(approverFields(page)).toHaveCount(2);
  await keyInLine(page);

  // Only the first chosen: the second is asked for next to its field.
  await field(page, '第1承認者').selectOption({ label: firstLabel() });
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await expect(field(page, '第2承認者')).toHaveAccessibleDescription(/第2承認者を選択してください。/);
  await expectAccessible(page, '総合振込 依頼（画面入力）: ダブル承認（順序あり）');

  await field(page, '第2承認者').selectOption({ label: secondLabel() });
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await expect(page.getByRole('row').filter({ hasText: '承認方式' })).toContainText('ダブル承認（順序あり）');
  await expect(page.getByRole('row', { name: /^承認者/ })).toContainText(
    `第1承認者: ${firstLabel()}、第2承認者: ${secondLabel()}`,
  );
  await page.getByRole('button', { name: '依頼', exact: true }).click();
  await expect(page.getByText('依頼しました（合計 50,000 円）。')).toBeVisible();

  await page.getByRole('link', { name: '依頼内容を照会' }).click();
  const summary = page.getByRole('region', { name: '依頼内容' });
  await expect(summary).toContainText('承認待ち');
  await expect(summary).toContainText('承認方式ダブル承認（順序あり）');
  await expect(summary).toContainText(`第1承認者: ${firstLabel()}、第2承認者: ${secondLabel()}`);
  const stored = await storedRequest(batchIdOf(page));
  expect(stored.status).toBe('pending');
  expect(stored.approvalMode).toBe('double_ordered');
  expect([...stored.approvers].sort((a, b) => a.position - b.position).map((a) => a.userId)).toEqual([
    first.id,
    second.id,
  ]);
});
