import type { DataSource } from 'typeorm';

/**
 * The spec's invariants as SQL over the final state (SPEC §2, §4, §5, §9). Each check returns the offending rows as
 * readable strings; an empty list means the invariant holds. Checks whose tables do not exist yet (a module that has
 * not landed) report that they were skipped.
 */

export interface InvariantResult {
  name: string;
  violations: string[];
  skipped?: string;
  /** How many rows the check looked at: a check over nothing proves nothing. */
  examined: number;
}

async function tableExists(ds: DataSource, table: string): Promise<boolean> {
  // Portable (MariaDB and SQLite): a table that is not there makes the query fail.
  return ds
    .query(`SELECT 1 FROM ${table} WHERE 1 = 0`)
    .then(() => true)
    .catch(() => false);
}

/** ≥ 1 manager wherever there are members; and an active one, unless the organization is flagged managerRequired. */
export async function atLeastOneManager(ds: DataSource): Promise<InvariantResult> {
  const rows: {
    id: string;
    n: number | string;
    m: number | string;
    active: number | string;
    flagged: number | string;
  }[] = await ds.query(`
      SELECT o.id, COUNT(u.id) AS n, COALESCE(SUM(u.is_manager), 0) AS m,
             COALESCE(SUM(u.is_manager = 1 AND u.is_disabled = 0 AND u.usage_stop_date IS NULL), 0) AS active,
             o.manager_required AS flagged
        FROM organizations o LEFT JOIN users u ON u.organization_id = o.id
       GROUP BY o.id, o.manager_required`);
  return {
    name: '≥ 1 manager where members exist',
    examined: rows.length,
    violations: rows
      .filter((r) => Number(r.n) > 0 && (Number(r.m) === 0 || (Number(r.active) === 0 && !Number(r.flagged))))
      .map(
        (r) =>
          `${r.id}: ${r.n} members, ${r.m} managers (${r.active} active), managerRequired=${Number(r.flagged)}`,
      ),
  };
}

/** Daily sums of pending and approved requests within every limit (account limits and company limits). */
export async function dailySumsWithinLimits(ds: DataSource): Promise<InvariantResult> {
  if (!(await tableExists(ds, 'approval_requests')))
    return { name: 'daily sums ≤ limits', violations: [], examined: 0, skipped: 'approvals module absent' };
  const violations: string[] = [];
  const account: Record<string, string | number | null>[] = await ds.query(`
    SELECT r.organization_id, r.account_id, r.execution_date, r.payee_kind,
           SUM(r.amount) AS kind_sum, a.ad_hoc_limit, a.registered_limit
      FROM approval_requests r JOIN company_accounts a ON a.id = r.account_id
     WHERE r.business_type = 'transfer' AND r.status IN ('pending', 'approved')
     GROUP BY r.organization_id, r.account_id, r.execution_date, r.payee_kind, a.ad_hoc_limit, a.registered_limit`);
  for (const g of account) {
    const limit = g.payee_kind === 'registered' ? g.registered_limit : g.ad_hoc_limit;
    if (limit !== null && Number(g.kind_sum) > Number(limit))
      violations.push(
        `account ${g.account_id} ${g.execution_date} ${g.payee_kind}: ${g.kind_sum} > ${limit}`,
      );
  }
  const totals: Record<string, string | number | null>[] = await ds.query(`
    SELECT r.account_id, r.execution_date, SUM(r.amount) AS total, a.transfer_total_limit,
           SUM(CASE WHEN r.status = 'approved' THEN r.amount ELSE 0 END) AS approved
      FROM approval_requests r JOIN company_accounts a ON a.id = r.account_id
     WHERE r.business_type = 'transfer' AND r.status IN ('pending', 'approved')
     GROUP BY r.account_id, r.execution_date, a.transfer_total_limit`);
  for (const g of totals) {
    if (g.transfer_total_limit !== null && Number(g.total) > Number(g.transfer_total_limit))
      violations.push(
        `account ${g.account_id} ${g.execution_date} total: ${g.total} > ${g.transfer_total_limit}`,
      );
  }
  const company: Record<string, string | number | null>[] = await ds.query(`
    SELECT r.organization_id, r.execution_date,
           CASE WHEN r.business_type = 'payroll' AND r.payroll_kind = 'bonus' THEN 'bonus' ELSE r.business_type END AS kind,
           SUM(r.amount) AS total, MAX(o.settings) AS settings
      FROM approval_requests r JOIN organizations o ON o.id = r.organization_id
     WHERE r.business_type <> 'transfer' AND r.status IN ('pending', 'approved')
     GROUP BY r.organization_id, r.execution_date, kind`);
  for (const g of company) {
    const settings = JSON.parse(String(g.settings ?? '{}')) as {
      dailyLimits?: Record<string, number | null>;
    };
    const limit = settings.dailyLimits?.[String(g.kind)];
    if (typeof limit === 'number' && Number(g.total) > limit)
      violations.push(
        `organization ${g.organization_id} ${g.execution_date} ${g.kind}: ${g.total} > ${limit}`,
      );
  }
  // The usage rows the limits are checked against must agree with the requests themselves.
  if (await tableExists(ds, 'approval_daily_usage')) {
    const usage: Record<string, string | number>[] = await ds.query(`
      SELECT u.organization_id, u.scope_key, u.business_date, u.reserved_amount, u.approved_amount FROM approval_daily_usage u`);
    const requests: Record<string, string | number | null>[] = await ds.query(`
      SELECT organization_id, business_type, payroll_kind, account_id, payee_kind, execution_date, status, amount
        FROM approval_requests WHERE status IN ('pending', 'approved')`);
    const expected = new Map<string, { reserved: number; approved: number }>();
    const add = (key: string, amount: number, approved: boolean) => {
      const e = expected.get(key) ?? { reserved: 0, approved: 0 };
      e.reserved += amount;
      if (approved) e.approved += amount;
      expected.set(key, e);
    };
    for (const r of requests) {
      const base = `${r.organization_id}|`;
      const date = `|${r.execution_date}`;
      const amount = Number(r.amount);
      const approved = r.status === 'approved';
      if (r.business_type === 'transfer') {
        add(`${base}account:${r.account_id}:transfer_total${date}`, amount, approved);
        add(
          `${base}account:${r.account_id}:${r.payee_kind === 'registered' ? 'registered' : 'ad_hoc'}${date}`,
          amount,
          approved,
        );
      } else {
        const kind = r.business_type === 'payroll' && r.payroll_kind === 'bonus' ? 'bonus' : r.business_type;
        add(`${base}company:${kind}${date}`, amount, approved);
      }
    }
    for (const u of usage) {
      const key = `${u.organization_id}|${u.scope_key}|${u.business_date}`;
      const e = expected.get(key) ?? { reserved: 0, approved: 0 };
      if (Number(u.reserved_amount) !== e.reserved || Number(u.approved_amount) !== e.approved)
        violations.push(
          `usage ${u.scope_key} ${u.business_date}: stored ${u.reserved_amount}/${u.approved_amount}, requests say ${e.reserved}/${e.approved}`,
        );
      expected.delete(key);
    }
    for (const [key, e] of expected)
      if (e.reserved) violations.push(`usage ${key}: no usage row for ${e.reserved} yen of requests`);
  }
  return { name: 'daily sums ≤ limits', violations, examined: account.length + company.length };
}

/** Requests in a final state stay consistent with their approvals (SPEC §5 state machine). */
export async function requestStatesConsistent(ds: DataSource): Promise<InvariantResult> {
  if (!(await tableExists(ds, 'approval_request_approvers')))
    return {
      name: 'request states consistent',
      violations: [],
      examined: 0,
      skipped: 'approvals module absent',
    };
  const rows: Record<string, string | number | null>[] = await ds.query(`
    SELECT r.id, r.status, r.approval_mode, COUNT(a.request_id) AS approvers, COUNT(a.approved_at) AS approvals
      FROM approval_requests r LEFT JOIN approval_request_approvers a ON a.request_id = r.id
     GROUP BY r.id, r.status, r.approval_mode`);
  const violations: string[] = [];
  for (const r of rows) {
    const approvers = Number(r.approvers);
    const approvals = Number(r.approvals);
    if (r.status === 'approved' && approvals !== approvers)
      violations.push(`${r.id}: approved (${r.approval_mode}) with ${approvals} of ${approvers} approvals`);
    if (r.status === 'pending' && approvers > 0 && approvals >= approvers)
      violations.push(`${r.id}: pending although every approver approved`);
    if (r.status === 'withdrawn' && approvals > 0) violations.push(`${r.id}: withdrawn after an approval`);
  }
  return { name: 'request states consistent', violations, examined: rows.length };
}

/** Every change the API reported as committed (2xx) has its operation-history row, with the outcome success. */
export async function committedChangesAudited(
  ds: DataSource,
  requestIds: string[],
): Promise<InvariantResult> {
  const violations: string[] = [];
  for (let i = 0; i < requestIds.length; i += 500) {
    const chunk = requestIds.slice(i, i + 500);
    const rows: { request_id: string; outcome: string }[] = await ds.query(
      `SELECT request_id, outcome FROM operation_history WHERE request_id IN (${chunk.map(() => '?').join(',')})`,
      chunk,
    );
    const seen = new Map<string, string[]>();
    for (const r of rows) seen.set(r.request_id, [...(seen.get(r.request_id) ?? []), r.outcome]);
    for (const id of chunk) {
      const outcomes = seen.get(id);
      if (!outcomes) violations.push(`request ${id}: no operation-history row`);
      else if (!outcomes.includes('success'))
        violations.push(`request ${id}: recorded as ${outcomes.join(', ')}`);
    }
  }
  return { name: 'every committed change has its audit row', violations, examined: requestIds.length };
}

/**
 * Every organization's member counter (organization_member_counts, kept by every write that adds or removes a
 * member; no row = 0) equals COUNT(*) of its accounts: the user list's unfiltered total reads the counter.
 */
export async function memberCountersExact(ds: DataSource): Promise<InvariantResult> {
  const rows: { id: string; counted: number | string; counter: number | string | null }[] = await ds.query(`
      SELECT o.id, (SELECT COUNT(*) FROM users u WHERE u.organization_id = o.id) AS counted,
             (SELECT c.members FROM organization_member_counts c WHERE c.organization_id = o.id) AS counter
        FROM organizations o`);
  const orphans: { organization_id: string; members: number | string }[] = await ds.query(
    `SELECT c.organization_id, c.members FROM organization_member_counts c
      WHERE NOT EXISTS (SELECT 1 FROM organizations o WHERE o.id = c.organization_id) AND c.members <> 0`,
  );
  return {
    name: 'member counter = COUNT(*) in every organization',
    examined: rows.length,
    violations: [
      ...rows
        .filter((r) => Number(r.counter ?? 0) !== Number(r.counted))
        .map((r) => `${r.id}: counter ${r.counter ?? 'absent'}, COUNT(*) ${r.counted}`),
      ...orphans.map((o) => `${o.organization_id}: counter ${o.members} for no organization`),
    ],
  };
}

/**
 * Every attribute row (user_attributes) carries its member's current sort key, login ID, group and disabled flag, and
 * belongs to a member of its organization: the user list's 属性 order under an attribute filter, and its matches
 * within groups or by 状態 有効/無効, are read from these copies. And every
 * tag-list counter (organization_tag_sets) counts the members whose rows carry its list: an attribute filter's total
 * adds them up.
 */
export async function attributeRowsInStep(ds: DataSource): Promise<InvariantResult> {
  const [{ n }]: { n: number | string }[] = await ds.query('SELECT COUNT(*) AS n FROM user_attributes');
  const stale: { user_id: string; attribute: string }[] = await ds.query(`
      SELECT ua.user_id, ua.attribute FROM user_attributes ua
        LEFT JOIN users u ON u.id = ua.user_id AND u.organization_id = ua.organization_id
       WHERE u.id IS NULL OR u.attributes_sort_key <> ua.sort_key OR u.login_id <> ua.login_id
          OR COALESCE(u.group_id, '') <> COALESCE(ua.group_id, '') OR u.is_disabled <> ua.is_disabled`);
  const lists = `SELECT organization_id, sort_key, COUNT(DISTINCT user_id) AS n FROM user_attributes
                  GROUP BY organization_id, sort_key`;
  const miscounted: {
    organization_id: string;
    sort_key: string;
    members: number | null;
    n: number | null;
  }[] = await ds.query(`
      SELECT c.organization_id, c.sort_key, c.members, r.n FROM organization_tag_sets c
        LEFT JOIN (${lists}) r ON r.organization_id = c.organization_id AND r.sort_key = c.sort_key
       WHERE c.members <> COALESCE(r.n, 0)
      UNION ALL
      SELECT r.organization_id, r.sort_key, NULL, r.n FROM (${lists}) r
        LEFT JOIN organization_tag_sets c ON c.organization_id = r.organization_id AND c.sort_key = r.sort_key
       WHERE c.organization_id IS NULL`);
  return {
    name: "attribute rows carry their member's sort key, login ID, group and flag; tag-list counters count them",
    examined: Number(n),
    violations: [
      ...stale.map((r) => `${r.user_id} ${r.attribute}: out of step with the member`),
      ...miscounted.map(
        (r) =>
          `organization ${r.organization_id} tag list "${r.sort_key}": counter ${r.members ?? 'missing'}, members with its rows ${r.n ?? 0}`,
      ),
    ],
  };
}
