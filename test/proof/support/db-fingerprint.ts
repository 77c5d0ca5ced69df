import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';

/**
 * "The database is unchanged afterwards" made measurable: per table, a row count and a checksum of the whole
 * content. On MariaDB the checksum is `CHECKSUM TABLE` (one statement for every table, a few milliseconds on the
 * proof databases); on SQLite a SHA-256 over `SELECT * ORDER BY 1`.
 *
 * Three kinds of table are treated differently, each for a stated reason:
 * - append-only trails (`APPEND_ONLY_TABLES`): refused and failed requests are *supposed* to be recorded there
 *   (SPEC §9 "Failed and refused operations are recorded too"). They are left out of the per-request fingerprint
 *   and checked instead with `appendOnlyBaseline`/`appendOnlyViolations`: every row that existed before is still
 *   there, byte for byte; only new rows were added; the hash chains are verified through the API by the caller.
 * - `audit_chain_heads` moves forward with every append; it is checked by the chain verification, not here.
 * - volatile columns (`VOLATILE_COLUMNS`): `sessions.last_seen_at` is refreshed by any authenticated request at
 *   most once a minute (inactivity timeout, SPEC §3.6); the rest of the row must not change.
 */
export const APPEND_ONLY_TABLES = ['operation_history', 'login_history', 'personal_number_handling_log'];
export const CHAIN_HEAD_TABLES = ['audit_chain_heads'];
export const VOLATILE_COLUMNS: Record<string, string[]> = { sessions: ['last_seen_at'] };

export interface TableFingerprint {
  rows: number;
  checksum: string;
}
export type Fingerprint = Map<string, TableFingerprint>;

function isMysql(ds: DataSource): boolean {
  return ds.options.type === 'mysql' || ds.options.type === 'mariadb';
}

const quote = (ds: DataSource, name: string) => (isMysql(ds) ? `\`${name}\`` : `"${name}"`);

/** Every table of the application's database (migrations bookkeeping included: it must not move either). */
export async function listTables(ds: DataSource): Promise<string[]> {
  const rows: { name: string }[] = isMysql(ds)
    ? await ds.query(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE' ORDER BY table_name",
      )
    : await ds.query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      );
  return rows.map((r) => r.name);
}

async function columnsOf(ds: DataSource, table: string): Promise<string[]> {
  if (isMysql(ds)) {
    const rows: { name: string }[] = await ds.query(
      'SELECT column_name AS name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = ? ORDER BY ordinal_position',
      [table],
    );
    return rows.map((r) => r.name);
  }
  const rows: { name: string }[] = await ds.query(`PRAGMA table_info(${quote(ds, table)})`);
  return rows.map((r) => r.name);
}

function sha(rows: unknown[]): string {
  const h = createHash('sha256');
  for (const row of rows)
    h.update(JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)));
  return h.digest('hex');
}

async function hashedSelect(ds: DataSource, table: string, columns: string[]): Promise<TableFingerprint> {
  const cols = columns.map((c) => quote(ds, c)).join(', ');
  const rows: unknown[] = await ds.query(`SELECT ${cols} FROM ${quote(ds, table)} ORDER BY ${cols}`);
  return { rows: rows.length, checksum: sha(rows) };
}

export interface FingerprintOptions {
  /** Tables left out entirely (default: the append-only trails and the chain heads). */
  exclude?: string[];
}

/** Row count and content checksum of every table but the excluded ones. */
export async function fingerprint(ds: DataSource, options: FingerprintOptions = {}): Promise<Fingerprint> {
  const exclude = new Set(options.exclude ?? [...APPEND_ONLY_TABLES, ...CHAIN_HEAD_TABLES]);
  const tables = (await listTables(ds)).filter((t) => !exclude.has(t));
  const result: Fingerprint = new Map();
  const plain = tables.filter((t) => !VOLATILE_COLUMNS[t]);
  if (isMysql(ds) && plain.length) {
    const counts: { t: string; n: number | string }[] = await ds.query(
      plain.map((t) => `SELECT '${t}' AS t, COUNT(*) AS n FROM ${quote(ds, t)}`).join(' UNION ALL '),
    );
    const sums: { Table: string; Checksum: number | string | null }[] = await ds.query(
      `CHECKSUM TABLE ${plain.map((t) => quote(ds, t)).join(', ')}`,
    );
    const byTable = new Map(sums.map((s) => [s.Table.split('.').pop()!, String(s.Checksum)]));
    for (const c of counts) result.set(c.t, { rows: Number(c.n), checksum: byTable.get(c.t) ?? 'none' });
  } else {
    for (const t of plain) result.set(t, await hashedSelect(ds, t, await columnsOf(ds, t)));
  }
  for (const t of tables.filter((x) => VOLATILE_COLUMNS[x])) {
    const columns = (await columnsOf(ds, t)).filter((c) => !VOLATILE_COLUMNS[t].includes(c));
    result.set(t, await hashedSelect(ds, t, columns));
  }
  return result;
}

/** Human-readable differences (`users: rows 12 → 13`), empty when the fingerprints agree. */
export function diffFingerprints(before: Fingerprint, after: Fingerprint): string[] {
  const out: string[] = [];
  for (const [table, a] of after) {
    const b = before.get(table);
    if (!b) out.push(`${table}: new table (${a.rows} rows)`);
    else if (b.rows !== a.rows) out.push(`${table}: rows ${b.rows} → ${a.rows}`);
    else if (b.checksum !== a.checksum) out.push(`${table}: content changed (${a.rows} rows)`);
  }
  for (const table of before.keys()) if (!after.has(table)) out.push(`${table}: table dropped`);
  return out;
}

/** Per append-only table: each existing row's id and a hash of its whole content. */
export type AppendOnlyBaseline = Map<string, Map<string, string>>;

export async function appendOnlyBaseline(ds: DataSource): Promise<AppendOnlyBaseline> {
  const existing = new Set(await listTables(ds));
  const baseline: AppendOnlyBaseline = new Map();
  for (const table of APPEND_ONLY_TABLES.filter((t) => existing.has(t))) {
    const columns = await columnsOf(ds, table);
    const rows: Record<string, unknown>[] = await ds.query(
      `SELECT ${columns.map((c) => quote(ds, c)).join(', ')} FROM ${quote(ds, table)}`,
    );
    baseline.set(table, new Map(rows.map((r) => [String(r.id), sha([r])])));
  }
  return baseline;
}

/**
 * What an append-only table did besides appending: rows that vanished or changed since `before`. Also reports
 * how many rows were appended, for the record.
 */
export async function appendOnlyViolations(
  ds: DataSource,
  before: AppendOnlyBaseline,
): Promise<{ violations: string[]; appended: Record<string, number> }> {
  const after = await appendOnlyBaseline(ds);
  const violations: string[] = [];
  const appended: Record<string, number> = {};
  for (const [table, rows] of before) {
    const now = after.get(table) ?? new Map<string, string>();
    let changed = 0;
    let missing = 0;
    for (const [id, hash] of rows) {
      const h = now.get(id);
      if (h === undefined) missing += 1;
      else if (h !== hash) changed += 1;
    }
    if (missing) violations.push(`${table}: ${missing} earlier rows deleted`);
    if (changed) violations.push(`${table}: ${changed} earlier rows modified`);
    appended[table] = now.size - (rows.size - missing);
  }
  return { violations, appended };
}
