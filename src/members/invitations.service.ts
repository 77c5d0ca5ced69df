import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { type EntityManager, IsNull, MoreThan, type Repository } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { newId } from '@kanri/common/ids/new-id';
import { PasswordHasher } from '@kanri/security/password-hasher';
import { authTokenInvalid } from '../auth/auth-errors';
import { Mailer } from '../mail/mailer';
import { OrganizationsService } from '../organizations/organizations.service';
import { MemberAccounts } from '../users/member-accounts.service';
import type { User } from '../users/user.entity';
import { UserAccounts } from '../users/user-accounts.service';
import type { AcceptInvitationDto } from './dto/accept-invitation.dto';
import { UserInvitation } from './user-invitation.entity';

/** An invitation is valid for 72 hours; a new one replaces the old. */
export const INVITATION_TTL_MS = 72 * 3_600_000;

const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/**
 * Provisional users (仮登録, SPEC §4 "created provisional with an invitation mail to set their password"). The
 * account exists without a usable password and cannot sign in (ACCOUNT_PROVISIONAL); the mail carries a single-use
 * token (32 random bytes, only its SHA-256 stored, 72 hours). `POST /invitations/accept {token, password,
 * confirmationPassword?}` sets the password under the organization's policy and turns the account into a regular
 * one. Administrators send a fresh invitation with `POST .../users/:userId/invitation` (imports create provisional
 * users without mailing them).
 */
@Injectable()
export class InvitationsService {
  constructor(
    @InjectRepository(UserInvitation) private readonly invitations: Repository<UserInvitation>,
    private readonly tx: TransactionService,
    private readonly accounts: UserAccounts,
    private readonly memberAccounts: MemberAccounts,
    private readonly organizations: OrganizationsService,
    private readonly hasher: PasswordHasher,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
  ) {}

  /** Issues a token and mails it, inside the caller's transaction (the outbox row commits with the account). */
  async invite(
    em: EntityManager,
    user: Pick<User, 'id' | 'organizationId' | 'loginId' | 'familyName' | 'givenName' | 'email'>,
  ): Promise<void> {
    if (!user.email || !user.organizationId) {
      throw AppError.validation({ email: ['an invitation needs an email address'] });
    }
    const now = this.clock.now();
    const token = randomBytes(32).toString('base64url');
    await em.update(UserInvitation, { userId: user.id, usedAt: IsNull() }, { usedAt: now });
    await em.insert(UserInvitation, {
      id: newId(now.getTime()),
      userId: user.id,
      organizationId: user.organizationId,
      tokenHash: digest(token),
      expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
      usedAt: null,
      createdAt: now,
    });
    await this.mailer.send(
      {
        to: user.email,
        subject: '【Kanri】アカウント登録のご案内',
        text: [
          `${user.familyName} ${user.givenName} 様`,
          '',
          `管理者があなたのアカウント（ログインID: ${user.loginId}）を仮登録しました。`,
          '次のトークンでパスワードを設定し、本登録を完了してください（72時間有効、1回限り）。',
          '',
          `招待用トークン: ${token}`,
          '',
          'POST /api/v1/invitations/accept {"token": "...", "password": "...", "confirmationPassword": "..."}',
        ].join('\n'),
      },
      em,
    );
  }

  /** `POST .../users/:userId/invitation`: a fresh invitation for a provisional member (the old link stops working). */
  async resend(
    em: EntityManager,
    user: Pick<
      User,
      'id' | 'organizationId' | 'loginId' | 'familyName' | 'givenName' | 'email' | 'isProvisional'
    >,
  ): Promise<void> {
    if (!user.isProvisional) {
      throw AppError.unprocessable(ErrorCode.UserNotProvisional, 'Only a provisional user can be invited');
    }
    await this.invite(em, user);
  }

  /** `POST /invitations/accept`: the provisional user sets their password and becomes a regular user. */
  async accept(dto: AcceptInvitationDto): Promise<{ loginId: string }> {
    const invitation =
      dto.token.length <= 100
        ? await this.invitations.findOne({
            where: { tokenHash: digest(dto.token), usedAt: IsNull(), expiresAt: MoreThan(this.clock.now()) },
          })
        : null;
    const user = invitation && (await this.accounts.findById(invitation.userId));
    if (!invitation || !user || !user.isProvisional || user.organizationId !== invitation.organizationId) {
      throw authTokenInvalid();
    }
    const policy = (await this.organizations.effectiveSettingsOf(user.organizationId)).passwordPolicy;
    this.accounts.assertPasswordPolicy(dto.password, policy);
    const [passwordHash, confirmationHash] = await Promise.all([
      this.hasher.hash(dto.password),
      dto.confirmationPassword ? this.hasher.hash(dto.confirmationPassword) : Promise.resolve(null),
    ]);
    await this.tx.run(async (em) => {
      const now = this.clock.now();
      const spent = await em.update(UserInvitation, { id: invitation.id, usedAt: IsNull() }, { usedAt: now });
      if ((spent.affected ?? 0) !== 1) throw authTokenInvalid();
      const activated = await this.memberAccounts.activateProvisional(
        em,
        user.id,
        { passwordHash, confirmationHash },
        now,
      );
      if (!activated) throw authTokenInvalid();
    });
    return { loginId: user.loginId };
  }
}
