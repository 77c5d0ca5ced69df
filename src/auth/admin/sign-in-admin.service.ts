import { Injectable } from '@nestjs/common';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { UserScopeService } from '../../organizations/user-scope.service';
import type { User } from '../../users/user.entity';
import { toUserView, type UserView } from '../../users/user.view';
import { UserAccounts } from '../../users/user-accounts.service';
import type { Actor } from '@kanri/access/actor';
import { RequestLimits } from '../recovery/request-limits.service';
import { LockoutStatements } from '../lockout/lockout-statements';
import { UserOtpStore } from '../second-factor/user-otp.store';

/**
 * What administrators do to another user's sign-in (SPEC §3.3, §4; manuals: アカウントロック解除, ワンタイムパスワード
 * 利用停止解除, トークンの失効, 2要素認証の無効化). The target must belong to the organization in the path and be within
 * the actor's `users.manage` scope; anything else is 404. The operation history records each call (@Screen).
 */
@Injectable()
export class SignInAdmin {
  constructor(
    private readonly accounts: UserAccounts,
    private readonly statements: LockoutStatements,
    private readonly scope: UserScopeService,
    private readonly otpStore: UserOtpStore,
    private readonly requestLimits: RequestLimits,
    private readonly tx: TransactionService,
  ) {}

  /** アカウントロック解除: sign-in lockout, failure count and the reset / IP-change request locks. */
  async unlock(actor: Actor, userId: string): Promise<UserView> {
    await this.target(actor, userId);
    await this.tx.run(async (em) => {
      await this.statements.unlockAccount(em, userId);
      await this.requestLimits.unlockAll(em, userId);
    });
    return this.view(userId);
  }

  /** ワンタイムパスワード利用停止解除: codes are accepted again, the wrong-code count starts from zero. */
  async liftOtpSuspension(actor: Actor, userId: string): Promise<UserView> {
    await this.target(actor, userId);
    await this.tx.run(async (em) => {
      for (const row of await this.otpStore.lockAll(em, userId)) {
        await this.otpStore.update(em, row.id, { suspendedAt: null, failedAttempts: 0 });
      }
    });
    return this.view(userId);
  }

  /**
   * トークンの失効 (revoke) and 2要素認証の無効化 (disable) both delete the user's authenticator secret: the user
   * signs in without a second factor again (or with an emailed code where the organization requires one) and
   * must enrol again to use an app. Any sign-in waiting for a TOTP code cannot finish.
   */
  async removeAuthenticator(actor: Actor, userId: string): Promise<UserView> {
    await this.target(actor, userId);
    await this.tx.run(async (em) => {
      for (const row of await this.otpStore.lockAll(em, userId)) {
        await this.otpStore.update(em, row.id, {
          totpSecret: null,
          totpPendingSecret: null,
          totpLastStep: null,
          ...(row.challengeMethod === 'totp'
            ? { challengeId: null, challengeMethod: null, challengeExpiresAt: null }
            : {}),
        });
      }
      await this.accounts.setTwoFactorEnabled(em, userId, false);
    });
    return this.view(userId);
  }

  private async target(actor: Actor, userId: string): Promise<User> {
    const user = await this.accounts.findById(userId);
    if (!user || user.organizationId !== actor.orgId || !(await this.scope.canManageUser(actor, user))) {
      throw AppError.notFound('User');
    }
    return user;
  }

  private async view(userId: string): Promise<UserView> {
    const user = await this.accounts.findById(userId);
    if (!user) throw AppError.notFound('User');
    return toUserView(user);
  }
}
