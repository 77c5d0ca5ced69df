import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { EntityManager } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import type { LoginEvent } from '../audit/login-history.service';
import { LoginHistoryService } from '../audit/login-history.service';
import { LoginAttempts } from './lockout/login-attempts.service';
import { AccessTokenKey } from './access-token-key';
import type { LoginResultView } from './dto/login-result.view';
import { JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER } from './jwt.strategy';
import type { RequestOrigin } from '@kanri/access/request-origin';
import { SessionsService } from './sessions.service';

/**
 * Opens a session and signs its access token: the last step of a sign-in, after the password alone or after the
 * second factor. The session row, the last-login stamp and the login-history row commit together.
 */
@Injectable()
export class SessionIssuer {
  constructor(
    private readonly attempts: LoginAttempts,
    private readonly sessions: SessionsService,
    private readonly loginHistory: LoginHistoryService,
    private readonly jwt: JwtService,
    private readonly tokenKey: AccessTokenKey,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  /**
   * `inTransaction` runs first in the same transaction (e.g. consuming the OTP challenge); when it returns false
   * nothing is opened and the call answers null.
   */
  async open(
    user: { id: string; mustChangePassword: boolean },
    origin: RequestOrigin,
    event: LoginEvent,
    inTransaction?: (em: EntityManager) => Promise<boolean>,
  ): Promise<LoginResultView | null> {
    const session = await this.tx.run(async (em) => {
      if (inTransaction && !(await inTransaction(em))) return null;
      // A sign-in succeeded: failures reset and the last login stamped, unless the account was locked meanwhile.
      await this.attempts.settleSuccess(em, user.id, this.clock.now());
      const opened = await this.sessions.open(em, user.id, origin.ip, origin.userAgent);
      await this.loginHistory.record(event, em);
      return opened;
    });
    if (!session) return null;
    const expiresIn = Math.round((session.expiresAt.getTime() - this.clock.now().getTime()) / 1000);
    // Synchronous HMAC signing with a prebuilt KeyObject (see AccessTokenKey): no event-loop hops, no PEM parse.
    const accessToken = this.jwt.sign(
      { sub: user.id, sid: session.id },
      {
        secret: this.tokenKey.key as unknown as string,
        algorithm: JWT_ALGORITHM,
        issuer: JWT_ISSUER,
        audience: JWT_AUDIENCE,
        expiresIn,
      },
    );
    return { accessToken, expiresIn, passwordChangeRequired: user.mustChangePassword };
  }
}
