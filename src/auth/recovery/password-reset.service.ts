import { Injectable } from '@nestjs/common';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { type LoginEvent, LoginHistoryService } from '../../audit/login-history.service';
import { Mailer } from '../../mail/mailer';
import { UserAccounts } from '../../users/user-accounts.service';
import { authTokenInvalid, ipNotAllowed } from '../auth-errors';
import { isAddressAllowed } from '../ip-allow-list';
import type { RequestOrigin } from '@kanri/access/request-origin';
import { SessionsService } from '../sessions.service';
import { SignInSettings } from '../sign-in-settings.service';
import { AuthTokens } from './auth-tokens.service';
import type { PasswordResetConfirmDto, PasswordResetRequestDto } from './dto/recovery.dto';
import { RequestLimits } from './request-limits.service';

const REQUEST_SCREEN = 'パスワード再発行要求';

/**
 * Password reset by email (SPEC §3.5). The request always answers 202 whatever happened, so it reveals neither
 * which login IDs exist nor which addresses match; what happened is in the login history. Refusals (unknown pair,
 * address not allowed, limit reached, flow locked) send no mail.
 */
@Injectable()
export class PasswordReset {
  constructor(
    private readonly accounts: UserAccounts,
    private readonly tokens: AuthTokens,
    private readonly limits: RequestLimits,
    private readonly sessions: SessionsService,
    private readonly settings: SignInSettings,
    private readonly loginHistory: LoginHistoryService,
    private readonly mailer: Mailer,
    private readonly tx: TransactionService,
  ) {}

  async request(dto: PasswordResetRequestDto, origin: RequestOrigin): Promise<void> {
    const typed = {
      loginIdTyped: dto.loginId,
      ip: origin.ip,
      userAgent: origin.userAgent,
      screen: REQUEST_SCREEN,
    };
    const found = await this.accounts.findAllByLoginId(dto.loginId);
    if (found.length !== 1) {
      await this.loginHistory.record({
        ...typed,
        action: found.length ? 'USER_DUPLICATED' : 'USER_NOT_FOUND',
      });
      return;
    }
    const user = found[0];
    const event: Omit<LoginEvent, 'action'> = {
      ...typed,
      userId: user.id,
      organizationId: user.organizationId,
    };
    // The login ID exists but the address is not its own: for the requester, no such user.
    if (!user.email || user.email.toLowerCase() !== dto.email.toLowerCase()) {
      await this.loginHistory.record({ ...event, action: 'USER_NOT_FOUND' });
      return;
    }
    if (!isAddressAllowed(user.allowedIps, origin.ip)) {
      await this.loginHistory.record({ ...event, action: 'RESET_REQUEST_IP_NOT_ALLOWED' });
      return;
    }
    await this.limits.ensure(user.id, 'password_reset');
    await this.tx.run(async (em) => {
      const verdict = await this.limits.take(em, user.id, 'password_reset');
      switch (verdict) {
        case 'inconsistent':
          return this.loginHistory.record({ ...event, action: 'LOCK_TABLE_INCONSISTENT' }, em);
        case 'locked':
          return this.loginHistory.record({ ...event, action: 'RESET_REQUEST_WHILE_LOCKED' }, em);
        case 'limit':
          return this.loginHistory.record({ ...event, action: 'RESET_REQUEST_LIMIT' }, em);
        case 'granted': {
          const token = await this.tokens.issue(em, user.id, 'password_reset', origin.ip);
          await this.mailer.send(
            {
              to: user.email!,
              subject: '【Kanri】パスワード再発行のご案内',
              text: [
                `${user.familyName} ${user.givenName} 様`,
                '',
                'パスワード再発行の要求を受け付けました。次のトークンで新しいパスワードを設定してください（1時間有効、1回限り）。',
                '',
                `再発行用トークン: ${token}`,
                '',
                'POST /api/v1/auth/password-reset/confirm {"token": "...", "newPassword": "..."}',
                '',
                'この要求に心当たりがない場合は、このメールを破棄し、管理者に連絡してください。',
              ].join('\n'),
            },
            em,
          );
          return this.loginHistory.record({ ...event, action: 'RESET_REQUEST_SUCCESS' }, em);
        }
      }
    });
  }

  /** Sets the new password and ends every session of the user; the token is spent even if the answer is lost. */
  async confirm(dto: PasswordResetConfirmDto, origin: RequestOrigin): Promise<void> {
    const token = await this.tokens.findUsable(dto.token, 'password_reset');
    const user = token && (await this.accounts.findById(token.userId));
    if (!token || !user) throw authTokenInvalid();
    if (!isAddressAllowed(user.allowedIps, origin.ip)) {
      await this.loginHistory.record({
        action: 'RESET_IP_NOT_ALLOWED',
        loginIdTyped: user.loginId,
        userId: user.id,
        organizationId: user.organizationId,
        ip: origin.ip,
        userAgent: origin.userAgent,
        screen: 'パスワード再発行',
      });
      throw ipNotAllowed();
    }
    const { passwordPolicy } = await this.settings.of(user.organizationId);
    this.accounts.assertPasswordPolicy(dto.newPassword, passwordPolicy, 'newPassword');
    await this.tx.run(async (em) => {
      if (!(await this.tokens.consume(em, token.id))) throw authTokenInvalid();
      await this.accounts.setPassword(em, user.id, dto.newPassword);
      await this.sessions.endAllForUser(em, user.id, 'password_changed');
    });
  }
}
