import {
  type ApprovalOrg,
  approvalOrg,
  approve,
  businessDay,
  patchCompany,
  postRequest,
  postStandardFee,
  requestBody,
  usageOf,
} from './support/approval-helpers';
import { DEFAULT_CONFIRMATION } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * SPEC §5 "two requests racing for the last yen of a limit cannot both pass": real HTTP requests fired together,
 * then the DATABASE is checked. Meant for MariaDB (`KANRI_TEST_DB=mysql`), where the requests really overlap;
 * on SQLite they pass through the single-writer queue and the same assertions hold.
 */
describe('limits under concurrent requests', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2026-11-24T01:00:00.000Z'); // 10:00 in Tokyo
    await postStandardFee(t, businessDay(t));
  });
  afterAll(() => t.close());

  const pendingOrApproved = async (o: ApprovalOrg) => {
    const [row] = (await t.dataSource.query(
      `SELECT COUNT(*) AS n, COALESCE(SUM(amount), 0) AS total FROM approval_requests
        WHERE organization_id = ? AND status IN ('pending', 'approved')`,
      [o.org.orgId],
    )) as { n: number | string; total: number | string }[];
    return { count: Number(row.n), total: Number(row.total) };
  };
  const tally = (answers: { status: number; body: { code?: string } }[]) => {
    const counts: Record<string, number> = {};
    for (const r of answers) {
      const key = r.status === 201 || r.status === 200 ? String(r.status) : `${r.status} ${r.body.code}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  };

  it('50 parallel transfers against an account limit that fits 10: exactly 10 pass', async () => {
    const o = await approvalOrg(t, { accountLimits: { transferTotal: 10_000 } });
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        postRequest(t, o, o.requester.token, requestBody(t, o, { amount: 1_000 })),
      ),
    );
    expect(tally(answers)).toEqual({ '201': 10, '422 DAILY_LIMIT_EXCEEDED': 40 });
    expect(await pendingOrApproved(o)).toEqual({ count: 10, total: 10_000 });
    expect(await usageOf(t, o.org.orgId, `account:${o.accountId}:transfer_total`, businessDay(t))).toEqual({
      reserved: 10_000,
      approved: 0,
    });
    expect(await usageOf(t, o.org.orgId, `account:${o.accountId}:ad_hoc`, businessDay(t))).toEqual({
      reserved: 10_000,
      approved: 0,
    });
  });

  it('50 parallel bulk transfers against a company limit that fits 10: exactly 10 pass', async () => {
    const o = await approvalOrg(t, { dailyLimits: { bulk_transfer: 50_000 } });
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        postRequest(
          t,
          o,
          o.requester.token,
          requestBody(t, o, { businessType: 'bulk_transfer', amount: 5_000 }),
        ),
      ),
    );
    expect(tally(answers)).toEqual({ '201': 10, '422 DAILY_LIMIT_EXCEEDED': 40 });
    expect(await pendingOrApproved(o)).toEqual({ count: 10, total: 50_000 });
    expect(await usageOf(t, o.org.orgId, 'company:bulk_transfer', businessDay(t))).toEqual({
      reserved: 50_000,
      approved: 0,
    });
  });

  it('20 requests racing for the last yen: exactly one gets it', async () => {
    const o = await approvalOrg(t, { accountLimits: { transferTotal: 1_000_000 } });
    expect((await postRequest(t, o, o.requester.token, requestBody(t, o, { amount: 999_999 }))).status).toBe(
      201,
    );
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        postRequest(t, o, o.requester.token, requestBody(t, o, { amount: 1 })),
      ),
    );
    expect(tally(answers)).toEqual({ '201': 1, '422 DAILY_LIMIT_EXCEEDED': 19 });
    expect(await pendingOrApproved(o)).toEqual({ count: 2, total: 1_000_000 });
  });

  it('20 parallel final approvals after the limit was lowered: exactly as many as fit are approved', async () => {
    const o = await approvalOrg(t);
    // One approver sends all 20 with the confirmation password; each answer in flight holds a lockout attempt slot
    // (auth/lockout), so the organization allows more attempts than the default 3 for this burst.
    await patchCompany(t, o.org, { lockoutThreshold: 100 });
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      ids.push(
        (await postRequest(t, o, o.requester.token, requestBody(t, o, { amount: 1_000 }))).body.id as string,
      );
    }
    await t
      .api('patch', `/organizations/${o.org.orgId}/accounts/${o.accountId}`, o.org.manager.token)
      .send({ confirmationPassword: DEFAULT_CONFIRMATION, dailyLimits: { transferTotal: 10_000 } })
      .expect(200);
    const answers = await Promise.all(ids.map((id) => approve(t, o, o.approver1.token, id)));
    expect(tally(answers)).toEqual({ '200': 10, '422 DAILY_LIMIT_EXCEEDED': 10 });
    const [approved] = await t.dataSource.query(
      "SELECT COUNT(*) AS n, SUM(amount) AS total FROM approval_requests WHERE organization_id = ? AND status = 'approved'",
      [o.org.orgId],
    );
    expect([Number(approved.n), Number(approved.total)]).toEqual([10, 10_000]);
    expect(await usageOf(t, o.org.orgId, `account:${o.accountId}:transfer_total`, businessDay(t))).toEqual({
      reserved: 20_000,
      approved: 10_000,
    });
  });

  it('approval and withdrawal of the same request at the same moment: exactly one wins', async () => {
    const o = await approvalOrg(t);
    for (let round = 0; round < 10; round++) {
      const { body } = await postRequest(t, o, o.requester.token, requestBody(t, o, { amount: 1_000 }));
      const [approval, withdrawal] = await Promise.all([
        approve(t, o, o.approver1.token, body.id as string),
        t.api('post', `/organizations/${o.org.orgId}/requests/${body.id}/withdraw`, o.requester.token),
      ]);
      const winners = [approval, withdrawal].filter((r) => r.status === 200);
      expect(winners).toHaveLength(1);
      const loser = [approval, withdrawal].find((r) => r.status !== 200)!;
      expect([loser.status, loser.body.code]).toEqual([409, 'REQUEST_NOT_PENDING']);
    }
    const { total } = await pendingOrApproved(o);
    const usage = await usageOf(t, o.org.orgId, `account:${o.accountId}:transfer_total`, businessDay(t));
    const [approved] = await t.dataSource.query(
      "SELECT COALESCE(SUM(amount), 0) AS total FROM approval_requests WHERE organization_id = ? AND status = 'approved'",
      [o.org.orgId],
    );
    expect(usage).toEqual({ reserved: total, approved: Number(approved.total) });
  });

  it('both approvers of a double approval at the same moment: one approval each, approved once', async () => {
    const o = await approvalOrg(t, { modes: { transfer: 'double_unordered' } });
    for (let round = 0; round < 10; round++) {
      const { body } = await postRequest(
        t,
        o,
        o.requester.token,
        requestBody(t, o, { amount: 1_000, approverIds: [o.approver1.id, o.approver2.id] }),
      );
      const answers = await Promise.all([
        approve(t, o, o.approver1.token, body.id as string),
        approve(t, o, o.approver2.token, body.id as string),
      ]);
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      expect(answers.map((r) => r.body.status).sort()).toEqual(['approved', 'pending']);
    }
    expect(await usageOf(t, o.org.orgId, `account:${o.accountId}:transfer_total`, businessDay(t))).toEqual({
      reserved: 10_000,
      approved: 10_000,
    });
  });
});
