import { RequestExpiryJob } from '../src/approvals/request-expiry.job';
import {
  type ApprovalOrg,
  approvalOrg,
  approve,
  businessDay,
  postRequest,
  postStandardFee,
  requestBody,
  requestRow,
  setTransactionLimits,
  usageOf,
} from './support/approval-helpers';
import { DEFAULT_CONFIRMATION, loginAs } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * 限度額 (SPEC §5): per account per day (口座一日当たり), per company per day (企業一日当たり), per user per request
 * (利用者一回当たり). Daily sums count pending and approved requests of the execution date; the final approval
 * re-checks the limits in force; withdrawal, rejection and expiry give the amount back.
 */
describe('limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2026-11-24T01:00:00.000Z'); // Tuesday 10:00 in Tokyo
    await postStandardFee(t, businessDay(t));
  });
  afterAll(() => t.close());

  const send = (o: ApprovalOrg, overrides: Record<string, unknown> = {}) =>
    postRequest(t, o, o.requester.token, requestBody(t, o, overrides));
  const answer = async (o: ApprovalOrg, overrides: Record<string, unknown> = {}) => {
    const res = await send(o, overrides);
    return res.status === 201 ? 201 : `${res.status} ${res.body.code}`;
  };
  const patchAccount = (o: ApprovalOrg, dailyLimits: Record<string, number | null>) =>
    t
      .api('patch', `/organizations/${o.org.orgId}/accounts/${o.accountId}`, o.org.manager.token)
      .send({ confirmationPassword: DEFAULT_CONFIRMATION, dailyLimits })
      .expect(200);

  it('利用者一回当たり限度額: up to the limit passes, one yen more is refused, per business', async () => {
    const o = await approvalOrg(t);
    await setTransactionLimits(t, o.org, o.requester.id, { transfer: 50_000, bulk_transfer: 1_000 });
    expect(await answer(o, { amount: 50_000 })).toBe(201);
    const over = await send(o, { amount: 50_001 });
    expect([over.status, over.body.code, over.body.details]).toEqual([
      422,
      'TRANSACTION_LIMIT_EXCEEDED',
      { limit: 50_000, amount: 50_001 },
    ]);
    expect(await answer(o, { businessType: 'bulk_transfer', amount: 1_001 })).toBe(
      '422 TRANSACTION_LIMIT_EXCEEDED',
    );
    expect(await answer(o, { businessType: 'payroll', payrollKind: 'salary', amount: 1_000_000 })).toBe(201);
  });

  it('口座一日当たりの限度額: the total, and ad-hoc and registered payees separately', async () => {
    const o = await approvalOrg(t, {
      accountLimits: { transferTotal: 100_000, adHocPayee: 30_000, registeredPayee: 80_000 },
    });
    expect(await answer(o, { amount: 30_000 })).toBe(201);
    const adHoc = await send(o, { amount: 1 });
    expect([adHoc.status, adHoc.body.code]).toEqual([422, 'DAILY_LIMIT_EXCEEDED']);
    expect(adHoc.body.details).toMatchObject({
      scope: `account:${o.accountId}:ad_hoc`,
      limit: 30_000,
      used: 30_000,
      amount: 1,
      remaining: 0,
    });
    const registered = { payee: { name: 'トウロク', pattern: 'other_bank', kind: 'registered' } };
    expect(await answer(o, { ...registered, amount: 70_000 })).toBe(201);
    // 30,000 + 70,000 = the total of 100,000: registered has 10,000 left, the total none.
    const total = await send(o, { ...registered, amount: 1 });
    expect([total.status, total.body.details.scope]).toEqual([422, `account:${o.accountId}:transfer_total`]);
    // Another business date has its own sums.
    expect(await answer(o, { amount: 30_000, executionDate: businessDay(t, 1) })).toBe(201);
    const today = businessDay(t);
    expect(await usageOf(t, o.org.orgId, `account:${o.accountId}:transfer_total`, today)).toEqual({
      reserved: 100_000,
      approved: 0,
    });
  });

  it('企業一日当たりの限度額: bulk transfer, salary, bonus and account debit each have their own', async () => {
    const o = await approvalOrg(t, {
      dailyLimits: { bulk_transfer: 20_000, payroll: 300_000, bonus: 500_000, account_debit: 5_000 },
    });
    expect(await answer(o, { businessType: 'bulk_transfer', amount: 20_000 })).toBe(201);
    expect(await answer(o, { businessType: 'bulk_transfer', amount: 1 })).toBe('422 DAILY_LIMIT_EXCEEDED');
    expect(await answer(o, { businessType: 'payroll', payrollKind: 'salary', amount: 300_000 })).toBe(201);
    expect(await answer(o, { businessType: 'payroll', payrollKind: 'salary', amount: 1 })).toBe(
      '422 DAILY_LIMIT_EXCEEDED',
    );
    expect(await answer(o, { businessType: 'payroll', payrollKind: 'bonus', amount: 500_000 })).toBe(201);
    expect(await answer(o, { businessType: 'account_debit', amount: 5_001 })).toBe(
      '422 DAILY_LIMIT_EXCEEDED',
    );
    const debit = await send(o, { businessType: 'account_debit', amount: 5_000 });
    expect(debit.status).toBe(201);
    expect(debit.body.fee).toBeNull();
    // A limit lowered below today's sum refuses new requests at once; removing it lets them through.
    await t
      .api('patch', `/organizations/${o.org.orgId}`, o.org.manager.token)
      .send({ confirmationPassword: DEFAULT_CONFIRMATION, dailyLimits: { bulk_transfer: null } })
      .expect(200);
    expect(await answer(o, { businessType: 'bulk_transfer', amount: 999_999 })).toBe(201);
  });

  it("usage counts even where no limit is set, so a limit set later sees the day's requests", async () => {
    const o = await approvalOrg(t);
    expect(await answer(o, { amount: 60_000 })).toBe(201);
    await patchAccount(o, { transferTotal: 100_000 });
    expect(await answer(o, { amount: 40_001 })).toBe('422 DAILY_LIMIT_EXCEEDED');
    expect(await answer(o, { amount: 40_000 })).toBe(201);
  });

  it('withdrawal and rejection give the amount back to the day', async () => {
    const o = await approvalOrg(t, { accountLimits: { transferTotal: 10_000 } });
    const a = await send(o, { amount: 10_000 });
    expect(await answer(o, { amount: 10_000 })).toBe('422 DAILY_LIMIT_EXCEEDED');
    await t
      .api('post', `/organizations/${o.org.orgId}/requests/${a.body.id}/withdraw`, o.requester.token)
      .expect(200);
    const b = await send(o, { amount: 10_000 });
    expect(b.status).toBe(201);
    await t
      .api('post', `/organizations/${o.org.orgId}/requests/${b.body.id}/reject`, o.approver1.token)
      .send({ reason: '重複' })
      .expect(200);
    expect(await answer(o, { amount: 10_000 })).toBe(201);
  });

  describe('re-checked at the final approval', () => {
    it('a daily limit lowered after the request refuses its final approval, which stays pending', async () => {
      const o = await approvalOrg(t, {
        modes: { transfer: 'double_unordered' },
        accountLimits: { transferTotal: 100_000 },
      });
      const approvers = { approverIds: [o.approver1.id, o.approver2.id] };
      const first = await send(o, { ...approvers, amount: 60_000 });
      const second = await send(o, { ...approvers, amount: 40_000 });
      await approve(t, o, o.approver1.token, first.body.id).expect(200);
      await approve(t, o, o.approver2.token, first.body.id).expect(200);
      await patchAccount(o, { transferTotal: 80_000 });
      // The first approval of the second request is not final: nothing to re-check yet.
      await approve(t, o, o.approver1.token, second.body.id).expect(200);
      const final = await approve(t, o, o.approver2.token, second.body.id);
      expect([final.status, final.body.code]).toEqual([422, 'DAILY_LIMIT_EXCEEDED']);
      expect(final.body.details).toMatchObject({ limit: 80_000, used: 60_000, amount: 40_000 });
      expect((await requestRow(t, second.body.id)).status).toBe('pending');
      const slot = await t.dataSource.query(
        'SELECT approved_at FROM approval_request_approvers WHERE request_id = ? AND approver_id = ?',
        [second.body.id, o.approver2.id],
      );
      expect(slot[0].approved_at).toBeNull();
      // Raised again, the same approval passes.
      await patchAccount(o, { transferTotal: 100_000 });
      expect((await approve(t, o, o.approver2.token, second.body.id)).body.status).toBe('approved');
      expect(await usageOf(t, o.org.orgId, `account:${o.accountId}:transfer_total`, businessDay(t))).toEqual({
        reserved: 100_000,
        approved: 100_000,
      });
    });

    it("so is the requester's per-transaction limit", async () => {
      const o = await approvalOrg(t);
      const req = await send(o, { amount: 20_000 });
      await setTransactionLimits(t, o.org, o.requester.id, { transfer: 19_999 });
      const res = await approve(t, o, o.approver1.token, req.body.id);
      expect([res.status, res.body.code]).toEqual([422, 'TRANSACTION_LIMIT_EXCEEDED']);
      expect((await requestRow(t, req.body.id)).status).toBe('pending');
    });
  });

  describe('expiry of stale requests (scheduled job)', () => {
    it('expires pending requests whose execution date has passed, once, giving the amount back', async () => {
      t.clock.set('2026-11-24T01:00:00.000Z');
      const o = await approvalOrg(t, { accountLimits: { transferTotal: 50_000 } });
      const today = await send(o, { amount: 30_000 });
      const tomorrow = await send(o, { amount: 20_000, executionDate: businessDay(t, 1) });
      const approved = await send(o, { amount: 20_000 });
      await approve(t, o, o.approver1.token, approved.body.id).expect(200);
      const job = t.app.get(RequestExpiryJob);

      expect(await job.expire()).toBe(0); // the day is not over
      t.clock.set('2026-11-24T14:59:59.999Z'); // 23:59:59.999 in Tokyo
      expect(await job.expire()).toBe(0);

      t.clock.set('2026-11-24T15:00:00.000Z'); // midnight: 2026-11-25 in Tokyo
      const approverToken = await loginAs(t, o.approver1.loginId);
      // Before the job runs, the stale request can no longer be approved.
      const late = await approve(t, o, approverToken, today.body.id);
      expect([late.status, late.body.code]).toEqual([422, 'EXECUTION_DATE_INVALID']);

      expect(await job.expire()).toBeGreaterThanOrEqual(1);
      expect(await job.expire()).toBe(0);
      expect(await requestRow(t, today.body.id)).toMatchObject({ status: 'expired', decided_by: null });
      expect((await requestRow(t, tomorrow.body.id)).status).toBe('pending');
      expect((await requestRow(t, approved.body.id)).status).toBe('approved');
      expect(await usageOf(t, o.org.orgId, `account:${o.accountId}:transfer_total`, '2026-11-24')).toEqual({
        reserved: 20_000,
        approved: 20_000,
      });
      const again = await approve(t, o, approverToken, today.body.id);
      expect([again.status, again.body.code]).toEqual([409, 'REQUEST_NOT_PENDING']);
      const rows = await t.dataSource.query(
        "SELECT operator_login_id, screen FROM operation_history WHERE route = 'job:request-expiry'",
      );
      expect(rows.length).toBeGreaterThanOrEqual(1);
      expect(rows[0]).toMatchObject({ operator_login_id: 'system', screen: '依頼の期限切れ' });
      t.clock.set('2026-11-24T01:00:00.000Z');
    });
  });

  it('an account with pending requests cannot be deleted', async () => {
    const o = await approvalOrg(t);
    const req = await send(o);
    const del = () =>
      t
        .api('delete', `/organizations/${o.org.orgId}/accounts/${o.accountId}`, o.org.manager.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION });
    const refused = await del();
    expect([refused.status, refused.body.code, refused.body.details]).toEqual([
      409,
      'ACCOUNT_IN_USE',
      { pendingRequests: 1 },
    ]);
    await t
      .api('post', `/organizations/${o.org.orgId}/requests/${req.body.id}/withdraw`, o.requester.token)
      .expect(200);
    expect((await del()).status).toBe(204);
    const usable = await t.api(
      'get',
      `/organizations/${o.org.orgId}/users/${o.requester.id}/usable-accounts`,
      o.requester.token,
    );
    expect(usable.body.accounts).toEqual([]);
  });
});
