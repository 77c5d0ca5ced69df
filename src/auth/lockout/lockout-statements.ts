import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { isRetryableTransactionError } from '@kanri/common/database/database-errors';
import { execute, instantOrNull, sqlInstant } from '@kanri/common/database/sql-values';

/** Lifts a temporary lock whose time has come (parameters: user ID, now). */
const CLEAR_RUN_OUT_LOCK = `UPDATE users SET locked_at = NULL, locked_until = NULL, failed_login_count = 0, failed_login_at = NULL
  WHERE id = ? AND locked_until IS NOT NULL AND locked_until <= ?`;
/**
 * Takes an attempt slot (parameters: now, user ID, threshold, stale-before); `{count}` is the expression that sets
 * the new count, so that the MySQL form can hand it back through LAST_INSERT_ID.
 */
const RESERVE_ATTEMPT = (count: string) =>
  `UPDATE users SET failed_login_count = ${count}, failed_login_at = ?
    WHERE id = ? AND locked_at IS NULL
      AND (failed_login_count < ? OR failed_login_at IS NULL OR failed_login_at < ?)`;

/**
 * The two statements the lockout rule (lockout-policy.ts) stands on, run on the account row inside the caller's
 * transaction: reserve an attempt before its secret is checked, clear the failures once it was right, lock,
 * unlock, and end the temporary locks that have run out.
 * Hand-written statements: they run for every sign-in attempt and confirmation answer (see `execute`).
 */
@Injectable()
export class LockoutStatements {
  constructor(private readonly tx: TransactionService) {}

  /** A temporary lock whose time has come is lifted (count back to zero), as if the expiry job had run. */
  async clearRunOutLock(em: EntityManager, userId: string, now: Date): Promise<void> {
    await execute(em, CLEAR_RUN_OUT_LOCK, [userId, sqlInstant(now, this.tx.isMysql)]);
  }

  /**
   * `reserveLoginAttempt` in a statement of its own, for sign-in, which takes a slot before every verification:
   * on MySQL/MariaDB one autocommit UPDATE whose new count comes back as the statement's insert ID
   * (`LAST_INSERT_ID(expr)`), instead of a transaction of four round trips (BEGIN, UPDATE, SELECT, COMMIT); the
   * single-row UPDATE is as atomic as that transaction was. A deadlock or lock-wait timeout falls back to the
   * transactional form, which TransactionService retries. On SQLite, a transaction (the one connection must not run
   * a statement into another request's open transaction) with `UPDATE … RETURNING`.
   */
  async reserveLoginAttemptAlone(
    userId: string,
    threshold: number,
    now: Date,
    staleBefore: Date,
    mayHaveExpiredLock = true,
  ): Promise<number | null> {
    const inTransaction = () =>
      this.tx.run((em) =>
        this.reserveLoginAttempt(em, userId, threshold, now, staleBefore, mayHaveExpiredLock),
      );
    if (!this.tx.isMysql) return inTransaction();
    try {
      if (mayHaveExpiredLock) await this.tx.dataSource.query(CLEAR_RUN_OUT_LOCK, [userId, now]);
      const result = (await this.tx.dataSource.query(
        RESERVE_ATTEMPT('LAST_INSERT_ID(failed_login_count + 1)'),
        [now, userId, threshold, staleBefore],
      )) as { affectedRows?: number; insertId?: number | bigint };
      return result.affectedRows ? Number(result.insertId) : null;
    } catch (error) {
      if (!isRetryableTransactionError(error)) throw error;
      return inTransaction();
    }
  }

  /**
   * Counts one sign-in attempt BEFORE its secret is evaluated, so parallel attempts cannot exceed the threshold:
   * the conditional UPDATE succeeds only while the account is unlocked and below `threshold` (or its count is left
   * over from attempts older than `staleBefore`, which cannot still be in flight). A temporary lock that has run out
   * is cleared first (a caller that has just read the row without a run-out lock may skip that with
   * `mayHaveExpiredLock = false`: a lock set since cannot have run out yet). Returns the attempt's number
   * (1 = first failure in a row), or null when refused (locked).
   */
  async reserveLoginAttempt(
    em: EntityManager,
    userId: string,
    threshold: number,
    now: Date,
    staleBefore: Date,
    mayHaveExpiredLock = true,
  ): Promise<number | null> {
    const at = (d: Date) => sqlInstant(d, this.tx.isMysql);
    if (mayHaveExpiredLock) await this.clearRunOutLock(em, userId, now);
    const parameters = [at(now), userId, threshold, at(staleBefore)];
    if (!this.tx.isMysql) {
      // SQLite answers the new count with the UPDATE itself (nothing when the UPDATE matched no row).
      const [row]: { n: number | string }[] = await em.query(
        `${RESERVE_ATTEMPT('failed_login_count + 1')} RETURNING failed_login_count AS n`,
        parameters,
      );
      return row ? Number(row.n) : null;
    }
    const reserved = await execute(em, RESERVE_ATTEMPT('failed_login_count + 1'), parameters);
    if (!reserved) return null;
    const [row]: { n: number | string }[] = await em.query(
      'SELECT failed_login_count AS n FROM users WHERE id = ?',
      [userId],
    );
    return row ? Number(row.n) : null;
  }

  /**
   * The secret was right: the failure count starts again (and, for a sign-in, the last login is stamped), unless
   * the account was locked in the meantime; returns the lock state found.
   */
  async clearLoginFailures(
    em: EntityManager,
    userId: string,
    lastLoginAt?: Date,
  ): Promise<{ locked: boolean; lockedUntil: Date | null }> {
    const cleared = lastLoginAt
      ? await execute(
          em,
          'UPDATE users SET failed_login_count = 0, failed_login_at = NULL, last_login_at = ? WHERE id = ? AND locked_at IS NULL',
          [sqlInstant(lastLoginAt, this.tx.isMysql), userId],
        )
      : await execute(
          em,
          'UPDATE users SET failed_login_count = 0, failed_login_at = NULL WHERE id = ? AND locked_at IS NULL',
          [userId],
        );
    if (cleared) return { locked: false, lockedUntil: null };
    const [row]: { locked_until: unknown }[] = await em.query('SELECT locked_until FROM users WHERE id = ?', [
      userId,
    ]);
    return { locked: true, lockedUntil: instantOrNull(row?.locked_until) };
  }

  /** Locks an account (アカウントロック); `until` null = until an administrator unlocks. */
  async lockAccount(em: EntityManager, userId: string, now: Date, until: Date | null): Promise<void> {
    const at = (d: Date) => sqlInstant(d, this.tx.isMysql);
    await execute(em, 'UPDATE users SET locked_at = ?, locked_until = ? WHERE id = ? AND locked_at IS NULL', [
      at(now),
      until && at(until),
      userId,
    ]);
  }

  /** アカウントロック解除: unlocked, failure count back to zero. */
  async unlockAccount(em: EntityManager, userId: string): Promise<void> {
    await execute(
      em,
      'UPDATE users SET locked_at = NULL, locked_until = NULL, failed_login_count = 0, failed_login_at = NULL WHERE id = ?',
      [userId],
    );
  }

  /** Ends temporary lockouts whose time has come (the lockout-expiry job); returns how many. */
  expireTemporaryLocks(em: EntityManager, now: Date): Promise<number> {
    return execute(
      em,
      `UPDATE users SET locked_at = NULL, locked_until = NULL, failed_login_count = 0, failed_login_at = NULL
        WHERE locked_until IS NOT NULL AND locked_until <= ?`,
      [sqlInstant(now, this.tx.isMysql)],
    );
  }
}
