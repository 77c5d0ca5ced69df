import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';

/**
 * Which database the end-to-end tests use: in-memory SQLite by default; MariaDB/MySQL when KANRI_TEST_DB=mysql
 * (`npm run test:mysql`), where every test file gets a database of its own, created here and dropped when the
 * app closes, so jest workers (and developers running suites side by side) never share state.
 */
export const testDatabaseKind: 'sqlite' | 'mysql' =
  process.env.KANRI_TEST_DB === 'mysql' ? 'mysql' : 'sqlite';

const MYSQL_SERVER = process.env.KANRI_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDatabaseKind === 'sqlite') return { url: 'sqlite::memory:', drop: async () => undefined };
  const name = `kanri_t${process.env.JEST_WORKER_ID ?? '0'}_${process.pid}_${randomBytes(3).toString('hex')}`;
  const admin = await createConnection(MYSQL_SERVER);
  try {
    await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end();
  }
  return {
    url: `${MYSQL_SERVER}/${name}`,
    drop: async () => {
      const c = await createConnection(MYSQL_SERVER);
      try {
        await c.query(`DROP DATABASE IF EXISTS \`${name}\``);
      } finally {
        await c.end();
      }
    },
  };
}

/** A second database URL pointing at the same database (two app instances on one database). */
export function sameDatabase(db: TestDatabase): TestDatabase {
  return { url: db.url, drop: async () => undefined };
}

/**
 * A database two app instances can share: on SQLite a file in `dir` (an in-memory database is one connection's
 * own), removed with `dir` on drop; on MariaDB a fresh database as createTestDatabase makes it.
 */
export async function createSharedTestDatabase(dir: string): Promise<TestDatabase> {
  if (testDatabaseKind === 'mysql') return createTestDatabase();
  return {
    url: `sqlite:${join(dir, 'kanri.sqlite')}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}
