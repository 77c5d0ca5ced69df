import { Injectable } from '@nestjs/common';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { LoginHistoryService } from '../audit/login-history.service';
import type { Principal } from '@kanri/access/actor';
import type { RequestOrigin } from '@kanri/access/request-origin';
import { SessionsService } from './sessions.service';

export interface SessionView {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  ip: string | null;
  userAgent: string | null;
  /** The session this request is made with. */
  current: boolean;
}

/** `GET /auth/sessions` and revoking one of them (SPEC §3.6). */
@Injectable()
export class OwnSessions {
  constructor(
    private readonly sessions: SessionsService,
    private readonly loginHistory: LoginHistoryService,
    private readonly tx: TransactionService,
  ) {}

  async list(principal: Principal): Promise<{ items: SessionView[] }> {
    const rows = await this.sessions.listOpen(principal.userId);
    return {
      items: rows.map((s) => ({
        id: s.id,
        createdAt: s.createdAt.toISOString(),
        lastSeenAt: s.lastSeenAt.toISOString(),
        expiresAt: s.expiresAt.toISOString(),
        ip: s.ip,
        userAgent: s.userAgent,
        current: s.id === principal.sessionId,
      })),
    };
  }

  /**
   * Ends one of the caller's own sessions; another user's session id is 404. Written to login history as the
   * LOGOUT of that session (from the address that revoked it), with its duration.
   */
  async revoke(principal: Principal, sessionId: string, origin: RequestOrigin): Promise<void> {
    const session = await this.sessions.findOwn(principal.userId, sessionId);
    if (!session || session.endedAt) throw AppError.notFound('Session');
    await this.tx.run(async (em) => {
      const seconds = await this.sessions.end(sessionId, 'revoked', em);
      if (seconds === null) return;
      await this.loginHistory.record(
        {
          action: 'LOGOUT',
          loginIdTyped: principal.loginId,
          userId: principal.userId,
          organizationId: principal.organizationId,
          ip: origin.ip,
          userAgent: origin.userAgent,
          sessionSeconds: seconds,
        },
        em,
      );
    });
  }
}
