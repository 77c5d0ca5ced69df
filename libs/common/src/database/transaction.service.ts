import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { Clock } from '../clock/clock';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager, ObjectLiteral, QueryRunner, SelectQueryBuilder } from 'typeorm';
import { TransactionConflictError, isRetryableTransactionError } from './database-errors';

/** Attempts of one unit of work before it answers 503 `TRANSACTION_CONFLICT` (with `Retry-After`). */
export const MAX_ATTEMPTS = 10;

/** The table of guard rows (`lock_guards`), one per row ever locked for update on MySQL/MariaDB. */
export const LOCK_GUARDS_TABLE = 'lock_guards';

/**
 * Takes part in every transaction `run` opens: the audit trail writes a request's operation-history row here, so
 * the row commits or rolls back with the change (SPEC §0 "Atomicity").
 */
export interface TransactionParticipant {
  /**
   * Called inside the transaction after `work` succeeded, just before commit, on every attempt; may write with `em`
   * (throwing rolls the transaction back). The callback it returns, if any, learns whether that attempt committed.
   */
  beforeCommit(em: EntityManager): Promise<((committed: boolean) => void) | void>;
}

/**
 * The one way to write (docs/architecture.md "Data").
 *
 * - MySQL/MariaDB: a real transaction per call; `lockForUpdate` adds `FOR UPDATE` and **writes a guard row** for
 *   every row it locked (see `lockForUpdate`); the whole unit of work is retried on deadlock, lock-wait timeout or
 *   a Galera certification failure (1213, raised at a statement or at COMMIT), up to `MAX_ATTEMPTS` attempts with
 *   jittered exponential back-off, so `work` must be safe to run again (no side effects outside `em`; send mail
 *   after `run` returns). A unit of work that exhausts its attempts fails with `TransactionConflictError`, which
 *   answers 503 `TRANSACTION_CONFLICT` with `Retry-After`, never 500.
 * - SQLite (better-sqlite3, one connection): transactions are queued behind an in-process mutex, so exactly one
 *   writer of this process runs at a time and row locks are skipped. This is also why nothing else may
 *   call `dataSource.transaction` or `repository.save` outside `run`: on the single connection they would
 *   collide with the open transaction. The mutex does not reach other processes (or app instances) on the same
 *   database file: TypeORM opens a deferred transaction, which reads from a snapshot, and if another connection
 *   commits before this transaction's first write, that write fails with SQLITE_BUSY_SNAPSHOT (the busy timeout
 *   does not apply: waiting cannot make a stale snapshot current). So the unit of work is retried on SQLite too,
 *   still holding the mutex, under the same rule as on MySQL: `work` must be safe to run again.
 */
@Injectable()
export class TransactionService {
  private readonly logger = new Logger(TransactionService.name);
  private tail: Promise<unknown> = Promise.resolve();
  private participant: TransactionParticipant | undefined;
  readonly isMysql: boolean;

  constructor(
    @InjectDataSource() readonly dataSource: DataSource,
    /**
     * Test builds only (`testAuditOff`, KANRI_TEST_AUDIT_OFF with NODE_ENV=test): transactions skip the participant
     * (the audit recorder), so the cluster drills can show that the guard rows, not the audit chain head, keep the
     * invariants across Galera nodes. `testGuardsOff` (KANRI_TEST_GUARDS_OFF with NODE_ENV=test) makes
     * `lockForUpdate` lock without writing guard rows, so the drills can show that without them the rules break.
     */
    @Optional() @Inject(AppConfig) private readonly config?: AppConfig,
    /** Stamps guard rows (`touched_at`), so that the bookkeeping pruning can drop the ones no transaction uses. */
    @Optional() @Inject(Clock) private readonly clock?: Clock,
  ) {
    this.isMysql = dataSource.options.type === 'mysql' || dataSource.options.type === 'mariadb';
  }

  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.isMysql ? this.runWithRetry(work) : this.runSerialized(work);
  }

  /** Registers the one participant (the audit recorder, at start). */
  setParticipant(participant: TransactionParticipant): void {
    this.participant = participant;
  }

  /**
   * Locks the rows `qb` selects, inside a `run`. On SQLite a no-op: the mutex already serializes writers.
   *
   * On MySQL/MariaDB it adds `FOR UPDATE` and, once the entities are read (`getOne`/`getMany`), writes one guard row
   * per locked row in `lock_guards` (`INSERT … ON DUPLICATE KEY UPDATE version = version + 1`, keyed by table and
   * primary key). On one server the row lock alone serializes the transactions; on a Galera cluster row locks are
   * local to a node, so two transactions on two nodes could both lock "the" organization and both commit. The guard
   * row makes the lock a write: the second of two such transactions to commit fails certification (1213) and
   * `run` retries it whole, now seeing the first one's effect. Only entity reads are guarded: a raw count taken
   * `FOR UPDATE` must sit under a locked parent row (the organization), which is guarded.
   */
  lockForUpdate<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>): SelectQueryBuilder<E> {
    if (!this.isMysql) return qb;
    const locked = qb.setLock('pessimistic_write');
    if (this.config?.testGuardsOff) return locked;
    const read = locked.getRawAndEntities.bind(locked);
    locked.getRawAndEntities = async <T = unknown>() => {
      const result = await read<T>();
      await writeGuardRows(locked, result.entities, (this.clock?.now() ?? new Date()).getTime());
      return result;
    };
    return locked;
  }

  private async runWithRetry<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(work);
      } catch (error) {
        if (!isRetryableTransactionError(error)) throw error;
        if (attempt >= MAX_ATTEMPTS) {
          this.logger.warn(`transaction gave up after ${attempt} attempts (${codeOf(error)})`);
          throw new TransactionConflictError(attempt);
        }
        this.logger.debug(`transaction retry ${attempt} after ${codeOf(error)}`);
        // Full jitter over an exponential ceiling (20 ms, 40 ms, … 1.28 s): transactions that conflicted once do not
        // meet again on the next attempt.
        await new Promise((r) => setTimeout(r, Math.random() * 10 * 2 ** Math.min(attempt, 7)));
      }
    }
  }

  private async attempt<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const participant = this.config?.testAuditOff ? undefined : this.participant;
    if (!participant) return this.dataSource.transaction(work);
    const after: { settle?: (committed: boolean) => void } = {};
    try {
      const result = await this.dataSource.transaction(async (em) => {
        const value = await work(em);
        after.settle = (await participant.beforeCommit(em)) ?? undefined;
        return value;
      });
      after.settle?.(true);
      return result;
    } catch (error) {
      after.settle?.(false);
      throw error;
    }
  }

  private runSerialized<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const result = this.tail.then(() => this.runWithRetry(work));
    this.tail = result.catch(() => undefined);
    return result;
  }
}

function codeOf(error: unknown): string | undefined {
  const e = error as { code?: string; driverError?: { code?: string } };
  return e?.driverError?.code ?? e?.code;
}

/** Writes the guard rows of the entities a `lockForUpdate` query returned (see there), in the same transaction. */
async function writeGuardRows<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  entities: E[],
  now: number,
): Promise<void> {
  const runner = (qb as unknown as { queryRunner?: QueryRunner }).queryRunner;
  if (!runner?.isTransactionActive || !entities.length || !qb.expressionMap.mainAlias?.hasMetadata) return;
  const metadata = qb.expressionMap.mainAlias.metadata;
  const keys = new Set<string>();
  for (const entity of entities) {
    const ids = metadata.primaryColumns.map((c) => c.getEntityValue(entity) as unknown);
    if (ids.some((v) => v === undefined || v === null)) continue;
    keys.add(`${metadata.tableName}:${ids.map(String).join('|')}`.slice(0, 191));
  }
  if (!keys.size) return;
  // Sorted, so two transactions guarding overlapping sets write them in the same order.
  const sorted = [...keys].sort();
  await runner.query(
    `INSERT INTO ${LOCK_GUARDS_TABLE} (guard_key, version, touched_at) VALUES ${sorted.map(() => '(?, 1, ?)').join(', ')} ` +
      'ON DUPLICATE KEY UPDATE version = version + 1, touched_at = VALUES(touched_at)',
    sorted.flatMap((key) => [key, now]),
  );
}
