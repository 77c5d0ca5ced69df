import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, IsNull, MoreThan, type Repository } from 'typeorm';
import { AppConfig } from '@kanri/common/config/app-config';
import { Clock } from '@kanri/common/clock/clock';
import { execute, sqlInstant } from '@kanri/common/database/sql-values';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { newId } from '@kanri/common/ids/new-id';
import type { Principal } from '@kanri/access/actor';
import { Session } from './session.entity';
import { readSessionWithAccount } from './session-principal';

/** `last_seen_at` is refreshed at most this often, so a busy session costs one write a minute, not one a request. */
const TOUCH_INTERVAL_MS = 60_000;

export type SessionEndReason =
  | 'logout'
  | 'idle_timeout'
  | 'absolute_timeout'
  | 'password_changed'
  | 'disabled'
  | 'locked'
  | 'deleted'
  | 'revoked';

/** Server-side sessions behind access tokens, with inactivity and absolute timeouts (SPEC §3.6). */
@Injectable()
export class SessionsService {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async open(
    em: EntityManager,
    userId: string,
    ip: string | null,
    userAgent: string | null,
  ): Promise<Session> {
    const now = this.clock.now();
    const session: Session = {
      id: newId(now.getTime()),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.config.sessionMaxHours * 3_600_000),
      endedAt: null,
      endReason: null,
      ip,
      userAgent: userAgent?.slice(0, 255) ?? null,
    };
    // A hand-written INSERT: every sign-in opens a session (see `execute`).
    const at = (d: Date) => sqlInstant(d, this.tx.isMysql);
    await execute(
      em,
      `INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, ended_at, end_reason, ip, user_agent)
       VALUES (?, ?, ?, ?, ?, NULL, NULL, ?, ?)`,
      [session.id, userId, at(now), at(now), at(session.expiresAt), session.ip, session.userAgent],
    );
    return session;
  }

  /** The principal behind an open session, or null when the session is over (ending it if it just ran out). */
  async resolve(sessionId: string, userId: string): Promise<Principal | null> {
    const session = await readSessionWithAccount(this.sessions.manager, sessionId, userId);
    if (!session || session.endedAt) return null;
    const now = this.clock.now();
    const expired: SessionEndReason | null =
      now >= session.expiresAt
        ? 'absolute_timeout'
        : now.getTime() - session.lastSeenAt.getTime() > this.config.sessionIdleMinutes * 60_000
          ? 'idle_timeout'
          : null;
    if (expired) {
      await this.end(sessionId, expired);
      return null;
    }
    if (!session.principal) return null;
    if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.tx.run((em) =>
        em.update(Session, { id: sessionId, endedAt: IsNull() }, { lastSeenAt: now }),
      );
    }
    return session.principal;
  }

  /** The user's sessions that are still usable (not ended, not past either timeout), newest first. */
  async listOpen(userId: string): Promise<Session[]> {
    const now = this.clock.now();
    const rows = await this.sessions.find({
      where: { userId, endedAt: IsNull(), expiresAt: MoreThan(now) },
      order: { createdAt: 'DESC' },
      take: 100,
    });
    const idleMs = this.config.sessionIdleMinutes * 60_000;
    return rows.filter((s) => now.getTime() - s.lastSeenAt.getTime() <= idleMs);
  }

  /** One session of this user, or null (another user's session is as good as absent). */
  findOwn(userId: string, sessionId: string): Promise<Session | null> {
    return this.sessions.findOne({ where: { id: sessionId, userId } });
  }

  /** Ends one session; returns how long it lasted in seconds, or null if it was already over. */
  async end(sessionId: string, reason: SessionEndReason, em?: EntityManager): Promise<number | null> {
    const work = async (m: EntityManager) => {
      const session = await m.findOne(Session, { where: { id: sessionId } });
      if (!session || session.endedAt) return null;
      const now = this.clock.now();
      await m.update(Session, { id: sessionId, endedAt: IsNull() }, { endedAt: now, endReason: reason });
      return Math.round((now.getTime() - session.createdAt.getTime()) / 1000);
    };
    return em ? work(em) : this.tx.run(work);
  }

  /**
   * Ends every open session of a user inside the caller's transaction (disable, delete, lock, password change),
   * except `keepSessionId` when given.
   */
  async endAllForUser(
    em: EntityManager,
    userId: string,
    reason: SessionEndReason,
    keepSessionId?: string,
  ): Promise<void> {
    const qb = em
      .createQueryBuilder()
      .update(Session)
      .set({ endedAt: this.clock.now(), endReason: reason })
      .where('user_id = :userId AND ended_at IS NULL', { userId });
    if (keepSessionId) qb.andWhere('id <> :keep', { keep: keepSessionId });
    await qb.execute();
  }
}
