import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import { isRetryableTransactionError } from '@kanri/common/database/database-errors';
import { assertGaleraSettings } from '@kanri/common/database/galera';

/** The one-row table whose `holder` says which instance is migrating; outside the migrations, which it guards. */
export const MIGRATION_LOCK_TABLE = 'kanri_migration_lock';
const LEASE_SECONDS = 60;
const WAIT_MS = 180_000;

/**
 * Applies pending migrations at start. On MySQL/MariaDB several instances may start at once, so the run holds a
 * lease on the row of `kanri_migration_lock`, taken and given back with conditional `UPDATE`s (no `GET_LOCK`: on
 * a Galera cluster `GET_LOCK` is local to a node, so two instances on two nodes would both get it). The `UPDATE`
 * succeeds for one instance only: on one server the row lock orders them, on Galera the second commit fails
 * certification (1213), which here just means "not mine". The lease is renewed while migrating and lapses after
 * 60 s if the holder dies, so a crashed instance does not block the next start forever. Times are the database's
 * (`UNIX_TIMESTAMP()`), one clock for every instance. On a Galera node the settings Kanri needs are checked first
 * (galera.ts): without them it refuses to start. On SQLite the whole set runs in one transaction, which takes
 * SQLite's own write lock.
 */
export async function runMigrations(dataSource: DataSource): Promise<void> {
  const logger = new Logger('Migrations');
  if (dataSource.options.type !== 'mysql' && dataSource.options.type !== 'mariadb') {
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    if (applied.length) logger.log(`applied ${applied.map((m) => m.name).join(', ')}`);
    return;
  }
  await assertGaleraSettings(dataSource);
  const holder = randomUUID();
  const runner = dataSource.createQueryRunner();
  let renew: NodeJS.Timeout | undefined;
  try {
    await acquireMigrationLock(runner, holder);
    renew = setInterval(
      () => {
        void update(
          runner,
          `UPDATE ${MIGRATION_LOCK_TABLE} SET expires_at = UNIX_TIMESTAMP() + ${LEASE_SECONDS} WHERE id = 1 AND holder = ?`,
          [holder],
        ).catch(() => undefined);
      },
      (LEASE_SECONDS * 1000) / 4,
    );
    renew.unref();
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length) logger.log(`applied ${applied.map((m) => m.name).join(', ')}`);
  } finally {
    if (renew) clearInterval(renew);
    await update(
      runner,
      `UPDATE ${MIGRATION_LOCK_TABLE} SET holder = NULL, expires_at = 0 WHERE id = 1 AND holder = ?`,
      [holder],
    ).catch(() => undefined);
    await runner.release();
  }
}

/** Waits (up to 3 minutes) until this `holder` holds the migration lease. */
export async function acquireMigrationLock(runner: QueryRunner, holder: string): Promise<void> {
  await runner.query(
    `CREATE TABLE IF NOT EXISTS ${MIGRATION_LOCK_TABLE} (id INT NOT NULL PRIMARY KEY, ` +
      'holder VARCHAR(36) NULL, expires_at BIGINT NOT NULL DEFAULT 0) ENGINE=InnoDB',
  );
  await runner.query(
    `INSERT IGNORE INTO ${MIGRATION_LOCK_TABLE} (id, holder, expires_at) VALUES (1, NULL, 0)`,
  );
  const until = Date.now() + WAIT_MS;
  for (;;) {
    const got = await update(
      runner,
      `UPDATE ${MIGRATION_LOCK_TABLE} SET holder = ?, expires_at = UNIX_TIMESTAMP() + ${LEASE_SECONDS} ` +
        'WHERE id = 1 AND (holder IS NULL OR expires_at < UNIX_TIMESTAMP())',
      [holder],
    ).catch((error: unknown) => {
      if (isRetryableTransactionError(error)) return 0; // another node's instance took it first
      throw error;
    });
    if (got === 1) return;
    if (Date.now() > until)
      throw new Error('Timed out waiting for the migration lock held by another instance');
    await new Promise((r) => setTimeout(r, 200 + Math.random() * 300));
  }
}

async function update(runner: QueryRunner, sql: string, params: unknown[]): Promise<number> {
  const result = (await runner.query(sql, params, true)) as { affected?: number };
  return result.affected ?? 0;
}
