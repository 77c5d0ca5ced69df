import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { isRetryableTransactionError } from './database-errors';

const MAX_ATTEMPTS = 5;

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
 * - MySQL/MariaDB: a real transaction per call; `lockForUpdate` adds `FOR UPDATE`; the whole unit of work is
 *   retried on deadlock or lock-wait timeout, up to 5 attempts with jittered back-off, so `work` must be safe to
 *   run again (no side effects outside `em`; send mail after `run` returns).
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

  constructor(@InjectDataSource() readonly dataSource: DataSource) {
    this.isMysql = dataSource.options.type === 'mysql' || dataSource.options.type === 'mariadb';
  }

  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.isMysql ? this.runWithRetry(work) : this.runSerialized(work);
  }

  /** Registers the one participant (the audit recorder, at start). */
  setParticipant(participant: TransactionParticipant): void {
    this.participant = participant;
  }

  /** Adds a row lock inside a `run` on MySQL; a no-op on SQLite, where the mutex already serializes writers. */
  lockForUpdate<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>): SelectQueryBuilder<E> {
    return this.isMysql ? qb.setLock('pessimistic_write') : qb;
  }

  private async runWithRetry<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(work);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryableTransactionError(error)) throw error;
        this.logger.debug(`transaction retry ${attempt} after ${(error as { code?: string }).code}`);
        await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20 * attempt));
      }
    }
  }

  private async attempt<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const participant = this.participant;
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
