import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { TransactionService } from '@kanri/common/database/transaction.service';

/**
 * What SQLite leaves on disk (manual 安全管理措置 ③ 個人番号の削除: 復元不可能な手段; SPEC §8 no plaintext in the database).
 *
 * - SQLite keeps a deleted or overwritten row's bytes in the file's free space until the space is reused, and formats
 *   a new page without clearing what its buffer held before. With `secure_delete` on it zeroes deleted cells, freed
 *   pages and new pages instead. It is a setting of the connection (SQLite has one), so it is switched on at start and
 *   applies to every table: this module's deletes, number changes, rotations and purges happen in transactions that
 *   also write audit rows, and a setting toggled around them would not cover those pages. (In a measurement of 111
 *   deleted rows, the bytes left in the file went from 121 copies to 11: SQLite can still leave fragments when it
 *   rebalances pages.)
 * - After an organization-wide purge the WAL, which still holds the old page images, is checkpointed and truncated.
 *
 * On MySQL both are no-ops; InnoDB keeps deleted rows in pages, undo logs and binary logs until they are reused —
 * ciphertext only, never a number (README "Deletion").
 */
@Injectable()
export class SecureErase implements OnModuleInit {
  private readonly logger = new Logger('PersonalNumbers');

  constructor(private readonly tx: TransactionService) {}

  async onModuleInit(): Promise<void> {
    if (!this.tx.isMysql) await this.tx.dataSource.query('PRAGMA secure_delete = ON');
  }

  /** After a purge: copy the WAL into the database file and truncate it (SQLite files only; best effort). */
  async truncateLog(): Promise<void> {
    if (this.tx.isMysql) return;
    try {
      await this.tx.run(async () => undefined); // let the writers queued before us finish
      await this.tx.dataSource.query('PRAGMA wal_checkpoint(TRUNCATE)');
    } catch (error) {
      this.logger.warn(`WAL checkpoint after purge failed: ${(error as Error).message}`);
    }
  }
}
