import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { isRetryableTransactionError } from './database-errors';

const MAX_ATTEMPTS = 5;

/**
 * The one way to write (ARCHITECTURE "Two databases, one transaction helper").
 *
 * - MySQL/MariaDB: a real transaction per call; `lockForUpdate` adds `FOR UPDATE`; the whole unit of work is
 *   retried on deadlock or lock-wait timeout, up to 5 attempts with jittered back-off, so `work` must be safe to
 *   run again (no side effects outside `em`; send mail after `run` returns).
 * - SQLite (better-sqlite3, one connection): transactions are queued behind an in-process mutex, so exactly one
 *   writer runs at a time (serializable for free) and row locks are skipped. This is also why nothing else may
 *   call `dataSource.transaction` or `repository.save` outside `run`: on the single connection they would
 *   collide with the open transaction.
 */
@Injectable()
export class TransactionService {
  private readonly logger = new Logger(TransactionService.name);
  private tail: Promise<unknown> = Promise.resolve();
  readonly isMysql: boolean;

  constructor(@InjectDataSource() readonly dataSource: DataSource) {
    this.isMysql = dataSource.options.type === 'mysql' || dataSource.options.type === 'mariadb';
  }

  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.isMysql ? this.runWithRetry(work) : this.runSerialized(work);
  }

  /** Adds a row lock inside a `run` on MySQL; a no-op on SQLite, where the mutex already serializes writers. */
  lockForUpdate<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>): SelectQueryBuilder<E> {
    return this.isMysql ? qb.setLock('pessimistic_write') : qb;
  }

  private async runWithRetry<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(work);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !isRetryableTransactionError(error)) throw error;
        this.logger.debug(`transaction retry ${attempt} after ${(error as { code?: string }).code}`);
        await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20 * attempt));
      }
    }
  }

  private runSerialized<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const result = this.tail.then(() => this.dataSource.transaction(work));
    this.tail = result.catch(() => undefined);
    return result;
  }
}
