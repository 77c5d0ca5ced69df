import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { runMigrations } from '../../src/database/migrate';

/**
 * A MariaDB test database starts as a copy of one migrated schema instead of running Kanri's migrations again: the
 * migrations' DDL costs about two seconds a database on the two-core machine (three times the app's own boot), and
 * the MariaDB suites create one or more databases per test file. The copy is made from a template database that
 * the real migrations built (`runMigrations`, lease and all), named for the migrations' source, so that a changed
 * migration builds a new template on the next run. What the migrations wrote (their bookkeeping rows and anything
 * they seed) is copied with the tables. test/database-template.e2e-spec.ts holds a copy and a database migrated from
 * nothing to be the same, table by table, column by column, index by index, constraint by constraint.
 */
const MIGRATIONS_DIR = join(__dirname, '..', '..', 'src', 'database', 'migrations');
/** The table that marks a template as complete; created last, never copied. */
const COMPLETE = 'kanri_template_complete';

/** `kanri_tmpl_<hash of every migration file>`. */
export function templateName(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS_DIR, { recursive: true }).map(String).sort()) {
    hash.update(file);
    try {
      hash.update(readFileSync(join(MIGRATIONS_DIR, file)));
    } catch {
      // a folder
    }
  }
  return `kanri_tmpl_${hash.digest('hex').slice(0, 12)}`;
}

async function tableNames(c: Connection, schema: string): Promise<string[]> {
  const [rows] = await c.query<RowDataPacket[]>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE'",
    [schema],
  );
  return rows.map((r) => String(r.name)).filter((n) => n !== COMPLETE);
}

/** Runs Kanri's migrations into `schema` (an empty database). */
export async function migrateFromNothing(server: string, schema: string): Promise<void> {
  const dataSource = await new DataSource(
    dataSourceOptions({ type: 'mysql', url: `${server}/${schema}` }),
  ).initialize();
  try {
    await runMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/** Builds the template unless a complete one exists; one process at a time (a named lock on the server). */
async function ensureTemplate(server: string, name: string): Promise<void> {
  const admin = await createConnection(server);
  try {
    await admin.query('SELECT GET_LOCK(?, 300)', ['kanri_test_template']);
    const [done] = await admin.query<RowDataPacket[]>(
      'SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?',
      [name, COMPLETE],
    );
    if (done.length) return;
    // A template of other migrations (an older checkout) or one left half-built by a killed run.
    const [stale] = await admin.query<RowDataPacket[]>(
      "SELECT schema_name AS name FROM information_schema.schemata WHERE schema_name LIKE 'kanri\\_tmpl\\_%'",
    );
    for (const s of stale) await admin.query(`DROP DATABASE \`${String(s.name)}\``);
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await migrateFromNothing(server, name);
    await admin.query(`CREATE TABLE \`${name}\`.${COMPLETE} (id INT PRIMARY KEY)`);
  } finally {
    await admin.query('SELECT RELEASE_LOCK(?)', ['kanri_test_template']).catch(() => undefined);
    await admin.end();
  }
}

/**
 * Fills the empty database `target` with the migrated schema: every table as `SHOW CREATE TABLE` gives it (columns,
 * indexes, foreign keys, checks; the auto-increment position left out), then the template's rows.
 */
export async function copyMigratedSchema(server: string, target: string): Promise<void> {
  const template = templateName();
  await ensureTemplate(server, template);
  const c = await createConnection({ uri: server, multipleStatements: true });
  try {
    const statements = ['SET FOREIGN_KEY_CHECKS = 0', `USE \`${target}\``];
    const filled: string[] = [];
    for (const table of await tableNames(c, template)) {
      const [[ddl]] = await c.query<RowDataPacket[]>(`SHOW CREATE TABLE \`${template}\`.\`${table}\``);
      statements.push(String(ddl['Create Table']).replace(/ AUTO_INCREMENT=\d+/, ''));
      const [[rows]] = await c.query<RowDataPacket[]>(
        `SELECT EXISTS (SELECT 1 FROM \`${template}\`.\`${table}\`) AS any_row`,
      );
      if (Number(rows.any_row)) filled.push(table);
    }
    for (const table of filled) {
      statements.push(`INSERT INTO \`${table}\` SELECT * FROM \`${template}\`.\`${table}\``);
    }
    statements.push('SET FOREIGN_KEY_CHECKS = 1');
    await c.query(statements.join(';\n'));
  } finally {
    await c.end();
  }
}
