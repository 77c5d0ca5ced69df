import { approvalOrg, businessDay, postStandardFee, usageOf } from './support/approval-helpers';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * SPEC §14 with §5: batch requests count their total against the company daily limit under concurrency. Fifty
 * batches race for a limit that fits ten, twenty times over; the DATABASE is checked each time. Meant for MariaDB
 * (`KANRI_TEST_DB=mysql`), where the requests really overlap.
 */
describe('batch limits under concurrent requests', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2026-11-24T01:00:00.000Z');
    await postStandardFee(t, businessDay(t));
  });
  afterAll(() => t.close());

  it('50 parallel batches (3 lines, 5,000 yen) against a company limit that fits 10: exactly 10 pass, 20 runs', async () => {
    const line = {
      bankCode: '0005',
      branchCode: '001',
      accountType: 'ordinary',
      accountNumber: '1234567',
      pattern: 'other_bank',
    };
    for (let run = 1; run <= 20; run++) {
      const o = await approvalOrg(t, { dailyLimits: { bulk_transfer: 50_000 } });
      const body = {
        businessType: 'bulk_transfer',
        accountId: o.accountId,
        executionDate: businessDay(t),
        approverIds: [o.approver1.id],
        lines: [
          { ...line, payeeNameKana: 'ｱ', amount: 1_000 },
          { ...line, payeeNameKana: 'ｲ', amount: 1_500 },
          { ...line, payeeNameKana: 'ｳ', amount: 2_500 },
        ],
      };
      const answers = await Promise.all(
        Array.from({ length: 50 }, () =>
          t.api('post', `/organizations/${o.org.orgId}/requests/batches`, o.requester.token).send(body),
        ),
      );
      const tally: Record<string, number> = {};
      for (const r of answers) {
        const key = r.status === 201 ? '201' : `${r.status} ${(r.body as { code?: string }).code}`;
        tally[key] = (tally[key] ?? 0) + 1;
      }
      expect({ run, tally }).toEqual({ run, tally: { '201': 10, '422 DAILY_LIMIT_EXCEEDED': 40 } });
      const [sums] = (await t.dataSource.query(
        `SELECT COUNT(*) AS n, COALESCE(SUM(amount), 0) AS total FROM approval_requests
          WHERE organization_id = ? AND status IN ('pending', 'approved')`,
        [o.org.orgId],
      )) as { n: number | string; total: number | string }[];
      const [lines] = (await t.dataSource.query(
        'SELECT COUNT(*) AS n, COALESCE(SUM(amount), 0) AS total FROM approval_request_lines WHERE organization_id = ?',
        [o.org.orgId],
      )) as { n: number | string; total: number | string }[];
      expect({ run, requests: Number(sums.n), total: Number(sums.total) }).toEqual({
        run,
        requests: 10,
        total: 50_000,
      });
      expect({ run, lines: Number(lines.n), total: Number(lines.total) }).toEqual({
        run,
        lines: 30,
        total: 50_000,
      });
      expect(await usageOf(t, o.org.orgId, 'company:bulk_transfer', businessDay(t))).toEqual({
        reserved: 50_000,
        approved: 0,
      });
    }
  }, 600_000);
});
