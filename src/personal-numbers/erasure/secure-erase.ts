import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TransactionService } from '@kanri/common/database/transaction.service';

/**
 * Deletion that leaves less behind on disk (manual 安全管理措置 ③ 個人番号の削除: 復元不可能な手段).
 *
 * On SQLite a deleted row's bytes stay in the file's free space, and its old page images in the WAL, until
 * overwritten. Inside the vault's own write transactions `PRAGMA secure_delete` is switched on, so SQLite zeroes
 * deleted cells and freed pages; after an organization-wide purge the WAL is checkpointed and truncated. SQLite can
 * still keep fragments when it rebalances pages, and MySQL/InnoDB keeps deleted rows in pages, undo logs and binary
 * logs until they are reused; what can remain anywhere is ciphertext, never a number (README "Deletion").
 * On MySQL both calls are no-ops.
 */
@Injectable()
export class SecureErase {
  private readonly logger = new Logger('PersonalNumbers');

  constructor(private readonly tx: TransactionService) {}

  /** `TransactionService.run` with SQLite's secure_delete on for the vault's statements. */
  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (this.tx.isMysql) return this.tx.run(work);
    return this.tx.run(async (em) => {
      // On SQLite `run` holds the only writer's turn, so nobody else's deletes see the setting.
      await em.query('PRAGMA secure_delete = ON');
      try {
        return await work(em);
      } finally {
        await em.query('PRAGMA secure_delete = OFF');
      }
    });
  }

  /** After a purge: copy the WAL into the database file and truncate it (SQLite files only; best effort). */
  async truncateLog(): Promise<void> {
    if (this.tx.isMysql) return;
    try {
      await this.tx.run(async () => undefined); // wait for the writers queued before us
      await this.tx.dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');
    } catch (error) {
      this.logger.warn(`WAL checkpoint after purge failed: ${(error as Error).message}`);
    }
  }
}
