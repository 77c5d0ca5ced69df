import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';
import { Columns } from '@kanri/common/database/migration-columns';

/**
 * When a guard row was last written (epoch milliseconds), so the bookkeeping pruning (src/database/
 * bookkeeping-pruning.job.ts) can drop guard rows no transaction has used for a day. Rows from before this
 * migration read 0: old, and pruned at the first run.
 */
export class LockGuardTouched1764000100000 implements MigrationInterface {
  name = 'LockGuardTouched1764000100000';

  async up(q: QueryRunner): Promise<void> {
    const c = new Columns(q);
    await q.addColumn('lock_guards', c.column(c.bigint('touched_at', { default: 0 })));
    await q.createIndex(
      'lock_guards',
      new TableIndex({ name: 'ix_lock_guards_touched', columnNames: ['touched_at'] }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('lock_guards', 'ix_lock_guards_touched');
    await q.dropColumn('lock_guards', 'touched_at');
  }
}
