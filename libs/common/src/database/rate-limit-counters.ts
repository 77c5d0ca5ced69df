import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { TransactionConflictError, isRetryableTransactionError } from './database-errors';
import { TransactionService } from './transaction.service';

/**
 * Rate-limit counters in the database (`rate_limit_counters`), so every instance sharing the database (one server,
 * a Galera cluster, or one SQLite file) counts against one budget: N instances do not allow N times the limit.
 * A fixed window per key: the first hit after the window ended opens a new one. One upsert per hit, in a
 * transaction; on Galera two instances counting the same key on two nodes conflict (1213) and the later one is
 * retried, so no hit is lost. A hit whose count could not be written (the retries ran out under a conflict storm)
 * is refused as over the limit: sign-in budgets fail closed.
 */
@Injectable()
export class DatabaseThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly tx: TransactionService) {}

  async increment(key: string, ttl: number, limit: number): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    const bucket = key.slice(0, 191);
    let row: { hits: number; windowEndsAt: number };
    try {
      row = await this.tx.run(async (em) => {
        if (this.tx.isMysql) {
          // Assignments run left to right: `hits` is decided on the old `window_ends_at`, which is set after it.
          await em.query(
            'INSERT INTO rate_limit_counters (bucket_key, hits, window_ends_at) VALUES (?, 1, ?) ' +
              'ON DUPLICATE KEY UPDATE hits = IF(window_ends_at <= ?, 1, hits + 1), ' +
              'window_ends_at = IF(window_ends_at <= ?, ?, window_ends_at)',
            [bucket, now + ttl, now, now, now + ttl],
          );
        } else {
          await em.query(
            'INSERT INTO rate_limit_counters (bucket_key, hits, window_ends_at) VALUES (?, 1, ?) ' +
              'ON CONFLICT (bucket_key) DO UPDATE SET hits = CASE WHEN window_ends_at <= ? THEN 1 ELSE hits + 1 END, ' +
              'window_ends_at = CASE WHEN window_ends_at <= ? THEN ? ELSE window_ends_at END',
            [bucket, now + ttl, now, now, now + ttl],
          );
        }
        const [r] = (await em.query(
          'SELECT hits, window_ends_at AS windowEndsAt FROM rate_limit_counters WHERE bucket_key = ?',
          [bucket],
        )) as { hits: number | string; windowEndsAt: number | string }[];
        if (Math.random() < 0.01)
          await em.query('DELETE FROM rate_limit_counters WHERE window_ends_at < ?', [now - 3_600_000]);
        return { hits: Number(r.hits), windowEndsAt: Number(r.windowEndsAt) };
      });
    } catch (error) {
      if (!(error instanceof TransactionConflictError) && !isRetryableTransactionError(error)) throw error;
      row = { hits: limit + 1, windowEndsAt: now + Math.min(ttl, 1000) };
    }
    const timeToExpire = Math.max(0, Math.ceil((row.windowEndsAt - now) / 1000));
    const isBlocked = row.hits > limit;
    return {
      totalHits: row.hits,
      timeToExpire,
      isBlocked,
      timeToBlockExpire: isBlocked ? Math.max(1, timeToExpire) : 0,
    };
  }
}
