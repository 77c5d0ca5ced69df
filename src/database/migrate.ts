import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';

const LOCK_PREFIX = 'kanri_migrations:';

/**
 * Applies pending migrations at start. On MySQL several instances may start at once, so the run is wrapped in
 * `GET_LOCK` on a dedicated connection (released by the server if this process dies). The lock is named after the
 * database (cut to the 64 characters a lock name may have): `GET_LOCK` names are server-wide, and instances of
 * other databases on the same server (other deployments, every test file's own database) have no reason to wait
 * for each other. On SQLite the whole set runs in one transaction, which takes SQLite's own write lock.
 */
export async function runMigrations(dataSource: DataSource): Promise<void> {
  const logger = new Logger('Migrations');
  if (dataSource.options.type !== 'mysql') {
    const applied = await dataSource.runMigrations({ transaction: 'all' });
    if (applied.length) logger.log(`applied ${applied.map((m) => m.name).join(', ')}`);
    return;
  }
  const runner = dataSource.createQueryRunner();
  try {
    const [row] = (await runner.query('SELECT GET_LOCK(LEFT(CONCAT(?, DATABASE()), 64), 120) AS got', [
      LOCK_PREFIX,
    ])) as {
      got: number;
    }[];
    if (Number(row?.got) !== 1)
      throw new Error('Timed out waiting for the migration lock held by another instance');
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length) logger.log(`applied ${applied.map((m) => m.name).join(', ')}`);
  } finally {
    await runner
      .query('SELECT RELEASE_LOCK(LEFT(CONCAT(?, DATABASE()), 64))', [LOCK_PREFIX])
      .catch(() => undefined);
    await runner.release();
  }
}
