import { monthDayOf } from '../src/approvals/batch-rules';
import {
  type ApprovalOrg,
  approvalOrg,
  approve,
  businessDay,
  patchCompany,
  postStandardFee,
} from './support/approval-helpers';
import { DEFAULT_CONFIRMATION } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';
import { type FixtureLine, zenginFile } from './support/zengin-fixture';
import { binary } from './support/binary-body';

jest.setTimeout(60_000);

/**
 * SPEC §14: a batch keyed in on screen has no file header; its Zengin file takes the organization's Zengin header
 * setting (依頼人コード, 依頼人名, 仕向銀行, 仕向支店) with the batch's account, and reads back into the same batch.
 */
describe('Zengin file of a batch keyed in on screen', () => {
  let t: TestApp;
  // Booting the app runs every migration; on a busy MariaDB that alone can take over a minute.
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2026-11-24T01:00:00.000Z');
    await postStandardFee(t, businessDay(t));
  }, 300_000);
  afterAll(() => t.close());

  const accountOf = async (o: ApprovalOrg) => {
    const [row] = (await t.dataSource.query(
      'SELECT branch_code, account_number FROM company_accounts WHERE id = ?',
      [o.accountId],
    )) as { branch_code: string; account_number: string }[];
    return { branchCode: row.branch_code, accountNumber: row.account_number };
  };
  const download = (o: ApprovalOrg, id: string) =>
    t
      .api('get', `/organizations/${o.org.orgId}/requests/${id}/zengin`, o.requester.token)
      .buffer(true)
      .parse(binary);

  it('answers 409 until the header is set, 409 for an account at another branch, then writes the file that re-imports', async () => {
    const o = await approvalOrg(t);
    const account = await accountOf(o);
    const date = businessDay(t, 1);
    const keyed = await t
      .api('post', `/organizations/${o.org.orgId}/requests/batches`, o.requester.token)
      .send({
        businessType: 'payroll',
        payrollKind: 'salary',
        accountId: o.accountId,
        executionDate: date,
        approverIds: [o.approver1.id],
        lines: [
          {
            bankCode: '0005',
            bankName: 'ミツビシ',
            branchCode: '001',
            branchName: 'マルノウチ',
            accountType: 'ordinary',
            accountNumber: '1234567',
            payeeNameKana: 'ヤマダ　タロウ',
            amount: 200_000,
            pattern: 'other_bank',
            customerCode1: '42',
          },
          {
            bankCode: '0009',
            branchCode: account.branchCode,
            accountType: 'current',
            accountNumber: '7654321',
            payeeNameKana: 'ｽｽﾞｷ ﾊﾅｺ',
            amount: 150_000,
            pattern: 'same_branch',
          },
        ],
      });
    expect(keyed.status).toBe(201);
    const id = keyed.body.id as string;
    expect((await approve(t, o, o.approver1.token, id)).status).toBe(200);

    const unset = await t.api(
      'get',
      `/organizations/${o.org.orgId}/requests/${id}/zengin`,
      o.requester.token,
    );
    expect(unset.status).toBe(409);
    expect(unset.body).toMatchObject({ statusCode: 409, code: 'ZENGIN_REQUESTER_NOT_SET' });

    const requester = {
      requesterCode: '0000012345',
      requesterName: 'ｶ)ｷﾕｳﾖｼﾔ',
      bankCode: '0009',
      bankName: 'ｶﾝﾘｷﾞﾝｺｳ',
      branchCode: account.branchCode === '999' ? '998' : '999',
      branchName: 'ﾎﾝﾃﾝ',
    };
    await patchCompany(t, o.org, { zenginRequester: requester });
    const otherBranch = await t.api(
      'get',
      `/organizations/${o.org.orgId}/requests/${id}/zengin`,
      o.requester.token,
    );
    expect(otherBranch.status).toBe(409);
    expect(otherBranch.body).toMatchObject({
      code: 'ZENGIN_REQUESTER_OTHER_BRANCH',
      details: { accountBranchCode: account.branchCode, headerBranchCode: requester.branchCode },
    });

    await patchCompany(t, o.org, { zenginRequester: { ...requester, branchCode: account.branchCode } });
    const res = await download(o, id);
    expect(res.status).toBe(200);
    // The file, built field by field from the layout: kind 11 (給与), the setting's header with the batch's
    // account, the lines as keyed (names converted), CR LF after each record.
    const lines: FixtureLine[] = [
      {
        bankCode: '0005',
        bankName: 'ﾐﾂﾋﾞｼ',
        branchCode: '001',
        branchName: 'ﾏﾙﾉｳﾁ',
        accountNumber: '1234567',
        payeeName: 'ﾔﾏﾀﾞ ﾀﾛｳ',
        amount: 200_000,
        customerCode1: '42',
      },
      {
        bankCode: '0009',
        branchCode: account.branchCode,
        accountType: '2',
        accountNumber: '7654321',
        payeeName: 'ｽｽﾞｷ ﾊﾅｺ',
        amount: 150_000,
      },
    ];
    const expected = zenginFile(
      {
        kind: '11',
        ...requester,
        branchCode: account.branchCode,
        transferDate: monthDayOf(date),
        accountType: '1',
        accountNumber: account.accountNumber,
      },
      lines,
    );
    expect(Buffer.compare(res.body as Buffer, expected)).toBe(0);

    // The file reads back into the same batch, which writes the same bytes.
    const again = await t
      .api('post', `/organizations/${o.org.orgId}/requests/import`, o.requester.token)
      .field('confirmationPassword', DEFAULT_CONFIRMATION)
      .field('approverIds', o.approver1.id)
      .attach('file', res.body as Buffer, 'kyuyo.txt');
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({
      businessType: 'payroll',
      payrollKind: 'salary',
      accountId: o.accountId,
      amount: 350_000,
      executionDate: date,
      fee: { actualFee: keyed.body.fee.actualFee },
    });
    expect((await approve(t, o, o.approver1.token, again.body.id as string)).status).toBe(200);
    const second = await download(o, again.body.id as string);
    expect(Buffer.compare(second.body as Buffer, expected)).toBe(0);
  });
});
