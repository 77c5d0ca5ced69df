import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppConfig } from '@kanri/common/config/app-config';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { newId } from '@kanri/common/ids/new-id';
import { OtpService } from '@kanri/security/otp.service';
import type { LoginAction } from '../../audit/login-action';
import { type LoginEvent, LoginHistoryService } from '../../audit/login-history.service';
import { Mailer } from '../../mail/mailer';
import type { User } from '../../users/user.entity';
import { UserAccounts } from '../../users/user-accounts.service';
import { accountUnusableReason } from '../account-usability-policy';
import { accountLocked, ipNotAllowed, otpExpired, otpInvalid, otpLocked } from '../auth-errors';
import type { LoginResultView } from '../dto/login-result.view';
import { isAddressAllowed } from '../ip-allow-list';
import type { RequestOrigin } from '@kanri/access/request-origin';
import { SessionIssuer } from '../session-issuer.service';
import type { OtpRequiredView, OtpResentView } from './dto/otp.dto';
import { OtpTokens } from './otp-token';
import { TotpCodes } from './totp-codes.service';
import type { OtpMethod, UserOtp } from './user-otp.entity';
import { UserOtpStore } from './user-otp.store';

/** Resends per sign-in (SPEC §3.3). */
export const MAX_OTP_RESENDS = 3;

type EventBase = Omit<LoginEvent, 'action'>;

/** What a transaction decided, so its rows commit before the answer is thrown. */
interface Refusal {
  action: LoginAction;
  error: AppError;
}

const inconsistent = () =>
  AppError.conflict(
    'The one-time password records of this account are inconsistent; contact an administrator',
  );

/**
 * The second step of a sign-in (SPEC §3.2–§3.3): the challenge started after the password, its verification,
 * and resending an emailed code. Wrong codes count per user; the limit suspends one-time passwords (利用停止)
 * until an administrator lifts it. Every outcome writes its login-history row in the transaction that decided it.
 */
@Injectable()
export class OtpChallenges {
  constructor(
    private readonly store: UserOtpStore,
    private readonly otp: OtpService,
    private readonly tokens: OtpTokens,
    private readonly issuer: SessionIssuer,
    private readonly accounts: UserAccounts,
    private readonly loginHistory: LoginHistoryService,
    private readonly mailer: Mailer,
    private readonly totpCodes: TotpCodes,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /**
   * The password step passed (written as LOGIN_SUCCESS): start a challenge, mailing the code for the email
   * method. A suspended user is refused here at once (OTP_WHILE_LOCKED) rather than asked for a code that
   * cannot be accepted. `inTransaction` runs first in the same transaction (sign-in settles its attempt there).
   */
  async start(
    user: Pick<User, 'id' | 'email'>,
    method: OtpMethod,
    event: EventBase,
    inTransaction: (em: EntityManager) => Promise<void> = async () => undefined,
  ): Promise<OtpRequiredView> {
    await this.store.ensure(user.id);
    const now = this.clock.now();
    const challengeId = newId(now.getTime());
    const expiresAt = this.codeExpiry(now);
    const code = method === 'email' ? this.otp.newEmailCode() : null;
    const refusal = await this.tx.run(async (em): Promise<Refusal | null> => {
      await inTransaction(em);
      const rows = await this.store.lockAll(em, user.id);
      await this.loginHistory.record({ ...event, action: 'LOGIN_SUCCESS' }, em);
      const problem = await this.refuseInconsistentOrSuspended(em, rows, event);
      if (problem) return problem;
      await this.store.update(em, rows[0].id, {
        challengeId,
        challengeMethod: method,
        codeHash: code ? this.otp.emailCodeDigest(challengeId, code) : null,
        challengeExpiresAt: expiresAt,
        resendCount: 0,
      });
      if (code) await this.mailer.send(this.codeMail(user.email!, code, expiresAt), em);
      return null;
    });
    if (refusal) throw refusal.error;
    const tokenExpiry = new Date(now.getTime() + this.config.otpTtlMinutes * 60_000 * (MAX_OTP_RESENDS + 1));
    const otpToken = await this.tokens.sign({ userId: user.id, challengeId }, tokenExpiry);
    return { otpRequired: true, otpToken, method, expiresAt: expiresAt.toISOString() };
  }

  /** `POST /auth/otp/verify`: a right code opens the session (OTP_SUCCESS); the challenge is spent with it. */
  async verify(otpToken: string, code: string, origin: RequestOrigin): Promise<LoginResultView> {
    const { user, challengeId, event } = await this.resolve(otpToken, origin);
    const now = this.clock.now();
    let refusal: Refusal | null = null;
    const opened = await this.issuer.open(user, origin, { ...event, action: 'OTP_SUCCESS' }, async (em) => {
      refusal = await this.judge(em, user.id, challengeId, code, now, event);
      return refusal === null;
    });
    if (!opened) throw (refusal as Refusal | null)?.error ?? otpInvalid();
    return opened;
  }

  /** `POST /auth/otp/resend`: a new emailed code with a new expiry, at most 3 times per sign-in. */
  async resend(otpToken: string, origin: RequestOrigin): Promise<OtpResentView> {
    const { user, challengeId, event } = await this.resolve(otpToken, origin);
    const now = this.clock.now();
    const expiresAt = this.codeExpiry(now);
    const code = this.otp.newEmailCode();
    const outcome = await this.tx.run(async (em): Promise<Refusal | { resendsRemaining: number }> => {
      const rows = await this.store.lockAll(em, user.id);
      const problem = await this.refuseInconsistentOrSuspended(em, rows, event);
      if (problem) return problem;
      const row = rows[0];
      if (row.challengeId !== challengeId) return this.refuse(em, event, 'OTP_EXPIRED', otpExpired());
      if (row.challengeMethod !== 'email') {
        return {
          action: 'OTP_WRONG',
          error: AppError.validation({ otpToken: ['only emailed codes can be resent'] }),
        };
      }
      if (row.resendCount >= MAX_OTP_RESENDS) {
        return this.refuse(
          em,
          event,
          'OTP_RESEND_LIMIT',
          new AppError(
            ErrorCode.OtpResendLimit,
            HttpStatus.TOO_MANY_REQUESTS,
            `A code can be resent at most ${MAX_OTP_RESENDS} times per sign-in; sign in again`,
          ),
        );
      }
      await this.store.update(em, row.id, {
        codeHash: this.otp.emailCodeDigest(challengeId, code),
        challengeExpiresAt: expiresAt,
        resendCount: row.resendCount + 1,
      });
      await this.loginHistory.record({ ...event, action: 'OTP_RESENT' }, em);
      await this.mailer.send(this.codeMail(user.email!, code, expiresAt), em);
      return { resendsRemaining: MAX_OTP_RESENDS - row.resendCount - 1 };
    });
    if ('error' in outcome) throw outcome.error;
    return {
      method: 'email',
      expiresAt: expiresAt.toISOString(),
      resendsRemaining: outcome.resendsRemaining,
    };
  }

  /**
   * The user behind an otpToken, re-checked: the account may have been locked, disabled or moved off its allowed
   * addresses since the password step.
   */
  private async resolve(
    otpToken: string,
    origin: RequestOrigin,
  ): Promise<{ user: User; challengeId: string; event: EventBase }> {
    const parsed = this.tokens.parse(otpToken);
    if (parsed.state === 'invalid') throw otpInvalid();
    const user = await this.accounts.findById(parsed.claims.userId);
    if (!user) throw otpInvalid();
    const event: EventBase = {
      loginIdTyped: user.loginId,
      userId: user.id,
      organizationId: user.organizationId,
      ip: origin.ip,
      userAgent: origin.userAgent,
    };
    if (parsed.state === 'expired') {
      await this.loginHistory.record({ ...event, action: 'OTP_EXPIRED' });
      throw otpExpired();
    }
    const now = this.clock.now();
    if (user.lockedAt && !(user.lockedUntil && user.lockedUntil <= now))
      throw accountLocked(user.lockedUntil);
    const unusable = accountUnusableReason(user, now, this.config.timeZone);
    if (unusable) throw new AppError(unusable.code, HttpStatus.FORBIDDEN, unusable.message);
    if (!isAddressAllowed(user.allowedIps, origin.ip)) {
      await this.loginHistory.record({ ...event, action: 'LOGIN_IP_NOT_ALLOWED' });
      throw ipNotAllowed();
    }
    return { user, challengeId: parsed.claims.challengeId, event };
  }

  /** Decides one code inside the session-opening transaction; null = accepted (and the challenge is spent). */
  private async judge(
    em: EntityManager,
    userId: string,
    challengeId: string,
    code: string,
    now: Date,
    event: EventBase,
  ): Promise<Refusal | null> {
    const rows = await this.store.lockAll(em, userId);
    const problem = await this.refuseInconsistentOrSuspended(em, rows, event);
    if (problem) return problem;
    const row = rows[0];
    if (row.challengeId !== challengeId || !row.challengeExpiresAt || row.challengeExpiresAt <= now) {
      return this.refuse(em, event, 'OTP_EXPIRED', otpExpired());
    }
    if (row.challengeMethod === 'totp' && !row.totpSecret) {
      // The authenticator was revoked after the password step: this sign-in cannot finish; a new one will not ask.
      await this.store.update(em, row.id, this.clearedChallenge());
      return this.refuse(em, event, 'OTP_EXPIRED', otpExpired());
    }
    const acceptedStep =
      row.challengeMethod === 'totp' ? this.totpCodes.acceptedStep(row, userId, code, now) : null;
    const right =
      row.challengeMethod === 'totp'
        ? acceptedStep !== null
        : !!row.codeHash && this.otp.emailCodeMatches(row.codeHash, challengeId, code);
    if (right) {
      await this.store.update(em, row.id, {
        ...this.clearedChallenge(),
        failedAttempts: 0,
        ...(acceptedStep !== null ? { totpLastStep: acceptedStep } : {}),
      });
      return null;
    }
    const failures = row.failedAttempts + 1;
    if (failures >= this.config.otpMaxAttempts) {
      await this.store.update(em, row.id, {
        ...this.clearedChallenge(),
        failedAttempts: failures,
        suspendedAt: now,
      });
      return this.refuse(em, event, 'OTP_LOCKED_OUT', otpLocked());
    }
    await this.store.update(em, row.id, { failedAttempts: failures });
    return this.refuse(em, event, 'OTP_WRONG', otpInvalid());
  }

  private async refuseInconsistentOrSuspended(
    em: EntityManager,
    rows: UserOtp[],
    event: EventBase,
  ): Promise<Refusal | null> {
    if (rows.length === 0) return this.refuse(em, event, 'OTP_RECORD_MISSING', inconsistent());
    if (rows.length > 1) return this.refuse(em, event, 'OTP_RECORD_DUPLICATED', inconsistent());
    if (rows[0].suspendedAt) return this.refuse(em, event, 'OTP_WHILE_LOCKED', otpLocked());
    return null;
  }

  private async refuse(
    em: EntityManager,
    event: EventBase,
    action: LoginAction,
    error: AppError,
  ): Promise<Refusal> {
    await this.loginHistory.record({ ...event, action, screen: 'ワンタイムパスワード' }, em);
    return { action, error };
  }

  private clearedChallenge(): Partial<UserOtp> {
    return {
      challengeId: null,
      challengeMethod: null,
      codeHash: null,
      challengeExpiresAt: null,
      resendCount: 0,
    };
  }

  private codeExpiry(now: Date): Date {
    return new Date(now.getTime() + this.config.otpTtlMinutes * 60_000);
  }

  private codeMail(to: string, code: string, expiresAt: Date) {
    const until = new Intl.DateTimeFormat('ja-JP', {
      timeZone: this.config.timeZone,
      dateStyle: 'medium',
      timeStyle: 'medium',
    }).format(expiresAt);
    return {
      to,
      subject: '【Kanri】ワンタイムパスワードのお知らせ',
      text: [
        'ログインに必要なワンタイムパスワードをお知らせします。',
        '',
        `ワンタイムパスワード: ${code}`,
        `有効期限: ${until}`,
        '',
        'このメールに心当たりがない場合は、管理者に連絡してください。',
      ].join('\n'),
    };
  }
}
