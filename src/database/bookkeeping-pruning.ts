import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { LOCK_GUARDS_TABLE, TransactionService } from '@kanri/common/database/transaction.service';

/** Rows deleted per transaction: a small write set, so that a Galera cluster certifies it as quickly as any other. */
const BATCH = 500;

/** A guard row matters only while transactions that wrote it are open (seconds); one untouched for a day is dead. */
export const LOCK_GUARD_RETENTION_MS = 24 * 3_600_000;
/**
 * A run's row stops mattering when its occurrence has passed: jobs only ever claim the current one, and the longest
 * occurrence is a business day. A month is kept so that recent runs can still be looked up.
 */
export const JOB_RUN_RETENTION_MS = 30 * 24 * 3_600_000;

export interface PruneCounts {
  lockGuards: number;
  jobRuns: number;
}

/**
 * Deletes the bookkeeping rows nothing reads any more: guard rows (`lock_guards`, TransactionService.lockForUpdate)
 * untouched for a day, and `job_runs` rows of occurrences that ended a month ago. Batches of a few hundred rows,
 * each its own transaction, picked by key and deleted only if still old: a guard row written again meanwhile stays.
 */
@Injectable()
export class BookkeepingPruning {
  constructor(private readonly tx: TransactionService) {}

  async prune(now: Date): Promise<PruneCounts> {
    return {
      lockGuards: await this.inBatches((em) =>
        this.lockGuardBatch(em, now.getTime() - LOCK_GUARD_RETENTION_MS),
      ),
      jobRuns: await this.inBatches((em) =>
        this.jobRunBatch(em, new Date(now.getTime() - JOB_RUN_RETENTION_MS)),
      ),
    };
  }

  private async inBatches(batch: (em: EntityManager) => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.tx.run(batch);
      total += n;
      if (n < BATCH) return total;
    }
  }

  private async lockGuardBatch(em: EntityManager, before: number): Promise<number> {
    const rows = (await em.query(
      `SELECT guard_key FROM ${LOCK_GUARDS_TABLE} WHERE touched_at < ? ORDER BY touched_at LIMIT ${BATCH}`,
      [before],
    )) as { guard_key: string }[];
    if (!rows.length) return 0;
    await em.query(
      `DELETE FROM ${LOCK_GUARDS_TABLE} WHERE touched_at < ? AND guard_key IN (${rows.map(() => '?').join(', ')})`,
      [before, ...rows.map((r) => r.guard_key)],
    );
    return rows.length;
  }

  private async jobRunBatch(em: EntityManager, before: Date): Promise<number> {
    const rows = (await em
      .createQueryBuilder()
      .select(['r.name AS name', 'r.slot AS slot'])
      .from('job_runs', 'r')
      .where('r.lease_until < :before AND (r.finished_at IS NULL OR r.finished_at < :before)', { before })
      .orderBy('r.lease_until')
      .limit(BATCH)
      .getRawMany()) as { name: string; slot: string }[];
    if (!rows.length) return 0;
    const params: Record<string, unknown> = { before };
    const keys = rows.map((r, i) => {
      params[`n${i}`] = r.name;
      params[`s${i}`] = r.slot;
      return `(name = :n${i} AND slot = :s${i})`;
    });
    await em
      .createQueryBuilder()
      .delete()
      .from('job_runs')
      .where(`lease_until < :before AND (${keys.join(' OR ')})`, params)
      .execute();
    return rows.length;
  }
}
