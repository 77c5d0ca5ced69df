import type { DataSource } from 'typeorm';

/**
 * What Kanri needs from a MariaDB Galera node (docs/operations/galera.md), checked at start: on a node with
 * `wsrep_on`, Kanri refuses to start unless
 *
 * - `wsrep_sync_wait` includes 1 (causal reads): requests of one client go round robin over instances on different
 *   nodes, and a request must see what the previous one committed on another node (the session row of a sign-in
 *   just made, the request just created, the member who just joined). With bit 1 set every read first waits until
 *   this node has applied every write set committed anywhere in the cluster before the read began;
 * - `binlog_format` is ROW and `innodb_autoinc_lock_mode` is 2, without which Galera replication is not safe;
 * - `wsrep_ready` is ON (the node belongs to the primary component).
 *
 * On anything else (MySQL, MariaDB without Galera, SQLite) it answers null and checks nothing.
 */
export async function galeraSettingsProblems(dataSource: DataSource): Promise<string[] | null> {
  const type = dataSource.options.type;
  if (type !== 'mysql' && type !== 'mariadb') return null;
  let rows: { Variable_name: string; Value: string }[];
  try {
    rows = (await dataSource.query(
      "SHOW GLOBAL VARIABLES WHERE Variable_name IN ('wsrep_on', 'wsrep_sync_wait', 'binlog_format', 'innodb_autoinc_lock_mode')",
    )) as { Variable_name: string; Value: string }[];
  } catch {
    return null;
  }
  const v = Object.fromEntries(rows.map((r) => [r.Variable_name.toLowerCase(), String(r.Value)]));
  if (v.wsrep_on !== 'ON') return null;
  const problems: string[] = [];
  if ((Number(v.wsrep_sync_wait ?? 0) & 1) !== 1)
    problems.push(`wsrep_sync_wait must include 1 (causal reads), is ${v.wsrep_sync_wait}`);
  if (v.binlog_format !== 'ROW') problems.push(`binlog_format must be ROW, is ${v.binlog_format}`);
  if (v.innodb_autoinc_lock_mode !== '2')
    problems.push(`innodb_autoinc_lock_mode must be 2, is ${v.innodb_autoinc_lock_mode}`);
  const [ready] = (await dataSource.query("SHOW STATUS LIKE 'wsrep_ready'")) as { Value: string }[];
  if (ready?.Value !== 'ON')
    problems.push('wsrep_ready is OFF: the node is not part of the primary component');
  return problems;
}

/** Throws (so the instance does not start) when the Galera node lacks a setting Kanri needs. */
export async function assertGaleraSettings(dataSource: DataSource): Promise<void> {
  const problems = await galeraSettingsProblems(dataSource);
  if (problems?.length)
    throw new Error(
      `This MariaDB Galera node is not configured for Kanri (docs/operations/galera.md): ${problems.join('; ')}`,
    );
}
