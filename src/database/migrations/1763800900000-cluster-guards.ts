import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { Columns } from '@kanri/common/database/migration-columns';

/**
 * Shared state for running many instances on one database or a Galera cluster: the guard rows that turn a row lock
 * into a write (TransactionService.lockForUpdate), and the sign-in rate limit counters every instance shares.
 */
export class ClusterGuards1763800900000 implements MigrationInterface {
  name = 'ClusterGuards1763800900000';

  async up(q: QueryRunner): Promise<void> {
    const c = new Columns(q);
    await q.createTable(
      new Table({
        name: 'lock_guards',
        columns: [{ ...c.string('guard_key', 191), isPrimary: true }, c.bigint('version', { default: 0 })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'rate_limit_counters',
        columns: [
          { ...c.string('bucket_key', 191), isPrimary: true },
          c.int('hits', { default: 0 }),
          c.bigint('window_ends_at'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('rate_limit_counters');
    await q.dropTable('lock_guards');
  }
}
