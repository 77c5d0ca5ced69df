import { readFile } from 'node:fs/promises';
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
import { type FixtureLine, zenginFile } from '../../test/support/zengin-fixture';

/**
 * 振込先管理 and 総合振込 (manual 001) through the screens: a payee registered on screen (a name the Zengin set
 * cannot hold is refused next to the field), a 全銀協 file built here from the published layout (header, three data
 * records, trailer, end; Shift_JIS, 120-byte records) imported into a batch whose lines, fees and totals are shown
 * and whose Zengin download is the same bytes, a file with one bad record refused naming that record and field, and
 * a batch keyed in from the registered payee whose Zengin download answers in the API's words why it cannot be
 * written. 総合振込 needs one approval (mode `single`); the approver approves through the API, as the approval inbox
 * is another screen. The requester does not read the member list: the 承認者 choice offers exactly the members who
 * may approve the batch's business, by login ID (the manager, who created the organization and so holds every
 * permission, and the approver; a payroll approver only for 給与・賞与振込).
 */
const kanri = useKanri();
let orgId: string;
let manager: Member;
let requester: Member;
let approver: Member;
/** Approves payroll only: never offered for a 総合振込. */
let payrollApprover: Member;
let account: { branchCode: string; accountNumber: string };

test.beforeAll(async () => {
  const k = kanri.current;
  const org = await createOrganization(k, 1);
  orgId = org.orgId;
  manager = org.manager;
  await publishStandardFees(k);
  account = { branchCode: '081', accountNumber: '7654321' };
  const accountId = await openCompanyAccount(k, org, account);
  requester = await addMember(k, org.token, orgId, 1);
  approver = await addMember(k, org.token, orgId, 2);
  payrollApprover = await addMember(k, org.token, orgId, 3);
  // The requester may not read the member list (no users.manage): the approvers are still picked by name.
  await grantPermissions(k, org, requester, [
    'approvals.request.bulk_transfer',
    'approvals.request.payroll',
    'payees.manage',
  ]);
  await grantPermissions(k, org, approver, ['approvals.approve.bulk_transfer']);
  await grantPermissions(k, org, payrollApprover, ['approvals.approve.payroll']);
  await allowAccounts(k, org, requester, [accountId]);
  for (const m of [requester, approver]) await setConfirmationPassword(k, m);
});

/**
 * The approver approves through the API: approval belongs to the approval inbox (承認待ち), not to these screens.
 */
async function approveByApi(requestId: string) {
  const k = kanri.current;
  await k.api(
    'POST',
    `/organizations/${orgId}/requests/${requestId}/approve`,
    { confirmationPassword: CONFIRMATION },
    await k.login(approver.loginId, PASSWORD),
  );
}

/** 総合振込 and 給与・賞与振込 are シングル承認 here (the default): one 承認者 field. */
const firstApprover = (page: Page) => page.getByRole('combobox', { name: '承認者', exact: true });
const approverLabel = () => `高橋 太郎2（${approver.loginId}）`;
const managerLabel = () => `管理 花子（${manager.loginId}）`;

/** The approver, picked on screen as the first 承認者. */
async function pickApprover(page: Page) {
  await firstApprover(page).selectOption({ label: approverLabel() });
}

/** What the 承認者 offers, in order: 選択してください and then the members who may approve. */
async function expectOffered(page: Page, names: string[]) {
  await expect(firstApprover(page).getByRole('option')).toHaveText(['選択してください', ...names]);
}

/** The batch id of the detail screen on show. */
const batchIdOf = (page: Page) => new URL(page.url()).pathname.split('/').pop()!;

function menu(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name, exact: true });
}

async function choose(page: Page, name: string, buffer: Buffer) {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'ファイルを選択' }).click();
  await (await chooser).setFiles({ name, mimeType: 'application/octet-stream', buffer });
}

// The worked example: the header names the company account (bank 0009, branch 081); one line at that branch
// (same_branch, fee 0), one at another branch of the bank (250,000 yen: 330), one at another bank (10,000 yen: 380).
const LINES: FixtureLine[] = [
  {
    bankCode: '0009',
    bankName: 'ｶﾝﾘｷﾞﾝｺｳ',
    branchCode: '081',
    branchName: 'ﾎｳｼﾞﾝｴｲｷﾞﾖｳﾌﾞ',
    accountNumber: '0000001',
    payeeName: 'ﾔﾏﾀﾞ ﾀﾛｳ',
    amount: 30_329,
    customerCode1: '1',
  },
  {
    bankCode: '0009',
    bankName: 'ｶﾝﾘｷﾞﾝｺｳ',
    branchCode: '100',
    branchName: 'ﾎﾝﾃﾝ',
    accountNumber: '0000002',
    payeeName: 'ｽｽﾞｷ ﾊﾅｺ',
    amount: 250_000,
    accountType: '2',
  },
  {
    bankCode: '0005',
    bankName: 'ﾐﾂﾋﾞｼ',
    branchCode: '001',
    branchName: 'ﾏﾙﾉｳﾁ',
    accountNumber: '1234567',
    payeeName: 'ｶ)ﾊﾟ-ﾄﾅ-ｽﾞ',
    amount: 10_000,
  },
];
const mmdd = () => tokyoDate(1).slice(5).replace('-', '');

test('振込先管理: 振込先を画面で登録する（全銀文字にできない名前はその項目の横で断られる）', async ({
  page,
}) => {
  await signIn(page, requester.loginId, PASSWORD);
  await menu(page, '振込先管理').click();
  await expect(page.getByRole('heading', { name: '振込先管理', level: 1 })).toBeVisible();
  await expectAccessible(page, '振込先管理');

  await page.getByRole('link', { name: '新規登録' }).click();
  await expect(page.getByRole('heading', { name: '振込先登録' })).toBeVisible();
  await expectAccessible(page, '振込先登録');
  // Checked before anything is sent: the account number must be 7 digits.
  await page.getByRole('textbox', { name: '受取人名（カナ）' }).fill('やまだ');
  await page.getByRole('textbox', { name: '金融機関コード' }).fill('0005');
  await page.getByRole('textbox', { name: '支店コード' }).fill('001');
  await page.getByRole('textbox', { name: '口座番号' }).fill('12345');
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await expect(page.getByText('半角数字 7 桁で入力してください。')).toBeVisible();
  await page.getByRole('textbox', { name: '口座番号' }).fill('7654321');
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await expect(page.getByRole('heading', { name: '振込先登録（入力内容確認）' })).toBeVisible();
  await expectAccessible(page, '振込先登録（入力内容確認）');
  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await page.getByRole('button', { name: '確定', exact: true }).click();
  // Hiragana has no Zengin form: the API refuses it, and the words stand on the name's line.
  const nameRow = page.getByRole('row').filter({ hasText: '受取人名（カナ）' });
  await expect(nameRow).toContainText('「や」は全銀協の文字セットにない文字です');
  await page.getByRole('button', { name: '戻る', exact: true }).click();
  // Full-width katakana is converted to the Zengin set.
  await page.getByRole('textbox', { name: '受取人名（カナ）' }).fill('ヤマダ ハナコ');
  await page.getByRole('textbox', { name: 'グループ' }).fill('取引先');
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await page.getByRole('button', { name: '確定', exact: true }).click();
  await expect(page.getByText('ﾔﾏﾀﾞ ﾊﾅｺ を登録しました。')).toBeVisible();
  await expectAccessible(page, '振込先登録（完了）');

  await page.getByRole('link', { name: '一覧へ戻る' }).click();
  const row = page.getByRole('row').filter({ hasText: 'ﾔﾏﾀﾞ ﾊﾅｺ' });
  await expect(row).toContainText('7654321');
  await expect(row).toContainText('利用者登録口座');
  await expect(row).toContainText('取引先');
});

test('総合振込: 全銀ファイル（ヘッダー・データ3件・トレーラー・エンド）から依頼を作り、明細・手数料・合計を照会し、同じファイルを出力する', async ({
  page,
}) => {
  test.slow();
  const file = zenginFile({ transferDate: mmdd(), ...account }, LINES);
  expect(file.length).toBe(6 * 122);
  await signIn(page, requester.loginId, PASSWORD);
  await menu(page, '総合振込・給与・賞与振込').click();
  await expect(page.getByRole('heading', { name: '総合振込・給与・賞与振込', level: 1 })).toBeVisible();
  await expectAccessible(page, '総合振込・給与・賞与振込');
  await page.getByRole('link', { name: '依頼（ファイル受付）' }).click();
  await expect(
    page.getByRole('heading', { name: '総合振込・給与・賞与振込 依頼（ファイル受付）' }),
  ).toBeVisible();
  await expectAccessible(page, '依頼（ファイル受付）');
  // Whose approval the file needs, its header says: nobody is offered before a file is chosen.
  await expectOffered(page, []);
  await expect(
    page.getByText(
      '全銀ファイルを選ぶと、ファイルの業務（総合振込・給与・賞与振込）を承認できるメンバーから選べます。',
    ),
  ).toBeVisible();

  // One bad record (record 3: a 6-digit account number): the file is refused naming record and field.
  const bad = zenginFile({ transferDate: mmdd(), ...account }, [
    LINES[0],
    { ...LINES[1], accountNumber: '123456 ' },
    LINES[2],
  ]);
  await choose(page, 'bad.txt', bad);
  // The approver is chosen as for any file (the screen asks for it before sending); the API then reads the records.
  await pickApprover(page);
  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await page.getByRole('button', { name: '取込', exact: true }).click();
  await expect(page.getByText('全銀ファイルに誤りがあります。', { exact: false })).toBeVisible();
  const fileAlert = page.getByRole('alert').filter({ hasText: '全銀ファイルに誤りがあります。' });
  await expect(fileAlert).toBeVisible();
  const problems = page.getByRole('grid', { name: 'ファイルの誤り' });
  const problem = problems.getByRole('row').filter({ hasText: 'accountNumber' });
  await expect(problem).toHaveCount(1);
  await expect(problem.getByRole('gridcell').first()).toHaveText('3');
  await expect(problem).toContainText('must be 7 digits');
  await expectAccessible(page, '依頼（ファイル受付）: 誤りのあるファイル');

  // クリア clears the form and what was said about the refused file: its alert and its problems go too.
  await page.getByRole('button', { name: 'クリア' }).click();
  await expect(fileAlert).toHaveCount(0);
  await expect(problems).toBeHidden();
  await expectOffered(page, []);

  // The good file: one batch awaiting the approver.
  await choose(page, 'sogo.txt', file);
  // A 総合振込 file (種別コード 21): those who may approve it, not the payroll approver nor the requester.
  await expectOffered(page, [managerLabel(), approverLabel()]);
  // シングル承認: one approver, and no second field.
  await expect(page.getByText('承認方式: シングル承認。承認者 1 人が承認します。')).toBeVisible();
  await expect(page.getByRole('combobox', { name: /承認者/ })).toHaveCount(1);
  await pickApprover(page);
  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await page.getByRole('button', { name: '取込', exact: true }).click();
  await expect(page.getByText('依頼しました（合計 290,329 円）。')).toBeVisible();
  await page.getByRole('link', { name: '依頼内容を照会' }).click();

  await expect(page.getByRole('heading', { name: '依頼内容照会' })).toBeVisible();
  const summary = page.getByRole('region', { name: '依頼内容' });
  await expect(summary).toContainText('総合振込');
  await expect(summary).toContainText('承認待ち');
  await expect(summary).toContainText(`振込指定日${tokyoDate(1)}`);
  await expect(summary).toContainText('明細件数3 件');
  await expect(summary).toContainText('支払金額合計290,329 円');
  await expect(summary).toContainText('振込手数料合計710 円');
  await expect(summary).toContainText('手数料負担当方負担');
  const lines = page.getByRole('grid', { name: '明細', exact: true });
  const line = (n: number) =>
    lines
      .getByRole('row')
      .filter({ has: page.getByRole('gridcell', { name: String(n), exact: true }) })
      .first();
  await expect(lines.getByRole('row')).toHaveCount(4);
  await expect(line(1)).toContainText('ﾔﾏﾀﾞ ﾀﾛｳ');
  await expect(line(1)).toContainText('30,329 円');
  await expect(line(1)).toContainText('同一店内');
  await expect(line(2)).toContainText('当座');
  await expect(line(2)).toContainText('本支店');
  await expect(line(2)).toContainText('330 円');
  await expect(line(3)).toContainText('ｶ)ﾊﾟ-ﾄﾅ-ｽﾞ');
  await expect(line(3)).toContainText('他行');
  await expect(line(3)).toContainText('380 円');
  await expectAccessible(page, '依頼内容照会');

  // Not approved yet: the API's words say why no file is written.
  await page.getByRole('button', { name: '全銀ファイル出力' }).click();
  await expect(page.getByRole('alert')).toContainText(
    'ファイルを出力できません。理由: Only an approved batch is written as a Zengin file',
  );

  // Approved (in the approval inbox; here through the API): the Zengin file is the same bytes as the file imported.
  await approveByApi(batchIdOf(page));
  await page.reload();
  await expect(summary).toContainText('承認済み');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '全銀ファイル出力' }).click();
  expect((await readFile(await (await download).path())).equals(file)).toBe(true);

  // 明細出力: every line as CSV.
  const csvDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: '明細出力（CSV）' }).click();
  const csv = (await readFile(await (await csvDownload).path())).toString('utf8');
  expect(csv.split(/\r?\n/).filter(Boolean)).toHaveLength(4);
  expect(csv).toContain('ｽｽﾞｷ ﾊﾅｺ');

  // The list shows it.
  await page.getByRole('link', { name: '一覧へ戻る' }).click();
  const listed = page.getByRole('grid', { name: '総合振込・給与・賞与振込' }).getByRole('row');
  await expect(listed.filter({ hasText: '290,329 円' })).toContainText('710 円');
});

test('総合振込: 登録済みの振込先から画面入力で依頼し、全銀ファイル出力はAPIの理由を表示する', async ({
  page,
}) => {
  await signIn(page, requester.loginId, PASSWORD);
  await menu(page, '総合振込・給与・賞与振込').click();
  await page.getByRole('link', { name: '依頼（画面入力）' }).click();
  await expect(page.getByRole('heading', { name: '総合振込 依頼（画面入力）' })).toBeVisible();
  await page
    .getByRole('combobox', { name: '登録済みの振込先' })
    .selectOption({ label: 'ﾔﾏﾀﾞ ﾊﾅｺ 0005-001 7654321' });
  await page.getByRole('button', { name: '振込先から追加' }).click();
  await page.getByRole('textbox', { name: '1 行目 支払金額' }).fill('50000');
  // Exactly the members who may approve the business: the payroll approver only for 給与・賞与振込.
  await expectOffered(page, [managerLabel(), approverLabel()]);
  await page.getByRole('combobox', { name: '業務', exact: true }).selectOption({ label: '給与・賞与振込' });
  await expectOffered(page, [managerLabel(), `田中 太郎3（${payrollApprover.loginId}）`]);
  await page.getByRole('combobox', { name: '業務', exact: true }).selectOption({ label: '総合振込' });
  await expectOffered(page, [managerLabel(), approverLabel()]);
  await pickApprover(page);
  await expectAccessible(page, '総合振込 依頼（画面入力）');
  // A second line keyed in for a new account, its name in hiragana: the API refuses it, naming line and character.
  await page.getByRole('button', { name: '明細行を追加（新規口座）' }).click();
  await page.getByRole('textbox', { name: '2 行目 受取人名' }).fill('たなか');
  await page.getByRole('textbox', { name: '2 行目 金融機関' }).fill('0005');
  await page.getByRole('textbox', { name: '2 行目 支店' }).fill('002');
  await page.getByRole('textbox', { name: '2 行目 口座番号' }).fill('1111111');
  await page.getByRole('textbox', { name: '2 行目 支払金額' }).fill('1000');
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await page.getByRole('button', { name: '依頼', exact: true }).click();
  await expect(page.getByRole('row').filter({ hasText: '2 行目' }).first()).toContainText(
    '2 行目 受取人名: 1 文字目の「た」は全銀協の文字セットにない文字です',
  );
  await page.getByRole('button', { name: '戻る', exact: true }).click();
  await page.getByRole('button', { name: '2 行目を削除' }).click();
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await expect(page.getByText('合計 1 件 50,000 円')).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: '承認者' })).toContainText(approverLabel());
  await expectAccessible(page, '総合振込 依頼（入力内容確認）');
  await page.getByRole('button', { name: '依頼', exact: true }).click();
  await expect(page.getByText('依頼しました（合計 50,000 円）。')).toBeVisible();
  await page.getByRole('link', { name: '依頼内容を照会' }).click();
  const summary = page.getByRole('region', { name: '依頼内容' });
  await expect(summary).toContainText('振込手数料合計550 円');
  await expect(page.getByRole('grid', { name: '明細', exact: true })).toContainText('ﾔﾏﾀﾞ ﾊﾅｺ');
  // Keyed in on screen, the batch has no Zengin header: once approved, the API's words say why no file is written.
  await approveByApi(batchIdOf(page));
  await page.reload();
  await expect(summary).toContainText('承認済み');
  await page.getByRole('button', { name: '全銀ファイル出力' }).click();
  await expect(page.getByRole('alert')).toContainText(
    'ファイルを出力できません。理由: This batch was keyed in on screen',
  );
});

test('振込先管理: 全銀ファイルから振込先を取り込み（誤りのあるレコードは名指しで断られる）、変更・削除し、請求先管理を開く', async ({
  page,
}) => {
  test.slow();
  await signIn(page, requester.loginId, PASSWORD);
  await menu(page, '振込先管理').click();
  await page.getByRole('link', { name: 'ファイル取込' }).click();
  await expect(page.getByRole('heading', { name: '振込先ファイル取込' })).toBeVisible();
  await page.getByRole('radio', { name: '全銀協規定フォーマット（総合振込ファイル）' }).check();
  await expectAccessible(page, '振込先ファイル取込');

  // Record 4 (the third data record) names its payee in lower-case letters, which the Zengin set has not.
  const bad = zenginFile({ transferDate: mmdd(), ...account }, [
    LINES[0],
    LINES[1],
    { ...LINES[2], payeeName: 'abc' },
  ]);
  await choose(page, 'payees-bad.txt', bad);
  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await page.getByRole('button', { name: '取込', exact: true }).click();
  const refusal = page
    .getByRole('alert')
    .filter({ hasText: 'ファイルに誤りがあるため、取り込みを行いませんでした。' });
  await expect(refusal).toBeVisible();
  const problems = page.getByRole('grid', { name: 'ファイルの誤り' });
  const problem = problems.getByRole('row').filter({ hasText: 'payeeName' });
  await expect(problem).toHaveCount(1);
  await expect(problem.getByRole('gridcell').first()).toHaveText('4');
  await expectAccessible(page, '振込先ファイル取込: 誤りのあるファイル');

  // クリア clears what was said about the refused file too: its alert and its problems go with it.
  await page.getByRole('button', { name: 'クリア' }).click();
  await expect(refusal).toHaveCount(0);
  await expect(problems).toBeHidden();
  await choose(page, 'payees.txt', zenginFile({ transferDate: mmdd(), ...account }, LINES));
  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await page.getByRole('button', { name: '取込', exact: true }).click();
  await expect(page.getByText('3 件を登録しました。')).toBeVisible();
  await page.getByRole('status').getByRole('link', { name: '一覧へ戻る' }).click();
  const register = page.getByRole('grid', { name: '振込先管理' });
  await expect(register.getByRole('row').filter({ hasText: 'ｽｽﾞｷ ﾊﾅｺ' })).toContainText('当座');

  // 変更: the changed field is marked on the confirm step.
  await page.getByRole('link', { name: 'ｽｽﾞｷ ﾊﾅｺ 変更' }).click();
  await expect(page.getByRole('heading', { name: '振込先変更' })).toBeVisible();
  await page.getByRole('textbox', { name: 'グループ' }).fill('給与');
  await page.getByRole('button', { name: '確認', exact: true }).click();
  await expect(page.getByRole('row').filter({ hasText: 'グループ' })).toContainText('（変更）');
  await expect(page.getByRole('row').filter({ hasText: '口座番号' })).not.toContainText('（変更）');
  await expectAccessible(page, '振込先変更（入力内容確認）');
  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await page.getByRole('button', { name: '確定', exact: true }).click();
  await expect(page.getByText('ｽｽﾞｷ ﾊﾅｺ を変更しました。')).toBeVisible();
  await page.getByRole('link', { name: '一覧へ戻る' }).click();
  await expect(register.getByRole('row').filter({ hasText: 'ｽｽﾞｷ ﾊﾅｺ' })).toContainText('給与');

  // 削除 through the same confirm step.
  await page.getByRole('link', { name: 'ｽｽﾞｷ ﾊﾅｺ 削除' }).click();
  await expect(page.getByRole('heading', { name: '振込先削除' })).toBeVisible();
  await expectAccessible(page, '振込先削除');
  await page.getByRole('button', { name: '削除内容を確認' }).click();
  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await page.getByRole('button', { name: '削除', exact: true }).click();
  await expect(page.getByText('ｽｽﾞｷ ﾊﾅｺ を削除しました。')).toBeVisible();
  await page.getByRole('link', { name: '一覧へ戻る' }).click();
  await expect(register.getByRole('row').filter({ hasText: 'ﾔﾏﾀﾞ ﾀﾛｳ' })).toHaveCount(1);
  await expect(register.getByRole('row').filter({ hasText: 'ｽｽﾞｷ ﾊﾅｺ' })).toHaveCount(0);

  // 請求先管理: the other register, empty here.
  await menu(page, '請求先管理').click();
  await expect(page.getByRole('heading', { name: '請求先管理', level: 1 })).toBeVisible();
  await expect(page.getByRole('grid', { name: '請求先管理' }).getByRole('row')).toHaveCount(1);
  await expectAccessible(page, '請求先管理');
});

test('振込先管理: 絞り込んだ振込先をCSVで出力し、登録済みの口座を含むCSVは行を名指しで断られ、新しい口座のCSVは取り込まれる', async ({
  page,
}) => {
  test.slow();
  await signIn(page, requester.loginId, PASSWORD);
  await menu(page, '振込先管理').click();
  const register = page.getByRole('grid', { name: '振込先管理' });
  await page.getByRole('textbox', { name: '受取人名（前方一致）' }).fill('ﾔﾏﾀﾞ');
  await page.getByRole('button', { name: '検索', exact: true }).click();
  await expect(register.getByRole('row')).toHaveCount(3);

  // エクスポート: the filtered rows only, UTF-8 with BOM, the import's layout.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'エクスポート' }).click();
  const bytes = await readFile(await (await download).path());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const csv = bytes.subarray(3).toString('utf8');
  const rows = csv.split(/\r?\n/).filter(Boolean);
  expect(rows[0].startsWith('区分,登録区分,金融機関コード')).toBe(true);
  expect(rows).toHaveLength(3);
  expect(csv).toContain('ﾔﾏﾀﾞ ﾊﾅｺ');
  expect(csv).toContain('ﾔﾏﾀﾞ ﾀﾛｳ');
  expect(csv).not.toContain('ﾊﾟ-ﾄﾅ-ｽﾞ');

  // The same file again: both accounts are already registered, so both lines are named and nothing is added.
  await page.getByRole('link', { name: 'ファイル取込' }).click();
  await choose(page, 'payees.csv', bytes);
  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await page.getByRole('button', { name: '取込', exact: true }).click();
  await expect(page.getByText('ファイルに誤りがあるため、取り込みを行いませんでした。')).toBeVisible();
  const problems = page.getByRole('grid', { name: 'ファイルの誤り' });
  await expect(problems.getByRole('columnheader', { name: '行' })).toBeVisible();
  const named = problems.getByRole('row').filter({ hasText: 'already in the register' });
  await expect(named).toHaveCount(2);
  await expect(named.first().getByRole('gridcell').first()).toHaveText('2');
  await expectAccessible(page, '振込先ファイル取込（CSV）: 誤りのあるファイル');

  // New account numbers: both rows are registered.
  const fresh = Buffer.from(
    '\ufeff' + csv.replace(',7654321,', ',7654322,').replace(',0000001,', ',0000009,'),
    'utf8',
  );
  await page.getByRole('button', { name: 'クリア' }).click();
  await choose(page, 'payees-new.csv', fresh);
  await page.getByLabel('確認用パスワード').fill(CONFIRMATION);
  await page.getByRole('button', { name: '取込', exact: true }).click();
  await expect(page.getByText('2 件を登録しました。')).toBeVisible();
  await page.getByRole('status').getByRole('link', { name: '一覧へ戻る' }).click();
  await expect(register.getByRole('row').filter({ hasText: '7654322' })).toContainText('ﾔﾏﾀﾞ ﾊﾅｺ');
  await expect(register.getByRole('row').filter({ hasText: '0000009' })).toContainText('ﾔﾏﾀﾞ ﾀﾛｳ');
});
