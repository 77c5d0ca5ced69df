import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@kanri/common/config/app-config';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { PasswordHasher } from '@kanri/security/password-hasher';
import type { LoginAction } from '../../audit/login-action';
import { type LoginEvent, LoginHistoryService } from '../../audit/login-history.service';
import { Mailer } from '../../mail/mailer';
import { UserAccounts } from '../../users/user-accounts.service';
import { accountUnusableReason } from '../account-usability-policy';
import { authTokenInvalid, invalidCredentials } from '../auth-errors';
import { isAddressAllowed } from '../ip-allow-list';
import { LoginAttempts } from '../lockout/login-attempts.service';
import type { RequestOrigin } from '@kanri/access/request-origin';
import { AuthTokens } from './auth-tokens.service';
import type { IpChangeConfirmDto, IpChangeRequestDto } from './dto/recovery.dto';
import { RequestLimits } from './request-limits.service';

const REQUEST_SCREEN = 'IPアドレス変更要求';

const ipChangeLocked = () =>
  new AppError(
    ErrorCode.IpChangeLocked,
    HttpStatus.LOCKED,
    'IP address change requests are locked for this account; ask an administrator to unlock it',
  );

/**
 * Adding a new address to one's own allow-list (SPEC §3.5), for a user signing in from an address that is not yet
 * allowed. The request proves the password (counted toward the lockout like a sign-in) and mails a link; the
 * link adds the address the request came from. At most 3 requests per 24 hours, then the flow locks.
 */
@Injectable()
export class IpChange {
  constructor(
    private readonly accounts: UserAccounts,
    private readonly attempts: LoginAttempts,
    private readonly hasher: PasswordHasher,
    private readonly tokens: AuthTokens,
    private readonly limits: RequestLimits,
    private readonly loginHistory: LoginHistoryService,
    private readonly mailer: Mailer,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async request(dto: IpChangeRequestDto, origin: RequestOrigin): Promise<void> {
    const typed = {
      loginIdTyped: dto.loginId,
      ip: origin.ip,
      userAgent: origin.userAgent,
      screen: REQUEST_SCREEN,
    };
    const found = await this.accounts.findAllByLoginId(dto.loginId);
    if (found.length !== 1) {
      await this.hasher.verifyAgainstNothing(dto.password);
      await this.loginHistory.record({
        ...typed,
        action: found.length ? 'USER_DUPLICATED' : 'USER_NOT_FOUND',
      });
      throw invalidCredentials();
    }
    const user = found[0];
    const event: Omit<LoginEvent, 'action'> = {
      ...typed,
      userId: user.id,
      organizationId: user.organizationId,
    };
    await this.attempts.check({
      userId: user.id,
      organizationId: user.organizationId,
      verify: () => this.hasher.verify(user.passwordHash, dto.password),
      event,
      recordEveryAnswer: true,
      wrongAnswer: invalidCredentials,
    });
    const unusable = accountUnusableReason(user, this.clock.now(), this.config.timeZone);
    if (unusable) throw new AppError(unusable.code, HttpStatus.FORBIDDEN, unusable.message);
    if (!origin.ip) throw AppError.validation({ ip: ['the request address is unknown'] });
    if (!user.allowedIps.length || isAddressAllowed(user.allowedIps, origin.ip)) {
      throw AppError.conflict('Sign-in from this address is already allowed');
    }
    if (!user.email) {
      throw AppError.unprocessable(
        ErrorCode.EmailNotRegistered,
        'This account has no email address to confirm with',
      );
    }
    await this.limits.ensure(user.id, 'ip_change');
    const refusal = await this.tx.run(
      async (em): Promise<{ action: LoginAction; error: AppError } | null> => {
        const verdict = await this.limits.take(em, user.id, 'ip_change');
        const refuse = async (action: LoginAction, error: AppError) => {
          await this.loginHistory.record({ ...event, action }, em);
          return { action, error };
        };
        switch (verdict) {
          case 'inconsistent':
            return refuse(
              'LOCK_TABLE_INCONSISTENT',
              AppError.conflict(
                'The request records of this account are inconsistent; contact an administrator',
              ),
            );
          case 'locked':
            return refuse('IP_CHANGE_REQUEST_WHILE_LOCKED', ipChangeLocked());
          case 'limit':
            return refuse('IP_CHANGE_REQUEST_LIMIT', ipChangeLocked());
          case 'granted': {
            const token = await this.tokens.issue(em, user.id, 'ip_change', origin.ip);
            await this.mailer.send(
              {
                to: user.email!,
                subject: '【Kanri】IPアドレス変更の確認',
                text: [
                  `${user.familyName} ${user.givenName} 様`,
                  '',
                  `IPアドレス ${origin.ip} からのログインを許可する要求を受け付けました。`,
                  '次のトークンで確認すると、このアドレスが許可IPアドレスに追加されます（1時間有効、1回限り）。',
                  '',
                  `確認用トークン: ${token}`,
                  '',
                  'POST /api/v1/auth/ip-change/confirm {"token": "..."}',
                  '',
                  'この要求に心当たりがない場合は、確認せずに管理者に連絡してください。',
                ].join('\n'),
              },
              em,
            );
            await this.loginHistory.record({ ...event, action: 'IP_CHANGE_REQUEST_SUCCESS' }, em);
            return null;
          }
        }
      },
    );
    if (refusal) throw refusal.error;
  }

  /** Adds the address the request came from (not the one confirming) to the allow-list. */
  async confirm(dto: IpChangeConfirmDto): Promise<{ allowedIps: string[] }> {
    const token = await this.tokens.findUsable(dto.token, 'ip_change');
    if (!token?.ip) throw authTokenInvalid();
    const allowedIps = await this.tx.run(async (em) => {
      if (!(await this.tokens.consume(em, token.id))) throw authTokenInvalid();
      return this.accounts.addAllowedIp(em, token.userId, token.ip!);
    });
    return { allowedIps };
  }
}
