import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { MIGRATIONS } from '../src/database/migrations';
import { migrateFromNothing } from './support/migrated-schema';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from './support/test-database';

jest.setTimeout(120_000);

const describeOnMysql = testDatabaseKind === 'mysql' ? describe : describe.skip;
const SERVER = process.env.KANRI_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

/** Everything information_schema says of a database's schema, and every row it holds, in a stable order. */
async function describeDatabase(c: Connection, schema: string): Promise<Record<string, unknown[]>> {
  const q = async (sql: string) => (await c.query<RowDataPacket[]>(sql, [schema]))[0];
  const tables = await q(
    "SELECT table_name, engine, table_collation, create_options FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE' ORDER BY 1",
  );
  const rows: unknown[] = [];
  for (const t of tables) {
    const [content] = await c.query<RowDataPacket[]>(
      `SELECT * FROM \`${schema}\`.\`${String(t.table_name)}\``,
    );
    rows.push({ table: t.table_name, rows: content.map((r) => JSON.stringify(r)).sort() });
  }
  return {
    tables,
    columns: await q(
      'SELECT table_name, column_name, ordinal_position, column_type, is_nullable, column_default, extra, collation_name, generation_expression FROM information_schema.columns WHERE table_schema = ? ORDER BY 1, 3',
    ),
    indexes: await q(
      'SELECT table_name, index_name, seq_in_index, column_name, non_unique, sub_part, index_type FROM information_schema.statistics WHERE table_schema = ? ORDER BY 1, 2, 3',
    ),
    foreignKeys: await q(
      'SELECT k.table_name, k.constraint_name, k.column_name, k.ordinal_position, k.referenced_table_name, k.referenced_column_name, r.update_rule, r.delete_rule FROM information_schema.key_column_usage k JOIN information_schema.referential_constraints r ON r.constraint_schema = k.constraint_schema AND r.constraint_name = k.constraint_name AND r.table_name = k.table_name WHERE k.table_schema = ? ORDER BY 1, 2, 4',
    ),
    checks: await q(
      'SELECT table_name, constraint_name, check_clause FROM information_schema.check_constraints WHERE constraint_schema = ? ORDER BY 1, 2',
    ),
    triggers: await q(
      'SELECT trigger_name FROM information_schema.triggers WHERE trigger_schema = ? ORDER BY 1',
    ),
    views: await q('SELECT table_name FROM information_schema.views WHERE table_schema = ? ORDER BY 1'),
    routines: await q(
      'SELECT routine_name FROM information_schema.routines WHERE routine_schema = ? ORDER BY 1',
    ),
    rows,
  };
}

/**
 * The MariaDB suites start every database as a copy of a migrated template (test/support/migrated-schema.ts) rather
 * than running the migrations each time; the copy must be the schema the migrations make, or every MariaDB test
 * would be testing something Kanri never runs on.
 */
describeOnMysql('the migrated schema the MariaDB tests start from', () => {
  let admin: Connection;
  let copy: TestDatabase;
  let migrated: TestDatabase;
  const schemaOf = (db: TestDatabase) => db.url.slice(db.url.lastIndexOf('/') + 1);

  beforeAll(async () => {
    admin = await createConnection(SERVER);
    copy = await createTestDatabase();
    migrated = await createTestDatabase({ empty: true });
    await migrateFromNothing(SERVER, schemaOf(migrated));
  });
  afterAll(async () => {
    await copy?.drop();
    await migrated?.drop();
    await admin?.end();
  });

  it('is, table by table, column by column, index by index and row by row, what the migrations make', async () => {
    const fromMigrations = await describeDatabase(admin, schemaOf(migrated));
    expect(fromMigrations.tables.length).toBeGreaterThan(40);
    expect(
      (fromMigrations.rows as { table: string; rows: string[] }[]).find((r) => r.table === 'migrations')
        ?.rows,
    ).toHaveLength(MIGRATIONS.length);
    expect(await describeDatabase(admin, schemaOf(copy))).toEqual(fromMigrations);
  });

  it('would show an index the migrations do not make (the comparison sees what it compares)', async () => {
    const schema = schemaOf(copy);
    const before = await describeDatabase(admin, schema);
    await admin.query(`ALTER TABLE \`${schema}\`.migrations ADD INDEX template_probe (timestamp)`);
    expect(await describeDatabase(admin, schema)).not.toEqual(before);
  });
});
