import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import type { LoginEvent } from '../../audit/login-history.service';
import { LoginHistoryService } from '../../audit/login-history.service';
import type { EffectiveOrganizationSettings } from '../../organizations/organization-settings';
import { LockoutStatements } from './lockout-statements';
import { OwedSlots } from './owed-slots';
import { UserAccounts } from '../../users/user-accounts.service';
import { accountLocked } from '../auth-errors';
import { SessionsService } from '../sessions.service';
import { SignInSettings } from '../sign-in-settings.service';
import { IN_FLIGHT_ATTEMPT_MS, IN_FLIGHT_WAIT_MS, lockoutPolicy } from './lockout-policy';

export interface SecretCheck {
  userId: string;
  organizationId: string | null;
  /** Evaluates the secret (an argon2 verification); runs outside any transaction. */
  verify: () => Promise<boolean>;
  /** Who typed what, from where: the base of every login-history row written here. */
  event: Omit<LoginEvent, 'action'>;
  /**
   * Sign-in screens write a row for every wrong answer and every try while locked (LOGIN_WRONG_PASSWORD,
   * LOGIN_WHILE_LOCKED); checks made by a signed-in user (confirmation password, current password) write only
   * the lockout itself, and the operation history records the refused operation.
   */
  recordEveryAnswer: boolean;
  /** The answer to a wrong secret that did not lock the account. */
  wrongAnswer: () => AppError;
  /**
   * When true, a right answer is not settled here: the caller must call `settleSuccess` inside the transaction
   * that acts on it (sign-in opens its session there), saving a transaction on the busiest path.
   */
  deferSuccess?: boolean;
  /** `lockedUntil` as the caller just read it, if it did: saves clearing a run-out lock that is not there. */
  lockedUntilAsRead?: Date | null;
  /** The organization's settings, when the caller read them with the account (sign-in does): saves reading them. */
  settings?: EffectiveOrganizationSettings;
}

/**
 * Failure counting and lockout (SPEC §3.2 step 3–4), shared by sign-in, the confirmation password and every other
 * place a user proves a secret. The attempt is counted atomically BEFORE the secret is evaluated (an "attempt
 * slot", see LockoutStatements.reserveLoginAttempt), so parallel wrong answers can never get more than `threshold`
 * evaluations: the others find no slot, wait for those in flight, and are answered 423 once they have locked it.
 * Only the one user's row is touched, so different users' argon2 verifications still run in parallel. Then the attempt is settled: a right answer resets
 * the count; the wrong answer that used the last slot locks the account and ends its sessions.
 */
@Injectable()
export class LoginAttempts {
  constructor(
    private readonly statements: LockoutStatements,
    private readonly accounts: UserAccounts,
    private readonly settings: SignInSettings,
    private readonly sessions: SessionsService,
    private readonly loginHistory: LoginHistoryService,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
    private readonly owed: OwedSlots,
  ) {}

  /**
   * Resolves when the secret is right, with the organization's settings it read; throws 423 ACCOUNT_LOCKED or
   * `wrongAnswer()` otherwise.
   */
  async check(c: SecretCheck): Promise<EffectiveOrganizationSettings> {
    const settings = c.settings ?? (await this.settings.of(c.organizationId));
    const policy = lockoutPolicy(settings);
    const slot = await this.reserve(c, policy.threshold);
    if (typeof slot !== 'number') {
      if (c.recordEveryAnswer) await this.loginHistory.record({ ...c.event, action: 'LOGIN_WHILE_LOCKED' });
      throw accountLocked(slot.lockedUntil);
    }

    let right = false;
    try {
      right = await c.verify();
    } catch {
      right = false;
    }

    if (right) {
      if (!c.deferSuccess)
        await this.settling(c.userId, () => this.tx.run((em) => this.settleSuccess(em, c.userId)));
      return settings;
    }
    if (slot >= policy.threshold) {
      const lockedAt = this.clock.now();
      const until = policy.minutes === null ? null : new Date(lockedAt.getTime() + policy.minutes * 60_000);
      await this.tx.run(async (em) => {
        await this.statements.lockAccount(em, c.userId, lockedAt, until);
        await this.sessions.endAllForUser(em, c.userId, 'locked');
        await this.loginHistory.record({ ...c.event, action: 'LOGIN_LOCKED_OUT' }, em);
      });
      throw accountLocked(until);
    }
    if (c.recordEveryAnswer) await this.loginHistory.record({ ...c.event, action: 'LOGIN_WRONG_PASSWORD' });
    throw c.wrongAnswer();
  }

  /**
   * Takes an attempt slot. When none is free although the account is not locked, every remaining slot belongs to an
   * attempt still being evaluated (parallel requests of the same user, e.g. several confirm operations at once):
   * this one waits for them to settle and tries again, as if it had arrived after them, so a right answer is not
   * refused for its company, while the number of evaluations in parallel still never exceeds the threshold. It gives
   * up after IN_FLIGHT_WAIT_MS (a count left by a request that died mid-way frees itself only after
   * IN_FLIGHT_ATTEMPT_MS). Answers the slot number, or the lock found.
   */
  private async reserve(c: SecretCheck, threshold: number): Promise<number | { lockedUntil: Date | null }> {
    const giveUpAt = Date.now() + IN_FLIGHT_WAIT_MS;
    for (let round = 0; ; round++) {
      const now = this.clock.now();
      const slot = await this.statements.reserveLoginAttemptAlone(
        c.userId,
        threshold,
        now,
        new Date(now.getTime() - IN_FLIGHT_ATTEMPT_MS),
        round > 0 ||
          c.lockedUntilAsRead === undefined ||
          (c.lockedUntilAsRead !== null && c.lockedUntilAsRead <= now),
      );
      if (slot !== null) return slot;
      const user = await this.accounts.findById(c.userId);
      if (!user || user.lockedAt !== null || Date.now() >= giveUpAt)
        return { lockedUntil: user?.lockedUntil ?? null };
      await new Promise((resolve) => setTimeout(resolve, Math.min(100, 10 * 2 ** round)));
    }
  }

  /**
   * Runs what settles a right answer: settleSuccess in a transaction of its own, or, for a deferred success, the
   * caller's work around it (sign-in opens its session there). When that fails otherwise than by a refusal (an
   * AppError, such as a lock set meanwhile) — the database unreachable, a conflict, a fault — the attempt's slot is
   * owed back (OwedSlots) and the error goes on.
   */
  async settling<T>(userId: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof AppError)) this.owed.giveBack(userId);
      throw error;
    }
  }

  /**
   * A right answer, inside the caller's transaction: the failure count starts again (and `lastLoginAt` is stamped
   * when given). Throws 423 when a parallel wrong answer locked the account in the meantime (the transaction then
   * rolls back).
   */
  async settleSuccess(em: EntityManager, userId: string, lastLoginAt?: Date): Promise<void> {
    const state = await this.statements.clearLoginFailures(em, userId, lastLoginAt);
    if (state.locked) throw accountLocked(state.lockedUntil);
  }
}
