import { Permission } from '@kanri/access/permission';
import {
  type ApprovalOrg,
  approvalOrg,
  businessDay,
  postRequest,
  postStandardFee,
  requestBody,
  usageOf,
} from './support/approval-helpers';
import { DEFAULT_CONFIRMATION } from './support/factories';
import { grantPermissions } from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(120_000);

/**
 * SPEC §14: requesting to a registered payee (事前登録口座), a user-registered payee (利用者登録口座) or a new account
 * (新規口座指定) are separate permissions per business; a new account counts against the ad-hoc daily limit.
 * Races are real HTTP requests fired together, then the database is checked (meant for KANRI_TEST_DB=mysql).
 */
describe('request permissions by payee', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2026-11-24T01:00:00.000Z');
    await postStandardFee(t, businessDay(t));
  });
  afterAll(() => t.close());

  const newPayee = async (o: ApprovalOrg, registration: string, accountNumber: string, kind = 'transfer') => {
    const res = await t.api('post', `/organizations/${o.org.orgId}/payees`, o.org.manager.token).send({
      confirmationPassword: DEFAULT_CONFIRMATION,
      kind,
      registration,
      bankCode: '0009',
      branchCode: '123',
      accountType: 'ordinary',
      accountNumber,
      nameKana: 'ﾄﾘﾋｷｻｷ',
    });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const written = async (o: ApprovalOrg) => {
    const [r] = (await t.dataSource.query(
      'SELECT COUNT(*) AS n FROM approval_requests WHERE organization_id = ?',
      [o.org.orgId],
    )) as { n: number | string }[];
    const [u] = (await t.dataSource.query(
      'SELECT COUNT(*) AS n FROM approval_daily_usage WHERE organization_id = ?',
      [o.org.orgId],
    )) as { n: number | string }[];
    return { requests: Number(r.n), usageRows: Number(u.n) };
  };
  const body = (o: ApprovalOrg, payee: Record<string, unknown>, amount = 1_000) =>
    requestBody(t, o, { amount, payee: { pattern: 'other_bank', ...payee } });

  it('a requester without the new-account grant gets 403 for a new account, and nothing is written', async () => {
    const o = await approvalOrg(t, { accountLimits: { adHocPayee: 100_000 } });
    await grantPermissions(t, o.org, o.requester.id, [
      Permission.ApprovalsRequestTransferRegistered,
      Permission.ApprovalsRequestTransferUserRegistered,
    ]);
    const res = await postRequest(
      t,
      o,
      o.requester.token,
      body(o, {
        name: 'ﾆｭｰ',
        bankCode: '0005',
        branchCode: '001',
        accountType: 'ordinary',
        accountNumber: '1111111',
      }),
    );
    expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN']);
    expect(res.body.message).toContain('approvals.request.transfer.new_account');
    // Declaring the typed account "registered" does not get round it.
    const declared = await postRequest(t, o, o.requester.token, body(o, { name: 'ﾆｭｰ', kind: 'registered' }));
    expect([declared.status, declared.body.code]).toEqual([403, 'FORBIDDEN']);
    expect(await written(o)).toEqual({ requests: 0, usageRows: 0 });

    // The same requester may request to register entries of both registrations.
    const registered = await newPayee(o, 'registered', '2000001');
    const userRegistered = await newPayee(o, 'user_registered', '2000002');
    const a = await postRequest(t, o, o.requester.token, body(o, { payeeId: registered }));
    expect(a.status).toBe(201);
    expect(a.body.payee).toMatchObject({
      kind: 'registered',
      source: 'registered',
      payeeId: registered,
      name: 'ﾄﾘﾋｷｻｷ',
    });
    const b = await postRequest(t, o, o.requester.token, body(o, { payeeId: userRegistered }));
    expect(b.status).toBe(201);
    expect(b.body.payee).toMatchObject({
      kind: 'ad_hoc',
      source: 'user_registered',
      accountNumber: '2000002',
    });
    expect(await usageOf(t, o.org.orgId, `account:${o.accountId}:registered`, businessDay(t))).toEqual({
      reserved: 1_000,
      approved: 0,
    });
  });

  it('each grant covers its own source only; register entries of another kind or organization are refused', async () => {
    const o = await approvalOrg(t);
    await grantPermissions(t, o.org, o.requester.id, [Permission.ApprovalsRequestTransferNewAccount]);
    const registered = await newPayee(o, 'registered', '3000001');
    const refused = await postRequest(t, o, o.requester.token, body(o, { payeeId: registered }));
    expect([refused.status, refused.body.code]).toEqual([403, 'FORBIDDEN']);
    expect(refused.body.message).toContain('approvals.request.transfer.registered');
    const fresh = await postRequest(
      t,
      o,
      o.requester.token,
      body(o, { name: 'ｼﾝｷ', accountNumber: '3000009' }),
    );
    expect(fresh.status).toBe(201);
    expect(fresh.body.payee).toMatchObject({ kind: 'ad_hoc', source: 'new_account', payeeId: null });
    // No business without a grant.
    const bulk = await postRequest(
      t,
      o,
      o.requester.token,
      requestBody(t, o, { businessType: 'bulk_transfer', payee: { name: 'ｼﾝｷ', pattern: 'other_bank' } }),
    );
    expect([bulk.status, bulk.body.code]).toEqual([403, 'FORBIDDEN']);
    const debit = await postRequest(
      t,
      o,
      o.requester.token,
      requestBody(t, o, { businessType: 'account_debit', payee: { name: 'ｼﾝｷ', pattern: 'other_bank' } }),
    );
    expect([debit.status, debit.body.code]).toEqual([403, 'FORBIDDEN']);
    // A 請求先 is not a payee of a transfer; a payee id of another organization is not found.
    const debitPayee = await newPayee(o, 'user_registered', '3000002', 'debit');
    await grantPermissions(t, o.org, o.requester.id, [Permission.ApprovalsRequestTransfer]);
    const wrongKind = await postRequest(t, o, o.requester.token, body(o, { payeeId: debitPayee }));
    expect([wrongKind.status, wrongKind.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const other = await approvalOrg(t);
    const foreign = await newPayee(other, 'registered', '3000003');
    expect((await postRequest(t, o, o.requester.token, body(o, { payeeId: foreign }))).status).toBe(404);
    // With payeeId the account comes from the register, not the body.
    const mixed = await postRequest(
      t,
      o,
      o.requester.token,
      body(o, { payeeId: registered, accountNumber: '9999999' }),
    );
    expect([mixed.status, mixed.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await written(o)).requests).toBe(1);
  });

  it('50 parallel requests to new accounts against an ad-hoc limit that fits 10: exactly 10 pass', async () => {
    const o = await approvalOrg(t, { accountLimits: { adHocPayee: 10_000 } });
    await grantPermissions(t, o.org, o.requester.id, [Permission.ApprovalsRequestTransferNewAccount]);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        postRequest(
          t,
          o,
          o.requester.token,
          body(o, { name: 'ｼﾝｷ', bankCode: '0005', branchCode: '001', accountNumber: String(4_000_000 + i) }),
        ),
      ),
    );
    const tally: Record<string, number> = {};
    for (const r of answers) {
      const key = r.status === 201 ? '201' : `${r.status} ${r.body.code}`;
      tally[key] = (tally[key] ?? 0) + 1;
    }
    expect(tally).toEqual({ '201': 10, '422 DAILY_LIMIT_EXCEEDED': 40 });
    const [row] = (await t.dataSource.query(
      `SELECT COUNT(*) AS n, COALESCE(SUM(amount), 0) AS total FROM approval_requests
        WHERE organization_id = ? AND status IN ('pending', 'approved') AND payee_kind = 'ad_hoc'`,
      [o.org.orgId],
    )) as { n: number | string; total: number | string }[];
    expect([Number(row.n), Number(row.total)]).toEqual([10, 10_000]);
    expect(await usageOf(t, o.org.orgId, `account:${o.accountId}:ad_hoc`, businessDay(t))).toEqual({
      reserved: 10_000,
      approved: 0,
    });
  });
});
