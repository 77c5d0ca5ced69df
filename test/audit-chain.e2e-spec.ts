import { canonicalOperation, chainHash } from '../src/audit/audit-chain';
import { AuditRecorder } from '../src/audit/audit-recorder.service';
import { OperationHistory } from '../src/audit/operation-history.entity';
import { AuditRetentionService } from '../src/audit-history/audit-retention.service';
import { loginAs, loginAsOperator } from './support/factories';
import { addMember, createOrg, type CreatedOrg } from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';

// Whole-app tests on a shared two-core machine: allow more than Jest's default 5 s per test and hook.
jest.setTimeout(60_000);

/**
 * SPEC §9 "Tamper evidence": per-organization hash chains, `GET .../audit/verify` naming the first broken link,
 * no update or delete path except the retention job.
 */
describe('Audit hash chains', () => {
  let t: TestApp;
  let org: CreatedOrg;
  const verify = async (token = org.manager.token) => {
    await t.app.get(AuditRecorder).drain();
    const res = await t.api('get', `/organizations/${org.orgId}/audit/verify`, token);
    expect(res.status).toBe(200);
    return res.body;
  };

  beforeAll(async () => {
    t = await createTestApp({ env: { AUDIT_RETENTION_DAYS: '30' } });
    org = await createOrg(t);
    const member = await addMember(t, org.orgId);
    await loginAs(t, member.loginId); // a login-history row in the organization's chain
    for (let i = 0; i < 5; i++)
      await t.api('get', `/organizations/${org.orgId}`, org.manager.token).expect(200);
  });
  afterAll(() => t.close());

  it('verifies an untouched organization: both chains intact, every row checked', async () => {
    await t.app.get(AuditRecorder).drain();
    const [ops] = await t.dataSource.query('SELECT COUNT(*) AS n FROM operation_history WHERE chain = ?', [
      org.orgId,
    ]);
    const [logins] = await t.dataSource.query('SELECT COUNT(*) AS n FROM login_history WHERE chain = ?', [
      org.orgId,
    ]);
    const report = await verify(); // its own row is appended after it answered
    expect(report).toEqual({
      ok: true,
      operations: {
        ok: true,
        checked: Number(ops.n),
        firstSeq: 1,
        lastSeq: Number(ops.n),
        firstBroken: null,
      },
      loginHistory: {
        ok: true,
        checked: Number(logins.n),
        firstSeq: 1,
        lastSeq: Number(logins.n),
        firstBroken: null,
      },
    });
    expect(Number(ops.n)).toBeGreaterThanOrEqual(5);
    expect(Number(logins.n)).toBeGreaterThanOrEqual(1);
  });

  it('keeps each organization on its own chain with gap-free sequence numbers', async () => {
    const other = await createOrg(t);
    await t.api('get', `/organizations/${other.orgId}`, other.manager.token).expect(200);
    await t.app.get(AuditRecorder).drain();
    for (const chain of [org.orgId, other.orgId]) {
      const rows: { seq: number; organization_id: string }[] = await t.dataSource.query(
        'SELECT seq, organization_id FROM operation_history WHERE chain = ? ORDER BY seq',
        [chain],
      );
      expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
      expect(new Set(rows.map((r) => r.organization_id))).toEqual(new Set([chain]));
    }
  });

  describe('tampering', () => {
    type Row = { id: string; seq: number; details: string | null; screen: string };
    const middleRow = async (table = 'operation_history'): Promise<Row> => {
      const rows: Row[] = await t.dataSource.query(`SELECT * FROM ${table} WHERE chain = ? ORDER BY seq`, [
        org.orgId,
      ]);
      return rows[Math.floor(rows.length / 2)];
    };

    it('an edit of one operation row in the database makes verify name exactly that row', async () => {
      const row = await middleRow();
      await t.dataSource.query('UPDATE operation_history SET screen = ? WHERE id = ?', ['改ざん', row.id]);
      const report = await verify();
      expect(report.ok).toBe(false);
      expect(report.operations.firstBroken).toEqual({
        id: row.id,
        seq: Number(row.seq),
        reason: 'hash_mismatch',
      });
      expect(report.loginHistory.ok).toBe(true);
      await t.dataSource.query('UPDATE operation_history SET screen = ? WHERE id = ?', [row.screen, row.id]);
      expect((await verify()).ok).toBe(true);
    });

    it('an edit of a login-history row is named too', async () => {
      const [row]: { id: string; seq: number; ip: string }[] = await t.dataSource.query(
        'SELECT id, seq, ip FROM login_history WHERE chain = ? ORDER BY seq',
        [org.orgId],
      );
      await t.dataSource.query('UPDATE login_history SET ip = ? WHERE id = ?', ['203.0.113.99', row.id]);
      const report = await verify();
      expect(report.loginHistory.firstBroken).toEqual({
        id: row.id,
        seq: Number(row.seq),
        reason: 'hash_mismatch',
      });
      await t.dataSource.query('UPDATE login_history SET ip = ? WHERE id = ?', [row.ip, row.id]);
    });

    it('a row edited with its hash recomputed breaks the link to the next row, which verify names', async () => {
      const repo = t.dataSource.getRepository(OperationHistory);
      const rows = await repo.find({ where: { chain: org.orgId }, order: { seq: 'ASC' } });
      const [victim, next] = [rows[1], rows[2]];
      const forged = { ...victim, screen: '改ざん' };
      forged.hash = chainHash(forged.prevHash, canonicalOperation(forged));
      await repo.update({ id: victim.id }, { screen: forged.screen, hash: forged.hash });
      const report = await verify();
      expect(report.operations.firstBroken).toEqual({
        id: next.id,
        seq: next.seq,
        reason: 'previous_hash_mismatch',
      });
      await repo.update({ id: victim.id }, { screen: victim.screen, hash: victim.hash });
      expect((await verify()).ok).toBe(true);
    });

    it('a deleted row shows as a gap at the row after it', async () => {
      const rows: Record<string, unknown>[] = await t.dataSource.query(
        'SELECT * FROM operation_history WHERE chain = ? ORDER BY seq',
        [org.orgId],
      );
      const [gone, after] = [rows[2], rows[3]];
      await t.dataSource.query('DELETE FROM operation_history WHERE id = ?', [gone.id]);
      const report = await verify();
      expect(report.operations.firstBroken).toEqual({
        id: after.id,
        seq: Number(after.seq),
        reason: 'sequence_gap',
      });
      const columns = Object.keys(gone);
      await t.dataSource.query(
        `INSERT INTO operation_history (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        columns.map((c) => gone[c]),
      );
      expect((await verify()).ok).toBe(true);
    });

    it('deleting the newest row is caught by the chain head', async () => {
      await t.app.get(AuditRecorder).drain();
      const [last] = await t.dataSource.query(
        'SELECT * FROM operation_history WHERE chain = ? ORDER BY seq DESC LIMIT 1',
        [org.orgId],
      );
      await t.dataSource.query('DELETE FROM operation_history WHERE id = ?', [last.id]);
      const report = await verify();
      expect(report.operations.firstBroken).toEqual({
        id: null,
        seq: Number(last.seq),
        reason: 'missing_rows',
      });
      const columns = Object.keys(last);
      await t.dataSource.query(
        `INSERT INTO operation_history (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        columns.map((c) => last[c]),
      );
      expect((await verify()).ok).toBe(true);
    });
  });

  it('stays one unbroken chain when 30 requests of one organization append at the same moment', async () => {
    const member = await addMember(t, org.orgId);
    await t.app.get(AuditRecorder).drain(); // rows of the set-up requests are written in the background
    const [before] = await t.dataSource.query('SELECT COUNT(*) AS n FROM operation_history WHERE chain = ?', [
      org.orgId,
    ]);
    const responses = await Promise.all(
      Array.from(
        { length: 30 },
        (_, i) =>
          i % 3 === 0
            ? t
                .api('post', `/organizations/${org.orgId}/groups`, org.manager.token)
                .send({ code: `P${i}`, name: `並行${i}` })
            : i % 3 === 1
              ? t.api('get', `/organizations/${org.orgId}`, member.token)
              : t.api('get', `/organizations/${org.orgId}/audit/operations`, member.token), // refused: 403
      ),
    );
    expect(responses.map((r) => r.status).sort()).toEqual(
      [...Array(10).fill(200), ...Array(10).fill(201), ...Array(10).fill(403)].sort(),
    );
    await t.app.get(AuditRecorder).drain();
    const rows: { seq: number }[] = await t.dataSource.query(
      'SELECT seq FROM operation_history WHERE chain = ? ORDER BY seq',
      [org.orgId],
    );
    expect(rows.length).toBe(Number(before.n) + 30);
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
    const report = await verify();
    expect(report.ok).toBe(true);
    expect(report.operations.checked).toBe(rows.length);
  });

  describe('retention (the only deletion path)', () => {
    it('deletes rows older than AUDIT_RETENTION_DAYS and verify still succeeds from the stored anchor', async () => {
      t.clock.set('2026-01-01T00:00:00Z');
      const old = await createOrg(t); // old rows in a fresh organization's chains
      await loginAs(t, old.manager.loginId); // an old sign-in as a member of it
      for (let i = 0; i < 3; i++)
        await t.api('get', `/organizations/${old.orgId}`, old.manager.token).expect(200);
      t.clock.set('2026-03-01T00:00:00Z');
      const token = await loginAs(t, old.manager.loginId);
      for (let i = 0; i < 2; i++) await t.api('get', `/organizations/${old.orgId}`, token).expect(200);
      await t.app.get(AuditRecorder).drain();
      const [{ n: oldRows }] = await t.dataSource.query(
        "SELECT COUNT(*) AS n FROM operation_history WHERE chain = ? AND occurred_at < '2026-02-01'",
        [old.orgId],
      );
      expect(Number(oldRows)).toBeGreaterThanOrEqual(3);

      const result = await t.app.get(AuditRetentionService).purgeExpired();
      expect(result.retentionDays).toBe(30);
      expect(result.deletedOperations).toBeGreaterThanOrEqual(Number(oldRows));
      const remaining: { seq: number; occurred_at: unknown }[] = await t.dataSource.query(
        'SELECT seq FROM operation_history WHERE chain = ? ORDER BY seq',
        [old.orgId],
      );
      expect(remaining.length).toBeGreaterThan(0);
      expect(Number(remaining[0].seq)).toBe(Number(oldRows) + 1);
      const [{ n: stillOld }] = await t.dataSource.query(
        "SELECT COUNT(*) AS n FROM operation_history WHERE chain = ? AND occurred_at < '2026-01-30'",
        [old.orgId],
      );
      expect(Number(stillOld)).toBe(0);

      const res = await t.api('get', `/organizations/${old.orgId}/audit/verify`, token);
      expect(res.body.ok).toBe(true);
      expect(res.body.operations.firstSeq).toBe(Number(oldRows) + 1);
      expect(result.deletedLogins).toBeGreaterThanOrEqual(1);
      const logins: { occurred_at: unknown }[] = await t.dataSource.query(
        'SELECT occurred_at FROM login_history WHERE chain = ? ORDER BY seq',
        [old.orgId],
      );
      expect(logins).toHaveLength(1); // the March sign-in
      expect(res.body.loginHistory).toMatchObject({ ok: true, firstSeq: 2, lastSeq: 2 });

      // The run itself is in the system chain, as the system actor.
      const [row] = await t.dataSource.query(
        "SELECT * FROM operation_history WHERE route = 'job:audit-retention' ORDER BY seq DESC LIMIT 1",
      );
      expect(row).toMatchObject({ chain: 'system', operator_login_id: 'system', operation: 'delete' });
      const operator = await loginAsOperator(t);
      const system = await t.api('get', '/system/audit/verify', operator);
      expect(system.body.ok).toBe(true);
    });

    it('keeps everything when no retention period is configured', async () => {
      await t.app.get(AuditRecorder).drain();
      const [{ n: before }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM operation_history');
      const result = await t.app.get(AuditRetentionService).purgeExpired(0);
      expect(result).toEqual({ retentionDays: 0, deletedOperations: 0, deletedLogins: 0 });
      const [{ n: after }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM operation_history');
      expect(Number(after)).toBe(Number(before));
    });
  });
});
