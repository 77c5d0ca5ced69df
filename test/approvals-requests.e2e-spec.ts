import { Permission } from '@kanri/access/permission';
import {
  type ApprovalOrg,
  approvalOrg,
  approve,
  businessDay,
  createCompanyAccount,
  patchCompany,
  postRequest,
  postStandardFee,
  requestBody,
  requestRow,
  standardRows,
  usageOf,
} from './support/approval-helpers';
import { DEFAULT_CONFIRMATION } from './support/factories';
import { addMember, createOrg, grantPermissions } from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * 依頼と承認 (SPEC §5): every transition of a request over HTTP and every refusal, with the database checked.
 * pending → approved | rejected | withdrawn | expired (expiry: approvals-limits), nothing leaves a final state.
 */
describe('approval requests: the state machine over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2026-11-24T01:00:00.000Z'); // Tuesday 10:00 in Tokyo
    await postStandardFee(t, businessDay(t));
  });
  afterAll(() => t.close());

  const path = (o: ApprovalOrg, id: string, action = '') =>
    `/organizations/${o.org.orgId}/requests/${id}${action ? `/${action}` : ''}`;
  const create = async (o: ApprovalOrg, overrides: Record<string, unknown> = {}) => {
    const res = await postRequest(t, o, o.requester.token, requestBody(t, o, overrides));
    if (res.status !== 201) throw new Error(`request failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; status: string };
  };
  const slotsInDb = async (id: string) =>
    (
      (await t.dataSource.query(
        'SELECT position, approver_id, approved_at FROM approval_request_approvers WHERE request_id = ? ORDER BY position',
        [id],
      )) as { position: number; approver_id: string; approved_at: unknown }[]
    ).map((s) => ({
      position: Number(s.position),
      approver: s.approver_id,
      approved: s.approved_at !== null,
    }));

  describe('single approval (シングル承認)', () => {
    let o: ApprovalOrg;
    beforeAll(async () => {
      o = await approvalOrg(t);
    });

    it('a request stores the fee quoted at creation and waits for its approver', async () => {
      const res = await postRequest(
        t,
        o,
        o.requester.token,
        requestBody(t, o, {
          amount: 30_329,
          feeBearer: 'payee',
          payee: {
            name: 'カ）トリヒキサキ',
            pattern: 'other_branch',
            bankCode: '0005',
            branchCode: '123',
            accountType: 'ordinary',
            accountNumber: '7654321',
          },
        }),
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        status: 'pending',
        approvalMode: 'single',
        businessType: 'transfer',
        requesterId: o.requester.id,
        amount: 30_329,
        approvers: [{ userId: o.approver1.id, position: 1, approvedAt: null }],
        payee: { name: 'カ）トリヒキサキ', kind: 'ad_hoc', pattern: 'other_branch', bankCode: '0005' },
        fee: { bearer: 'payee', deductedFee: 330, transferAmount: 29_999, actualFee: 110, difference: 220 },
      });
      expect(await requestRow(t, res.body.id)).toMatchObject({ status: 'pending', decided_by: null });
      const row = await requestRow(t, res.body.id);
      expect(
        [row.amount, row.deducted_fee, row.transfer_amount, row.actual_fee, row.fee_difference].map(Number),
      ).toEqual([30_329, 330, 29_999, 110, 220]);
    });

    it('the fee is priced by the tables of the execution date and stays as stored when tables change', async () => {
      // A new standard from next week: 本支店 from 30,000 costs 440.
      const nextWeek = businessDay(t, 7);
      await postStandardFee(t, nextWeek, standardRows(undefined, { same: 0, branch: 440, bank: 660 }));
      const payee = { name: 'カ）トリヒキサキ', pattern: 'other_branch' };
      const now = await postRequest(t, o, o.requester.token, requestBody(t, o, { amount: 50_000, payee }));
      const later = await postRequest(
        t,
        o,
        o.requester.token,
        requestBody(t, o, { amount: 50_000, payee, executionDate: nextWeek }),
      );
      expect(now.body.fee).toMatchObject({ bearer: 'payer', actualFee: 330, difference: -330 });
      expect(later.body.fee).toMatchObject({ bearer: 'payer', actualFee: 440, difference: -440 });
      // The organization changes its payee-borne table: stored requests keep their fee.
      await t
        .api('put', `/organizations/${o.org.orgId}/fees/payee-borne-transfer`, o.org.manager.token)
        .send({
          useStandard: false,
          rows: standardRows({ same: 1, branch: 1, bank: 1 }, { same: 1, branch: 1, bank: 1 }),
        })
        .expect(200);
      const stored = await t.api('get', path(o, now.body.id), o.requester.token);
      expect(stored.body.fee).toEqual(now.body.fee);
      expect(Number((await requestRow(t, now.body.id)).actual_fee)).toBe(330);
    });

    it('pending → approved by the named approver with the confirmation password', async () => {
      const { id } = await create(o);
      const before = await usageOf(t, o.org.orgId, `account:${o.accountId}:transfer_total`, businessDay(t));
      const res = await approve(t, o, o.approver1.token, id);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'approved', decidedBy: o.approver1.id });
      expect(res.body.approvers[0].approvedAt).not.toBeNull();
      expect(await requestRow(t, id)).toMatchObject({ status: 'approved', decided_by: o.approver1.id });
      const after = await usageOf(t, o.org.orgId, `account:${o.accountId}:transfer_total`, businessDay(t));
      expect(after).toEqual({ reserved: before.reserved, approved: before.approved + 10_000 });
    });

    it('refuses a wrong or missing confirmation password and changes nothing', async () => {
      const { id } = await create(o);
      const wrong = await approve(t, o, o.approver1.token, id, 'Wrong-pass-9');
      expect([wrong.status, wrong.body.code]).toEqual([403, 'CONFIRMATION_PASSWORD_INVALID']);
      const missing = await t.api('post', path(o, id, 'approve'), o.approver1.token).send({});
      expect(missing.status).toBe(400);
      expect((await requestRow(t, id)).status).toBe('pending');
      expect(await slotsInDb(id)).toEqual([{ position: 1, approver: o.approver1.id, approved: false }]);
    });

    it('the requester can never approve their own request, even holding the approve permission', async () => {
      await grantPermissions(t, o.org, o.requester.id, [
        Permission.ApprovalsRequestTransfer,
        Permission.ApprovalsApproveTransfer,
      ]);
      const { id } = await create(o);
      const res = await approve(t, o, o.requester.token, id);
      expect([res.status, res.body.code]).toEqual([403, 'APPROVER_IS_REQUESTER']);
      const reject = await t.api('post', path(o, id, 'reject'), o.requester.token).send({ reason: '自分で' });
      expect([reject.status, reject.body.code]).toEqual([403, 'APPROVER_IS_REQUESTER']);
      expect((await requestRow(t, id)).status).toBe('pending');
    });

    it('someone who is not a named approver cannot decide: 403 when they may see it, 404 when they may not', async () => {
      const { id } = await create(o);
      const notNamed = await approve(t, o, o.approver2.token, id);
      expect(notNamed.status).toBe(404);
      const bystander = await approve(t, o, o.bystander.token, id);
      expect(bystander.status).toBe(404);
      // The manager holds approvals.view_all (全取引照会) and every approve permission, but is not named.
      const manager = await approve(t, o, o.org.manager.token, id);
      expect([manager.status, manager.body.code]).toEqual([403, 'NOT_AN_APPROVER']);
      expect((await requestRow(t, id)).status).toBe('pending');
    });

    it('a named approver who lost the approve permission is refused', async () => {
      const lost = await addMember(t, o.org.orgId);
      await grantPermissions(t, o.org, lost.id, [Permission.ApprovalsApproveTransfer]);
      const { id } = await create(o, { approverIds: [lost.id] });
      await grantPermissions(t, o.org, lost.id, []);
      const res = await approve(t, o, lost.token, id);
      expect(res.status).toBe(403);
      expect((await requestRow(t, id)).status).toBe('pending');
    });

    it('pending → rejected with a reason, releasing the amount from the daily limits', async () => {
      const key = `account:${o.accountId}:transfer_total`;
      const before = await usageOf(t, o.org.orgId, key, businessDay(t));
      const { id } = await create(o, { amount: 7_000 });
      expect((await usageOf(t, o.org.orgId, key, businessDay(t))).reserved).toBe(before.reserved + 7_000);
      const noReason = await t.api('post', path(o, id, 'reject'), o.approver1.token).send({});
      expect(noReason.status).toBe(400);
      const res = await t.api('post', path(o, id, 'reject'), o.approver1.token).send({ reason: '金額誤り' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'rejected',
        rejectReason: '金額誤り',
        decidedBy: o.approver1.id,
      });
      expect(await usageOf(t, o.org.orgId, key, businessDay(t))).toEqual(before);
    });

    it('pending → withdrawn (引き戻し) by the requester only, releasing the amount', async () => {
      const key = `account:${o.accountId}:ad_hoc`;
      const before = await usageOf(t, o.org.orgId, key, businessDay(t));
      const { id } = await create(o, { amount: 4_000 });
      const byApprover = await t.api('post', path(o, id, 'withdraw'), o.approver1.token);
      expect(byApprover.status).toBe(403);
      const res = await t.api('post', path(o, id, 'withdraw'), o.requester.token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'withdrawn', decidedBy: o.requester.id });
      expect(await usageOf(t, o.org.orgId, key, businessDay(t))).toEqual(before);
    });

    it('final states are final: nothing approves, rejects or withdraws them again', async () => {
      const approved = await create(o);
      await approve(t, o, o.approver1.token, approved.id).expect(200);
      const rejected = await create(o);
      await t
        .api('post', path(o, rejected.id, 'reject'), o.approver1.token)
        .send({ reason: '不要' })
        .expect(200);
      const withdrawn = await create(o);
      await t.api('post', path(o, withdrawn.id, 'withdraw'), o.requester.token).expect(200);
      for (const [id, status] of [
        [approved.id, 'approved'],
        [rejected.id, 'rejected'],
        [withdrawn.id, 'withdrawn'],
      ]) {
        const attempts = [
          await approve(t, o, o.approver1.token, id),
          await t.api('post', path(o, id, 'reject'), o.approver1.token).send({ reason: 'again' }),
          await t.api('post', path(o, id, 'withdraw'), o.requester.token),
        ];
        expect(attempts.map((r) => [r.status, r.body.code])).toEqual([
          [409, 'REQUEST_NOT_PENDING'],
          [409, 'REQUEST_NOT_PENDING'],
          [409, 'REQUEST_NOT_PENDING'],
        ]);
        expect((await requestRow(t, id)).status).toBe(status);
      }
    });
  });

  describe('double approval (ダブル承認)', () => {
    it('ordered: the second approver trying first is refused; then first, then second', async () => {
      const o = await approvalOrg(t, { modes: { bulk_transfer: 'double_ordered' } });
      const { id } = await create(o, {
        businessType: 'bulk_transfer',
        approverIds: [o.approver1.id, o.approver2.id],
      });
      const early = await approve(t, o, o.approver2.token, id);
      expect([early.status, early.body.code]).toEqual([409, 'APPROVAL_OUT_OF_ORDER']);
      const earlyReject = await t
        .api('post', path(o, id, 'reject'), o.approver2.token)
        .send({ reason: '先に' });
      expect([earlyReject.status, earlyReject.body.code]).toEqual([409, 'APPROVAL_OUT_OF_ORDER']);
      expect(await slotsInDb(id)).toEqual([
        { position: 1, approver: o.approver1.id, approved: false },
        { position: 2, approver: o.approver2.id, approved: false },
      ]);
      // Waiting for approver #1 only.
      const awaiting = async (token: string) =>
        (await t.api('get', `/organizations/${o.org.orgId}/requests?view=awaiting`, token)).body.items.map(
          (r: { id: string }) => r.id,
        );
      expect(await awaiting(o.approver1.token)).toEqual([id]);
      expect(await awaiting(o.approver2.token)).toEqual([]);

      const first = await approve(t, o, o.approver1.token, id);
      expect(first.body).toMatchObject({ status: 'pending', decidedBy: null });
      expect(await awaiting(o.approver1.token)).toEqual([]);
      expect(await awaiting(o.approver2.token)).toEqual([id]);
      const twice = await approve(t, o, o.approver1.token, id);
      expect([twice.status, twice.body.code]).toEqual([409, 'ALREADY_APPROVED']);
      const withdraw = await t.api('post', path(o, id, 'withdraw'), o.requester.token);
      expect([withdraw.status, withdraw.body.code]).toEqual([409, 'WITHDRAW_NOT_ALLOWED']);

      const second = await approve(t, o, o.approver2.token, id);
      expect(second.body).toMatchObject({ status: 'approved', decidedBy: o.approver2.id });
      expect(await slotsInDb(id)).toEqual([
        { position: 1, approver: o.approver1.id, approved: true },
        { position: 2, approver: o.approver2.id, approved: true },
      ]);
      const usage = await usageOf(t, o.org.orgId, 'company:bulk_transfer', businessDay(t));
      expect(usage).toEqual({ reserved: 10_000, approved: 10_000 });
    });

    it('unordered: either approver first; the other may still reject after one approval', async () => {
      const o = await approvalOrg(t, { modes: { payroll: 'double_unordered' } });
      const body = {
        businessType: 'payroll',
        payrollKind: 'salary',
        approverIds: [o.approver1.id, o.approver2.id],
      };
      const a = await create(o, body);
      expect((await approve(t, o, o.approver2.token, a.id)).body.status).toBe('pending');
      expect((await approve(t, o, o.approver1.token, a.id)).body).toMatchObject({
        status: 'approved',
        decidedBy: o.approver1.id,
      });
      const b = await create(o, body);
      await approve(t, o, o.approver1.token, b.id).expect(200);
      const rejected = await t
        .api('post', path(o, b.id, 'reject'), o.approver2.token)
        .send({ reason: '二重払い' });
      expect(rejected.body).toMatchObject({ status: 'rejected', rejectReason: '二重払い' });
      expect(await usageOf(t, o.org.orgId, 'company:payroll', businessDay(t))).toEqual({
        reserved: 10_000,
        approved: 10_000,
      });
    });

    it('the mode in force at creation stays with the request', async () => {
      const o = await approvalOrg(t, { modes: { transfer: 'double_unordered' } });
      const { id } = await create(o, { approverIds: [o.approver1.id, o.approver2.id] });
      await patchCompany(t, o.org, { approvalModes: { transfer: 'single' } });
      expect((await approve(t, o, o.approver1.token, id)).body).toMatchObject({
        status: 'pending',
        approvalMode: 'double_unordered',
      });
      expect((await approve(t, o, o.approver2.token, id)).body.status).toBe('approved');
    });
  });

  describe('承認なし (none, transfers only)', () => {
    it('a transfer is approved at once, with no approver, and counts as approved in the limits', async () => {
      const o = await approvalOrg(t, { modes: { transfer: 'none' } });
      const res = await postRequest(t, o, o.requester.token, requestBody(t, o, { approverIds: [] }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'approved', approvers: [], decidedBy: o.requester.id });
      expect(await usageOf(t, o.org.orgId, `account:${o.accountId}:transfer_total`, businessDay(t))).toEqual({
        reserved: 10_000,
        approved: 10_000,
      });
      const named = await postRequest(t, o, o.requester.token, requestBody(t, o));
      expect([named.status, named.body.code]).toEqual([422, 'APPROVER_COUNT_MISMATCH']);
      const withdraw = await t.api('post', path(o, res.body.id, 'withdraw'), o.requester.token);
      expect([withdraw.status, withdraw.body.code]).toEqual([409, 'REQUEST_NOT_PENDING']);
    });

    it('other businesses cannot be set to none', async () => {
      const org = await createOrg(t);
      const res = await t
        .api('patch', `/organizations/${org.orgId}`, org.manager.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION, approvalModes: { bulk_transfer: 'none' } });
      expect(res.status).toBe(400);
    });
  });

  describe('creation refusals: nothing is stored', () => {
    let o: ApprovalOrg;
    let countBefore: number;
    const count = async () =>
      Number(
        (
          await t.dataSource.query('SELECT COUNT(*) AS n FROM approval_requests WHERE organization_id = ?', [
            o.org.orgId,
          ])
        )[0].n,
      );
    beforeAll(async () => {
      o = await approvalOrg(t, { modes: { bulk_transfer: 'double_ordered' } });
      countBefore = await count();
    });
    afterAll(async () => {
      expect(await count()).toBe(countBefore);
    });

    const refused = async (overrides: Record<string, unknown>, token = o.requester.token) => {
      const res = await postRequest(t, o, token, requestBody(t, o, overrides));
      return [res.status, res.body.code];
    };

    it('without the request permission of the business', async () => {
      expect(await refused({}, o.bystander.token)).toEqual([403, 'FORBIDDEN']);
      expect(await refused({}, o.approver1.token)).toEqual([403, 'FORBIDDEN']);
    });

    it('approvers: count, four eyes, distinct, eligible', async () => {
      expect(await refused({ approverIds: [] })).toEqual([422, 'APPROVER_COUNT_MISMATCH']);
      expect(await refused({ approverIds: [o.approver1.id, o.approver2.id] })).toEqual([
        422,
        'APPROVER_COUNT_MISMATCH',
      ]);
      expect(await refused({ approverIds: [o.requester.id] })).toEqual([422, 'APPROVER_IS_REQUESTER']);
      expect(
        await refused({ businessType: 'bulk_transfer', approverIds: [o.approver1.id, o.approver1.id] }),
      ).toEqual([422, 'APPROVERS_NOT_DISTINCT']);
      expect(await refused({ approverIds: [o.bystander.id] })).toEqual([422, 'APPROVER_NOT_ELIGIBLE']);
      const elsewhere = await approvalOrg(t);
      expect(await refused({ approverIds: [elsewhere.approver1.id] })).toEqual([
        422,
        'APPROVER_NOT_ELIGIBLE',
      ]);
      expect(await refused({ approverIds: ['00000000-0000-7000-8000-000000000000'] })).toEqual([
        422,
        'APPROVER_NOT_ELIGIBLE',
      ]);
      await t.dataSource.query('UPDATE users SET is_disabled = 1 WHERE id = ?', [o.approver2.id]);
      try {
        expect(await refused({ approverIds: [o.approver2.id] })).toEqual([422, 'APPROVER_NOT_ELIGIBLE']);
      } finally {
        await t.dataSource.query('UPDATE users SET is_disabled = 0 WHERE id = ?', [o.approver2.id]);
      }
    });

    it("accounts: a usable account only; another organization's is 404", async () => {
      const notUsable = await createCompanyAccount(t, o.org);
      expect(await refused({ accountId: notUsable })).toEqual([422, 'ACCOUNT_NOT_USABLE']);
      const elsewhere = await approvalOrg(t);
      expect(await refused({ accountId: elsewhere.accountId })).toEqual([404, 'NOT_FOUND']);
    });

    it('execution dates: not in the past, not a year ahead, a real date', async () => {
      expect(await refused({ executionDate: businessDay(t, -1) })).toEqual([422, 'EXECUTION_DATE_INVALID']);
      expect(await refused({ executionDate: businessDay(t, 366) })).toEqual([422, 'EXECUTION_DATE_INVALID']);
      expect(await refused({ executionDate: '2026-02-30' })).toEqual([400, 'VALIDATION_FAILED']);
    });

    it('amounts are integers of 1 to 15 digits (400 for decimals, negatives, strings, 16 digits)', async () => {
      for (const amount of [10_000.5, -10_000, 0, '10000', 1_000_000_000_000_000, null]) {
        expect({ amount, answer: await refused({ amount }) }).toEqual({
          amount,
          answer: [400, 'VALIDATION_FAILED'],
        });
      }
    });

    it('bad shapes are 400: unknown fields, payroll without its kind, kinds on other businesses, bad payees', async () => {
      expect(await refused({ surprise: 1 })).toEqual([400, 'VALIDATION_FAILED']);
      expect(await refused({ businessType: 'payroll' })).toEqual([400, 'VALIDATION_FAILED']);
      expect(await refused({ payrollKind: 'bonus' })).toEqual([400, 'VALIDATION_FAILED']);
      expect(await refused({ payee: { name: '', pattern: 'other_bank' } })).toEqual([
        400,
        'VALIDATION_FAILED',
      ]);
      expect(await refused({ payee: { name: 'A', pattern: 'elsewhere' } })).toEqual([
        400,
        'VALIDATION_FAILED',
      ]);
      expect(await refused({ payee: { name: 'A', pattern: 'other_bank', accountNumber: '12' } })).toEqual([
        400,
        'VALIDATION_FAILED',
      ]);
    });

    it('a fee the payment cannot carry, and wages deducted, are refused', async () => {
      expect(await refused({ amount: 110, feeBearer: 'payee' })).toEqual([422, 'FEE_EXCEEDS_PAYMENT']);
      expect(await refused({ businessType: 'payroll', payrollKind: 'salary', feeBearer: 'payee' })).toEqual([
        422,
        'FEE_BEARER_NOT_ALLOWED',
      ]);
    });
  });

  describe('viewing: mine, awaiting me, all (全取引照会)', () => {
    it('each sees what concerns them; approvals.view_all sees everything; others get 404', async () => {
      const o = await approvalOrg(t);
      const mine = await create(o, { amount: 1_000 });
      t.clock.advance(1_000); // newest first: the second request is made a second later
      const other = await create(o, { amount: 2_000, approverIds: [o.approver2.id] });
      const list = async (token: string, view: string) => {
        const res = await t.api('get', `/organizations/${o.org.orgId}/requests?view=${view}`, token);
        return [
          res.status,
          res.status === 200 ? res.body.items.map((r: { id: string }) => r.id) : res.body.code,
        ];
      };
      expect(await list(o.requester.token, 'mine')).toEqual([200, [other.id, mine.id]]);
      expect(await list(o.approver1.token, 'awaiting')).toEqual([200, [mine.id]]);
      expect(await list(o.approver2.token, 'awaiting')).toEqual([200, [other.id]]);
      expect(await list(o.approver1.token, 'mine')).toEqual([200, []]);
      expect(await list(o.approver1.token, 'all')).toEqual([403, 'FORBIDDEN']);
      expect(await list(o.org.manager.token, 'all')).toEqual([200, [other.id, mine.id]]);
      await grantPermissions(t, o.org, o.bystander.id, [Permission.ApprovalsViewAll]);
      expect(await list(o.bystander.token, 'all')).toEqual([200, [other.id, mine.id]]);
      const filtered = await t.api(
        'get',
        `/organizations/${o.org.orgId}/requests?view=mine&status=pending&businessType=transfer&perPage=25&page=1`,
        o.requester.token,
      );
      expect(filtered.body).toMatchObject({ total: 2, page: 1, perPage: 25 });
      expect(
        (await t.api('get', `/organizations/${o.org.orgId}/requests?view=everything`, o.requester.token))
          .status,
      ).toBe(400);

      const one = (token: string) => t.api('get', `/organizations/${o.org.orgId}/requests/${mine.id}`, token);
      expect((await one(o.requester.token)).status).toBe(200);
      expect((await one(o.approver1.token)).status).toBe(200);
      expect((await one(o.approver2.token)).status).toBe(404);
      expect((await one(o.bystander.token)).status).toBe(200);
      const stranger = await approvalOrg(t);
      expect((await one(stranger.requester.token)).status).toBe(404);
      expect((await one(stranger.org.manager.token)).status).toBe(404);
    });
  });
});
