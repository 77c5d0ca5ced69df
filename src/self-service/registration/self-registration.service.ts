import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { type EntityManager, IsNull, type Repository } from 'typeorm';
import type { RequestOrigin } from '@kanri/access/request-origin';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { newId } from '@kanri/common/ids/new-id';
import { PasswordHasher } from '@kanri/security/password-hasher';
import { AuditChainWriter } from '../../audit/audit-chain.writer';
import { auditDetails } from '../../audit/audit-masking';
import { Mailer } from '../../mail/mailer';
import { MembershipService } from '../../organizations/membership.service';
import { OrganizationsService, type OrganizationView } from '../../organizations/organizations.service';
import { UserAccounts } from '../../users/user-accounts.service';
import { UserMemberships } from '../../users/user-memberships.service';
import type {
  SelfRegistrationAcceptedView,
  SelfRegistrationDto,
  SelfRegistrationVerifiedView,
} from './self-registration.dto';
import { SelfRegistration } from './self-registration.entity';

/** A registration's link works for 24 hours: long enough to reach a mailbox over a weekend evening, not longer. */
export const SELF_REGISTRATION_TTL_MS = 24 * 60 * 60_000;

export const SELF_REGISTRATION_SCREEN = '利用者登録';

const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** Why a token was refused; all three answer 400 AUTH_TOKEN_INVALID, the reason in `details.reason`. */
type TokenRefusal = 'unknown' | 'expired' | 'used';

const tokenRefused = (reason: TokenRefusal) =>
  new AppError(
    ErrorCode.AuthTokenInvalid,
    HttpStatus.BAD_REQUEST,
    {
      unknown: 'This registration link is not valid',
      expired: 'This registration link has expired; register again',
      used: 'This registration link has already been used',
    }[reason],
    { reason },
  );

/** Unknown code and self registration off answer alike, so the public route does not tell which codes exist. */
const registrationClosed = () =>
  new AppError(
    ErrorCode.OrganizationCodeNotFound,
    HttpStatus.NOT_FOUND,
    'No organization with this code accepts self registration',
  );

/**
 * Self registration by organization code (SPEC §13, 000: the successor registers an account). Off unless the
 * organization's manager turned `selfRegistration` on.
 *
 * 1. `register`: checks code, setting, password policy, login ID and (early, for a clear answer) a free seat; keeps
 *    the registration with the password hashed and mails a single-use token, whose SHA-256 alone is stored.
 * 2. `verify`: the token creates the account and makes it a general member. **The seat is taken here**, not at
 *    registration: a registration nobody verifies must not hold a seat, or unverified sign-ups could fill an
 *    organization's plan. The organization row is locked, members are counted with locking reads and the plan's
 *    limit applied in the transaction that inserts the account (MembershipService.assertMayAddMembers), so parallel
 *    verifications never pass the limit; the ones that find no seat answer 422 USER_LIMIT_REACHED and their links
 *    keep working until they expire (a seat may free up).
 */
@Injectable()
export class SelfRegistrationService {
  constructor(
    @InjectRepository(SelfRegistration) private readonly registrations: Repository<SelfRegistration>,
    private readonly organizations: OrganizationsService,
    private readonly membership: MembershipService,
    private readonly accounts: UserAccounts,
    private readonly memberships: UserMemberships,
    private readonly hasher: PasswordHasher,
    private readonly mailer: Mailer,
    private readonly writer: AuditChainWriter,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  async register(dto: SelfRegistrationDto, origin: RequestOrigin): Promise<SelfRegistrationAcceptedView> {
    const org = await this.openOrganization(await this.organizations.viewByCode(dto.organizationCode));
    this.accounts.assertPasswordPolicy(dto.password, org.settings.passwordPolicy);
    if (await this.accounts.findByLoginId(dto.loginId)) throw loginIdTaken();
    const [passwordHash, confirmationHash] = await Promise.all([
      this.hasher.hash(dto.password),
      dto.confirmationPassword ? this.hasher.hash(dto.confirmationPassword) : Promise.resolve(null),
    ]);
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + SELF_REGISTRATION_TTL_MS);
    await this.tx.run(async (em) => {
      // Early and for a clear answer only; the seat is taken (and the limit enforced) at verification.
      await this.membership.assertMayAddMembers(em, org.id, 1);
      await em.insert(SelfRegistration, {
        id: newId(now.getTime()),
        organizationId: org.id,
        loginId: dto.loginId,
        familyName: dto.familyName,
        givenName: dto.givenName,
        familyNameKana: dto.familyNameKana ?? null,
        givenNameKana: dto.givenNameKana ?? null,
        email: dto.email,
        passwordHash,
        confirmationHash,
        tokenHash: digest(token),
        ip: origin.ip,
        expiresAt,
        usedAt: null,
        userId: null,
        createdAt: now,
      });
      await this.mailer.send(
        {
          to: dto.email,
          subject: '【Kanri】利用者登録の確認',
          text: [
            `${dto.familyName} ${dto.givenName} 様`,
            '',
            `${org.name} への利用者登録（ログインID ${dto.loginId}）を受け付けました。`,
            '次のトークンで登録を完了してください（24時間有効、1回限り）。完了するまでアカウントは作成されません。',
            '',
            `登録確認用トークン: ${token}`,
            '',
            'POST /api/v1/auth/register/verify {"token": "..."}',
            '',
            'この登録に心当たりがない場合は、このメールを破棄してください。',
          ].join('\n'),
        },
        em,
      );
    });
    return { expiresAt: expiresAt.toISOString() };
  }

  async verify(typedToken: string, origin: RequestOrigin): Promise<SelfRegistrationVerifiedView> {
    const registration =
      typedToken.length <= 100
        ? await this.registrations.findOne({ where: { tokenHash: digest(typedToken) } })
        : null;
    if (!registration) throw tokenRefused('unknown');
    if (registration.usedAt) throw tokenRefused('used');
    if (registration.expiresAt.getTime() <= this.clock.now().getTime()) throw tokenRefused('expired');
    const org = await this.openOrganization(await this.organizations.view(registration.organizationId));
    const user = this.accounts.accountRow(
      {
        loginId: registration.loginId,
        familyName: registration.familyName,
        givenName: registration.givenName,
        familyNameKana: registration.familyNameKana ?? undefined,
        givenNameKana: registration.givenNameKana ?? undefined,
        email: registration.email,
      },
      { passwordHash: registration.passwordHash, confirmationHash: registration.confirmationHash },
    );
    await this.tx.run(async (em) => {
      // Locks the organization row and counts its members with locking reads: the plan limit holds in parallel.
      await this.membership.assertMayAddMembers(em, org.id, 1);
      const spent = await em.update(
        SelfRegistration,
        { id: registration.id, usedAt: IsNull() },
        { usedAt: this.clock.now(), userId: user.id },
      );
      if ((spent.affected ?? 0) !== 1) throw tokenRefused('used');
      await this.accounts.insertAccount(em, user);
      await this.memberships.moveToOrganization(em, user.id, org.id, false);
      await this.recordInOrganization(em, org.id, user.id, user.loginId, origin);
    });
    return { userId: user.id, loginId: user.loginId, organizationName: org.name };
  }

  /** The organization, if it exists and accepts self registration; else 404 as for an unknown code. */
  private openOrganization(org: OrganizationView | null): OrganizationView {
    if (!org || !org.settings.selfRegistration || org.status !== 'active') throw registrationClosed();
    return org;
  }

  /**
   * The public route's own audit row belongs to no organization (an unauthenticated caller writes no organization's
   * chain); the account it created is recorded here in the organization's chain, in the creating transaction, with
   * the new member as operator, so its managers see who joined and how.
   */
  private async recordInOrganization(
    em: EntityManager,
    orgId: string,
    userId: string,
    loginId: string,
    origin: RequestOrigin,
  ): Promise<void> {
    const now = this.clock.now();
    await this.writer.append(
      em,
      [
        {
          id: newId(now.getTime()),
          organizationId: orgId,
          operation: 'register',
          screen: SELF_REGISTRATION_SCREEN,
          httpMethod: 'POST',
          route: '/api/v1/auth/register/verify',
          operatorUserId: userId,
          operatorLoginId: loginId,
          occurredAt: now,
          durationMs: 0,
          ip: origin.ip,
          userAgent: origin.userAgent,
          outcome: 'success',
          statusCode: 201,
          errorCode: null,
          requestId: null,
          details: auditDetails({ body: { selfRegistration: true, loginId } }),
        },
      ],
      [],
    );
  }
}

function loginIdTaken(): AppError {
  return AppError.conflict('This login ID is already registered', { field: 'loginId' });
}
