import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { isDuplicateKeyError } from '@kanri/common/database/database-errors';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { newId } from '@kanri/common/ids/new-id';
import type { AuthTokenPurpose } from './auth-token.entity';
import { RequestLimit } from './request-limit.entity';

/** Requests per user per 24 hours before the flow locks (SPEC §3.5). */
export const MAX_REQUESTS_PER_DAY = 3;
const WINDOW_MS = 24 * 60 * 60_000;

/**
 * - `granted`: within the limit, counted;
 * - `limit`: this request is one too many, and the flow is now locked for the user;
 * - `locked`: the flow was already locked;
 * - `inconsistent`: two rows for one user and flow (LOCK_TABLE_INCONSISTENT).
 */
export type RequestVerdict = 'granted' | 'limit' | 'locked' | 'inconsistent';

/**
 * The 3-per-24-hours limit of password reset and IP change requests. The window starts with the first request and
 * lasts 24 hours; the request after the third in a window locks the flow until an administrator unlocks the
 * account. Counted under a row lock, so parallel requests cannot pass the limit.
 */
@Injectable()
export class RequestLimits {
  constructor(
    @InjectRepository(RequestLimit) private readonly limits: Repository<RequestLimit>,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  async ensure(userId: string, kind: AuthTokenPurpose): Promise<void> {
    if (await this.limits.exists({ where: { userId, kind } })) return;
    try {
      await this.tx.run((em) =>
        em.insert(RequestLimit, {
          id: newId(this.clock.now().getTime()),
          userId,
          kind,
          windowStartedAt: this.clock.now(),
          requestCount: 0,
          lockedAt: null,
        }),
      );
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  /** Counts one request inside the caller's transaction (call `ensure` first). */
  async take(em: EntityManager, userId: string, kind: AuthTokenPurpose): Promise<RequestVerdict> {
    const qb = em
      .createQueryBuilder(RequestLimit, 'l')
      .where('l.userId = :userId AND l.kind = :kind', { userId, kind })
      .orderBy('l.id')
      .limit(2);
    const rows = await this.tx.lockForUpdate(qb).getMany();
    if (rows.length !== 1) return 'inconsistent';
    const row = rows[0];
    if (row.lockedAt) return 'locked';
    const now = this.clock.now();
    const fresh = now.getTime() - row.windowStartedAt.getTime() >= WINDOW_MS;
    const count = fresh ? 0 : row.requestCount;
    if (count >= MAX_REQUESTS_PER_DAY) {
      await em.update(RequestLimit, { id: row.id }, { lockedAt: now });
      return 'limit';
    }
    await em.update(
      RequestLimit,
      { id: row.id },
      { requestCount: count + 1, ...(fresh ? { windowStartedAt: now } : {}) },
    );
    return 'granted';
  }

  /** Part of an administrator's unlock: both flows open again with a fresh count. */
  async unlockAll(em: EntityManager, userId: string): Promise<void> {
    await em.update(
      RequestLimit,
      { userId },
      { lockedAt: null, requestCount: 0, windowStartedAt: this.clock.now() },
    );
  }
}
