import type { DataSource } from 'typeorm';

/**
 * A commit-ordered history of memberships and manager flags, recorded by triggers on `users` in the soak's own
 * MariaDB database (test-only; the application never sees them). Every membership change takes the organization
 * row lock (SPEC §2 "Lock the organization row before counting"), so for one organization the log's
 * auto-increment order is the order the changes committed in; rows also carry the connection id and commit markers, so
 * the state can be judged at transaction boundaries. Replaying the log proves the manager rules held at every commit,
 * not only at the end — which is what "managers ≤ cap unless over-cap by shrinkage" needs: an organization may end
 * over its cap only if no manager was added while the count exceeded the cap.
 */

export async function installMembershipLog(ds: DataSource): Promise<void> {
  await ds.query(`CREATE TABLE proof_membership_log (
    id BIGINT AUTO_INCREMENT PRIMARY KEY,
    conn BIGINT NOT NULL,
    user_id VARCHAR(36) NOT NULL,
    old_org VARCHAR(36) NULL,
    new_org VARCHAR(36) NULL,
    old_mgr TINYINT NOT NULL,
    new_mgr TINYINT NOT NULL,
    at DATETIME(6) NOT NULL
  )`);
  const trx = 'CONNECTION_ID()';
  await ds.query(`CREATE TRIGGER proof_users_ai AFTER INSERT ON users FOR EACH ROW
    INSERT INTO proof_membership_log (conn, user_id, old_org, new_org, old_mgr, new_mgr, at)
    VALUES (${trx}, NEW.id, NULL, NEW.organization_id, 0, NEW.is_manager, NOW(6))`);
  await ds.query(`CREATE TRIGGER proof_users_au AFTER UPDATE ON users FOR EACH ROW
    IF NOT (OLD.organization_id <=> NEW.organization_id) OR OLD.is_manager <> NEW.is_manager THEN
      INSERT INTO proof_membership_log (conn, user_id, old_org, new_org, old_mgr, new_mgr, at)
      VALUES (${trx}, NEW.id, OLD.organization_id, NEW.organization_id, OLD.is_manager, NEW.is_manager, NOW(6));
    END IF`);
  await ds.query(`CREATE TRIGGER proof_users_ad AFTER DELETE ON users FOR EACH ROW
    INSERT INTO proof_membership_log (conn, user_id, old_org, new_org, old_mgr, new_mgr, at)
    VALUES (${trx}, OLD.id, OLD.organization_id, NULL, OLD.is_manager, 0, NOW(6))`);
  // Commit markers: every audited transaction appends its operation-history row last, just before it commits
  // (TransactionService's participant), moving its chain head; the marker closes that connection's transaction.
  for (const event of ['INSERT', 'UPDATE'])
    await ds.query(`CREATE TRIGGER proof_heads_${event === 'INSERT' ? 'ai' : 'au'} AFTER ${event} ON audit_chain_heads FOR EACH ROW
      INSERT INTO proof_membership_log (conn, user_id, old_org, new_org, old_mgr, new_mgr, at)
      VALUES (${trx}, '${COMMIT_MARKER}', NULL, NULL, 0, 0, NOW(6))`);
}

const COMMIT_MARKER = '*commit*';

export async function removeMembershipLog(ds: DataSource): Promise<void> {
  for (const t of ['proof_users_ai', 'proof_users_au', 'proof_users_ad'])
    await ds.query(`DROP TRIGGER IF EXISTS ${t}`);
}

interface LogRow {
  id: number | string;
  conn: number | string;
  user_id: string;
  old_org: string | null;
  new_org: string | null;
  old_mgr: number;
  new_mgr: number;
}

export interface ReplayResult {
  changes: number;
  transactions: number;
  /** A manager was added while the organization then had more managers than its cap. */
  capViolations: string[];
  /** A transaction ended with members but no manager. */
  noManagerViolations: string[];
  /** Organizations over their cap at the end, and whether they got there only by shrinking. */
  overCapAtEnd: { orgId: string; members: number; managers: number; cap: number; byShrinkage: boolean }[];
  /** The replayed final state differs from the table (a change escaped the log). */
  divergence: string[];
}

const cap = (members: number) => Math.floor((members + 4) / 5);

/** Replays the log and judges every commit (see the file comment). */
export async function replayMembershipLog(ds: DataSource): Promise<ReplayResult> {
  const rows: LogRow[] = await ds.query('SELECT * FROM proof_membership_log ORDER BY id');
  const members = new Map<string, Set<string>>();
  const managers = new Map<string, Set<string>>();
  /** Per organization: whether the count went above the cap only through shrinking since the last addition. */
  const addedSinceWithinCap = new Map<string, boolean>();
  const setOf = (m: Map<string, Set<string>>, org: string) => m.get(org) ?? m.set(org, new Set()).get(org)!;
  const result: ReplayResult = {
    changes: 0,
    transactions: 0,
    capViolations: [],
    noManagerViolations: [],
    overCapAtEnd: [],
    divergence: [],
  };
  // A connection's rows up to its commit marker are one transaction; it is judged then, once all of its rows are
  // applied. Other organizations' rows may interleave in the log (they hold other locks); the same organization's
  // cannot. A transaction that writes no audit row is judged with the next one of its connection (weaker, never
  // wrong the other way).
  const touchedBy = new Map<string, Set<string>>();
  const endTransaction = (conn: string, touched: Set<string>) => {
    result.transactions += 1;
    for (const org of touched) {
      const n = setOf(members, org).size;
      const m = setOf(managers, org).size;
      if (n > 0 && m === 0)
        result.noManagerViolations.push(
          `${org} after a transaction on connection ${conn}: ${n} members, no manager`,
        );
      if (m <= cap(n)) addedSinceWithinCap.set(org, false);
    }
  };
  for (const r of rows) {
    const conn = String(r.conn);
    const touched = touchedBy.get(conn) ?? touchedBy.set(conn, new Set()).get(conn)!;
    if (r.user_id === COMMIT_MARKER) {
      if (touched.size) endTransaction(conn, touched);
      touchedBy.delete(conn);
      continue;
    }
    result.changes += 1;
    if (r.old_org) {
      setOf(members, r.old_org).delete(r.user_id);
      setOf(managers, r.old_org).delete(r.user_id);
      touched.add(r.old_org);
    }
    if (r.new_org) {
      setOf(members, r.new_org).add(r.user_id);
      if (Number(r.new_mgr)) setOf(managers, r.new_org).add(r.user_id);
      touched.add(r.new_org);
      const added = Number(r.new_mgr) === 1 && (Number(r.old_mgr) === 0 || r.old_org !== r.new_org);
      if (added) {
        const n = setOf(members, r.new_org).size;
        const m = setOf(managers, r.new_org).size;
        if (m > cap(n))
          result.capViolations.push(
            `${r.new_org}: manager ${r.user_id} added making ${m} managers of ${n} members (cap ${cap(n)}), log #${r.id}`,
          );
        addedSinceWithinCap.set(r.new_org, true);
      }
    }
  }
  for (const [conn, touched] of touchedBy) if (touched.size) endTransaction(conn, touched);
  for (const [org, set] of members) {
    const n = set.size;
    const m = setOf(managers, org).size;
    if (m > cap(n))
      result.overCapAtEnd.push({
        orgId: org,
        members: n,
        managers: m,
        cap: cap(n),
        byShrinkage: !addedSinceWithinCap.get(org),
      });
  }
  // The log must explain the table exactly.
  const actual: { organization_id: string; n: number | string; m: number | string }[] = await ds.query(
    'SELECT organization_id, COUNT(*) AS n, SUM(is_manager) AS m FROM users WHERE organization_id IS NOT NULL GROUP BY organization_id',
  );
  for (const a of actual) {
    const n = setOf(members, a.organization_id).size;
    const m = setOf(managers, a.organization_id).size;
    if (n !== Number(a.n) || m !== Number(a.m))
      result.divergence.push(`${a.organization_id}: table ${a.n}/${a.m}, log ${n}/${m} (members/managers)`);
  }
  return result;
}
