import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { instantOrNull } from '@kanri/common/database/sql-values';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { newId } from '@kanri/common/ids/new-id';
import { PasswordHasher } from '@kanri/security/password-hasher';
import { type PasswordPolicyName, passwordPolicyProblems } from '@kanri/security/password-policy';
import type { CreateAccountDto } from './dto/create-account.dto';
import { parseIpList } from './ip-list';
import { UserSearchIndex } from './search/user-search-index';
import { MemberCounts } from './member-counts';
import type { Page } from '@kanri/common/pagination/page';
import { User } from './user.entity';
import { toUserView, type UserView } from './user.view';

export type { Page };

/**
 * Accounts (SPEC §4) for the sign-in side and the operator: finding an account, creating one outside any
 * organization, and the statements auth runs on it (password, second factor, allow-list, locks). Organization
 * membership is UserMemberships; the audit trail's reads are UserDirectory.
 */
@Injectable()
export class UserAccounts {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly tx: TransactionService,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly searchIndex: UserSearchIndex,
    private readonly counts: MemberCounts,
  ) {}

  findByLoginId(loginId: string): Promise<User | null> {
    return this.users.findOne({ where: { loginId } });
  }

  findById(id: string): Promise<User | null> {
    return this.users.findOne({ where: { id } });
  }

  /** Members of an organization with one of these addresses, in any case (bulk certificate applications name holders so). */
  async membersByEmail(organizationId: string, emails: string[]): Promise<Pick<User, 'id' | 'email'>[]> {
    if (!emails.length) return [];
    return this.users
      .createQueryBuilder('u')
      .select(['u.id', 'u.email'])
      .where('u.organization_id = :organizationId AND LOWER(u.email) IN (:...emails)', {
        organizationId,
        emails: emails.map((e) => e.toLowerCase()),
      })
      .getMany();
  }

  /** Throws 400 PASSWORD_POLICY_VIOLATED naming the field; the password itself is never echoed. */
  assertPasswordPolicy(password: string, policy: PasswordPolicyName, field = 'password'): void {
    const problems = passwordPolicyProblems(password, policy);
    if (problems.length) {
      throw new AppError(
        ErrorCode.PasswordPolicyViolated,
        400,
        'The password does not meet the password policy',
        { fields: { [field]: problems } },
      );
    }
  }

  /** `POST /api/v1/users`: an account with no organization (SPEC §4 "Accounts outside organizations"). */
  async createAccount(
    dto: CreateAccountDto,
    options: { isSystemOperator?: boolean } = {},
  ): Promise<UserView> {
    const user = await this.newAccount(dto, options);
    await this.tx.run((em) => this.insertAccount(em, user));
    return toUserView(user);
  }

  /**
   * The row of a new account with no organization (password policy checked, passwords hashed), not yet stored:
   * `insertAccount` stores it inside the caller's transaction.
   */
  async newAccount(dto: CreateAccountDto, options: { isSystemOperator?: boolean } = {}): Promise<User> {
    this.assertPasswordPolicy(dto.password, 'default');
    const [passwordHash, confirmationHash] = await Promise.all([
      this.hasher.hash(dto.password),
      dto.confirmationPassword ? this.hasher.hash(dto.confirmationPassword) : Promise.resolve(null),
    ]);
    return this.accountRow(dto, { passwordHash, confirmationHash }, options);
  }

  /**
   * The row of a new account with no organization from passwords hashed earlier (a self registration hashes them
   * when it is made and keeps nothing else), not yet stored: `insertAccount` stores it.
   */
  accountRow(
    dto: Omit<CreateAccountDto, 'password' | 'confirmationPassword'>,
    hashes: { passwordHash: string; confirmationHash: string | null },
    options: { isSystemOperator?: boolean } = {},
  ): User {
    const { passwordHash, confirmationHash } = hashes;
    const now = this.clock.now();
    return this.users.create({
      id: newId(now.getTime()),
      loginId: dto.loginId,
      passwordHash,
      confirmationHash,
      familyName: dto.familyName,
      givenName: dto.givenName,
      familyNameKana: dto.familyNameKana ?? null,
      givenNameKana: dto.givenNameKana ?? null,
      email: dto.email ?? null,
      subEmail: dto.subEmail ?? null,
      department: dto.department ?? null,
      phoneExternal: dto.phoneExternal ?? null,
      phoneExtension: dto.phoneExtension ?? null,
      allowedIps: dto.allowedIps ?? [],
      organizationId: null,
      groupId: null,
      attributes: [],
      isManager: false,
      isSystemOperator: options.isSystemOperator ?? false,
      isProvisional: false,
      isDisabled: false,
      mustChangePassword: dto.mustChangePassword ?? false,
      failedLoginCount: 0,
      lockedAt: null,
      lockedUntil: null,
      twoFactorEnabled: false,
      validFrom: dto.validFrom ?? null,
      validTo: dto.validTo ?? null,
      usageStopDate: null,
      language: dto.language ?? null,
      note: dto.note ?? null,
      lastLoginAt: null,
      passwordChangedAt: now,
      createdAt: now,
      updatedAt: now,
    });
  }

  /** Stores an account from `newAccount`; 409 CONFLICT (field `loginId`) when the login ID is taken. */
  async insertAccount(em: EntityManager, user: User): Promise<void> {
    if (await em.exists(User, { where: { loginId: user.loginId } })) {
      throw AppError.conflict('This login ID is already registered', { field: 'loginId' });
    }
    await em.insert(User, user);
    await this.counts.addAccounts(em, [user.organizationId], 1);
  }

  async listAccounts(page = 1, perPage = 25): Promise<Page<UserView>> {
    const [rows, total] = await this.users.findAndCount({
      order: { loginId: 'ASC' },
      skip: (page - 1) * perPage,
      take: perPage,
    });
    return { items: rows.map(toUserView), total, page, perPage };
  }

  async countOperators(): Promise<number> {
    return this.users.count({ where: { isSystemOperator: true } });
  }

  async setPassword(em: EntityManager, userId: string, newPassword: string): Promise<void> {
    const now = this.clock.now();
    await em.update(
      User,
      { id: userId },
      {
        passwordHash: await this.hasher.hash(newPassword),
        mustChangePassword: false,
        passwordChangedAt: now,
        updatedAt: now,
      },
    );
  }

  /** Up to two accounts with this login ID; two means imported data broke uniqueness (SPEC §3.4 USER_DUPLICATED). */
  findAllByLoginId(loginId: string): Promise<User[]> {
    return this.users.find({ where: { loginId }, take: 2 });
  }

  /**
   * The accounts a typed login ID names (two at most: sign-in refuses more than one), with their organization's
   * `settings` column as stored, in one plain statement (no entity hydration): it runs on every sign-in attempt,
   * and reading the settings separately cost a round trip.
   */
  async findForSignIn(loginId: string): Promise<{ account: SignInAccount; storedSettings: unknown }[]> {
    const rows: Record<string, unknown>[] = await this.users.query(SIGN_IN_SQL, [loginId]);
    return rows.map((row) => ({ account: toSignInAccount(row), storedSettings: row.organization_settings }));
  }

  /** The 2要素 flag: set when the user activates TOTP, cleared when it is revoked or turned off. */
  async setTwoFactorEnabled(em: EntityManager, userId: string, enabled: boolean): Promise<void> {
    await em.update(User, { id: userId }, { twoFactorEnabled: enabled });
  }

  /** The user's own 確認用パスワード (SPEC §3.1), hashed like a password. */
  async setConfirmationPassword(userId: string, confirmationPassword: string): Promise<void> {
    const confirmationHash = await this.hasher.hash(confirmationPassword);
    await this.tx.run((em) =>
      em.update(User, { id: userId }, { confirmationHash, updatedAt: this.clock.now() }),
    );
  }

  /** The account, locked for the rest of the caller's transaction (アカウント情報更新 reads before it writes). */
  lockAccount(em: EntityManager, userId: string): Promise<User | null> {
    return this.tx
      .lockForUpdate(em.createQueryBuilder(User, 'u').where('u.id = :userId', { userId }))
      .getOne();
  }

  /**
   * アカウント情報更新 (SPEC §13): the user's own profile fields, inside the caller's transaction. New names join the
   * organization's search dictionary, so the user list finds the account by them.
   */
  async updateOwnProfile(em: EntityManager, user: User, changes: Partial<OwnProfileFields>): Promise<void> {
    await em.update(User, { id: user.id }, { ...changes, updatedAt: this.clock.now() });
    const names = ['familyName', 'givenName', 'familyNameKana', 'givenNameKana'] as const;
    if (user.organizationId && names.some((k) => k in changes)) {
      await this.searchIndex.addNames(em, user.organizationId, [{ ...user, ...changes }]);
    }
  }

  /** Adds one address to a user's allow-list (IP change, SPEC §3.5), under a row lock; returns the new list. */
  async addAllowedIp(em: EntityManager, userId: string, address: string): Promise<string[]> {
    const qb = em
      .createQueryBuilder(User, 'u')
      .select(['u.id', 'u.allowedIps'])
      .where('u.id = :userId', { userId });
    const user = await this.tx.lockForUpdate(qb).getOne();
    if (!user) throw AppError.notFound('User');
    const next = user.allowedIps.includes(address) ? user.allowedIps : [...user.allowedIps, address];
    await em.update(User, { id: userId }, { allowedIps: next, updatedAt: this.clock.now() });
    return next;
  }
}

/** The fields a user changes about themselves (アカウント情報更新). */
export type OwnProfileFields = Pick<
  User,
  | 'familyName'
  | 'givenName'
  | 'familyNameKana'
  | 'givenNameKana'
  | 'email'
  | 'subEmail'
  | 'department'
  | 'phoneExternal'
  | 'phoneExtension'
  | 'language'
>;

/** What sign-in reads of an account (UserAccounts.findForSignIn). */
export type SignInAccount = Pick<
  User,
  | 'id'
  | 'loginId'
  | 'passwordHash'
  | 'organizationId'
  | 'email'
  | 'allowedIps'
  | 'isDisabled'
  | 'isProvisional'
  | 'mustChangePassword'
  | 'twoFactorEnabled'
  | 'validFrom'
  | 'validTo'
  | 'usageStopDate'
  | 'lockedAt'
  | 'lockedUntil'
>;

/** The columns `SignInAccount` is read from. */
const SIGN_IN_COLUMNS = [
  'id',
  'login_id',
  'password_hash',
  'organization_id',
  'email',
  'allowed_ips',
  'is_disabled',
  'is_provisional',
  'must_change_password',
  'two_factor_enabled',
  'valid_from',
  'valid_to',
  'usage_stop_date',
  'locked_at',
  'locked_until',
];

/** The accounts of a login ID with their organization's stored settings (none outside an organization). */
const SIGN_IN_SQL = `SELECT ${SIGN_IN_COLUMNS.map((c) => `u.${c}`).join(', ')}, o.settings AS organization_settings
  FROM users u LEFT JOIN organizations o ON o.id = u.organization_id
  WHERE u.login_id = ? LIMIT 2`;

function toSignInAccount(r: Record<string, unknown>): SignInAccount {
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  const flag = (v: unknown) => v === true || Number(v) === 1;
  return {
    id: String(r.id),
    loginId: String(r.login_id),
    passwordHash: String(r.password_hash),
    organizationId: text(r.organization_id),
    email: text(r.email),
    allowedIps: parseIpList(r.allowed_ips),
    isDisabled: flag(r.is_disabled),
    isProvisional: flag(r.is_provisional),
    mustChangePassword: flag(r.must_change_password),
    twoFactorEnabled: flag(r.two_factor_enabled),
    validFrom: text(r.valid_from),
    validTo: text(r.valid_to),
    usageStopDate: text(r.usage_stop_date),
    lockedAt: instantOrNull(r.locked_at),
    lockedUntil: instantOrNull(r.locked_until),
  };
}
