import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { execute, sqlInstant } from '@kanri/common/database/sql-values';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { newId } from '@kanri/common/ids/new-id';
import { PasswordHasher } from '@kanri/security/password-hasher';
import { type PasswordPolicyName, passwordPolicyProblems } from '@kanri/security/password-policy';
import type { Principal } from '@kanri/access/actor';
import { roleLabel } from './search/user-search';
import { UserSearchIndex } from './search/user-search-index';
import type { CreateAccountDto } from './dto/create-account.dto';
import { User } from './user.entity';
import { toUserView, type UserView } from './user.view';

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  perPage: number;
}

/** Accounts (SPEC §4). Organization-scoped administration builds on these methods. */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly tx: TransactionService,
    private readonly hasher: PasswordHasher,
    private readonly clock: Clock,
    private readonly searchIndex: UserSearchIndex,
  ) {}

  findByLoginId(loginId: string): Promise<User | null> {
    return this.users.findOne({ where: { loginId } });
  }

  findById(id: string): Promise<User | null> {
    return this.users.findOne({ where: { id } });
  }

  /** The principal for a live session; null once the account is disabled or gone. */
  async findPrincipal(userId: string, sessionId: string): Promise<Principal | null> {
    const u = await this.users.findOne({
      where: { id: userId },
      select: {
        id: true,
        loginId: true,
        organizationId: true,
        groupId: true,
        isSystemOperator: true,
        isManager: true,
        mustChangePassword: true,
        isDisabled: true,
      },
    });
    if (!u || u.isDisabled) return null;
    return {
      userId: u.id,
      sessionId,
      loginId: u.loginId,
      organizationId: u.organizationId,
      groupId: u.groupId,
      isSystemOperator: u.isSystemOperator,
      isManager: u.isManager,
      mustChangePassword: u.mustChangePassword,
    };
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
    this.assertPasswordPolicy(dto.password, 'default');
    const [passwordHash, confirmationHash] = await Promise.all([
      this.hasher.hash(dto.password),
      dto.confirmationPassword ? this.hasher.hash(dto.confirmationPassword) : Promise.resolve(null),
    ]);
    const now = this.clock.now();
    const user = this.users.create({
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
    await this.tx.run(async (em) => {
      if (await em.exists(User, { where: { loginId: dto.loginId } })) {
        throw AppError.conflict('This login ID is already registered', { field: 'loginId' });
      }
      await em.insert(User, user);
    });
    return toUserView(user);
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

  /** Successful sign-in: failure count back to zero, last login stamped. */
  async recordSuccessfulLogin(em: EntityManager, userId: string): Promise<void> {
    await em.update(User, { id: userId }, { failedLoginCount: 0, lastLoginAt: this.clock.now() });
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

  // ---- Sign-in controls: called by the auth module inside its transactions (SPEC §3.2, §3.5) ----

  /** Up to two accounts with this login ID; two means imported data broke uniqueness (SPEC §3.4 USER_DUPLICATED). */
  findAllByLoginId(loginId: string): Promise<User[]> {
    return this.users.find({ where: { loginId }, take: 2 });
  }

  /**
   * `findAllByLoginId` for the sign-in path: only the columns sign-in needs, read with one plain statement (no
   * entity hydration), because it runs for every attempt and its cost is not argon2's.
   */
  async findForSignIn(loginId: string): Promise<SignInAccount[]> {
    const rows: Record<string, unknown>[] = await this.users.query(
      `SELECT ${SIGN_IN_COLUMNS.join(', ')} FROM users WHERE login_id = ? LIMIT 2`,
      [loginId],
    );
    return rows.map(toSignInAccount);
  }

  /**
   * Counts one sign-in attempt BEFORE its secret is evaluated, so parallel attempts cannot exceed the threshold:
   * the conditional UPDATE succeeds only while the account is unlocked and below `threshold` (or its count is left
   * over from attempts older than `staleBefore`, which cannot still be in flight). A temporary lock that has run out
   * is cleared first (a caller that has just read the row without a run-out lock may skip that with
   * `mayHaveExpiredLock = false`: a lock set since cannot have run out yet). Returns the attempt's number
   * (1 = first failure in a row), or null when refused (locked).
   */
  async reserveLoginAttempt(
    em: EntityManager,
    userId: string,
    threshold: number,
    now: Date,
    staleBefore: Date,
    mayHaveExpiredLock = true,
  ): Promise<number | null> {
    // Hand-written statements: this runs for every sign-in attempt (see `execute`).
    const at = (d: Date) => sqlInstant(d, this.tx.isMysql);
    if (mayHaveExpiredLock) {
      await execute(
        em,
        `UPDATE users SET locked_at = NULL, locked_until = NULL, failed_login_count = 0, failed_login_at = NULL
          WHERE id = ? AND locked_until IS NOT NULL AND locked_until <= ?`,
        [userId, at(now)],
      );
    }
    const reserved = await execute(
      em,
      `UPDATE users SET failed_login_count = failed_login_count + 1, failed_login_at = ?
        WHERE id = ? AND locked_at IS NULL
          AND (failed_login_count < ? OR failed_login_at IS NULL OR failed_login_at < ?)`,
      [at(now), userId, threshold, at(staleBefore)],
    );
    if (!reserved) return null;
    const [row]: { n: number | string }[] = await em.query(
      'SELECT failed_login_count AS n FROM users WHERE id = ?',
      [userId],
    );
    return row ? Number(row.n) : null;
  }

  /**
   * The secret was right: the failure count starts again (and, for a sign-in, the last login is stamped), unless
   * the account was locked in the meantime; returns the lock state found.
   */
  async clearLoginFailures(
    em: EntityManager,
    userId: string,
    lastLoginAt?: Date,
  ): Promise<{ locked: boolean; lockedUntil: Date | null }> {
    const cleared = lastLoginAt
      ? await execute(
          em,
          'UPDATE users SET failed_login_count = 0, failed_login_at = NULL, last_login_at = ? WHERE id = ? AND locked_at IS NULL',
          [sqlInstant(lastLoginAt, this.tx.isMysql), userId],
        )
      : await execute(
          em,
          'UPDATE users SET failed_login_count = 0, failed_login_at = NULL WHERE id = ? AND locked_at IS NULL',
          [userId],
        );
    if (cleared) return { locked: false, lockedUntil: null };
    const row = await em.findOne(User, { where: { id: userId }, select: { id: true, lockedUntil: true } });
    return { locked: true, lockedUntil: row?.lockedUntil ?? null };
  }

  /** Locks an account (アカウントロック); `until` null = until an administrator unlocks. */
  async lockAccount(em: EntityManager, userId: string, now: Date, until: Date | null): Promise<void> {
    await em
      .createQueryBuilder()
      .update(User)
      .set({ lockedAt: now, lockedUntil: until })
      .where('id = :userId AND locked_at IS NULL', { userId })
      .execute();
  }

  /** アカウントロック解除: unlocked, failure count back to zero. */
  async unlockAccount(em: EntityManager, userId: string): Promise<void> {
    await em.update(
      User,
      { id: userId },
      { lockedAt: null, lockedUntil: null, failedLoginCount: 0, failedLoginAt: null },
    );
  }

  /** Ends temporary lockouts whose time has come (the lockout-expiry job); returns how many. */
  async expireTemporaryLocks(em: EntityManager, now: Date): Promise<number> {
    const result = await em
      .createQueryBuilder()
      .update(User)
      .set({ lockedAt: null, lockedUntil: null, failedLoginCount: 0, failedLoginAt: null })
      .where('locked_until IS NOT NULL AND locked_until <= :now', { now })
      .execute();
    return result.affected ?? 0;
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

  // ---- Membership: called by the organizations module inside its transactions (SPEC §2) ----
  // The organizations module locks the organization row before calling these, so counts read here are exact.

  /**
   * 組織内ユーザー数: every account of the organization, disabled and provisional ones included. With `lock` the
   * count is a locking read (FOR UPDATE on MySQL), which sees the latest committed rows even when the caller's
   * transaction already holds an older snapshot (InnoDB REPEATABLE READ).
   */
  async countMembers(em: EntityManager, orgId: string, lock = false): Promise<number> {
    const qb = em
      .createQueryBuilder(User, 'u')
      .select('COUNT(*)', 'n')
      .where('u.organizationId = :orgId', { orgId });
    const row = await (lock ? this.tx.lockForUpdate(qb) : qb).getRawOne<{ n: number | string }>();
    return Number(row?.n ?? 0);
  }

  /**
   * The membership facts of one account; with `lock`, the row is locked (FOR UPDATE on MySQL) so that it cannot
   * change organization or flags until the transaction ends.
   */
  async findMembership(em: EntityManager, userId: string, lock = false): Promise<UserMembership | null> {
    const qb = em
      .createQueryBuilder(User, 'u')
      .select(MEMBERSHIP_COLUMNS)
      .where('u.id = :userId', { userId });
    const u = await (lock ? this.tx.lockForUpdate(qb) : qb).getOne();
    return u ? toMembership(u) : null;
  }

  /** The members among `userIds` (others are silently absent); with `lock`, a locking read. */
  async findMembers(
    em: EntityManager,
    orgId: string,
    userIds: readonly string[],
    lock = false,
  ): Promise<UserMembership[]> {
    const found: UserMembership[] = [];
    for (let i = 0; i < userIds.length; i += MEMBERSHIP_CHUNK) {
      const qb = em
        .createQueryBuilder(User, 'u')
        .select(MEMBERSHIP_COLUMNS)
        .where('u.organizationId = :orgId AND u.id IN (:...ids)', {
          orgId,
          ids: userIds.slice(i, i + MEMBERSHIP_CHUNK),
        });
      const rows = await (lock ? this.tx.lockForUpdate(qb) : qb).getMany();
      found.push(...rows.map(toMembership));
    }
    return found;
  }

  /** Holders of the manager flag in an organization; with `lock`, a locking read (see `countMembers`). */
  async findManagers(em: EntityManager, orgId: string, lock = false): Promise<UserMembership[]> {
    const qb = em
      .createQueryBuilder(User, 'u')
      .select(MEMBERSHIP_COLUMNS)
      .where('u.organizationId = :orgId AND u.isManager = :yes', { orgId, yes: 1 });
    return (await (lock ? this.tx.lockForUpdate(qb) : qb).getMany()).map(toMembership);
  }

  /** Every member with the columns the manager screen (管理責任者修正) shows, login ID ascending. */
  async listMembers(orgId: string): Promise<MemberSummary[]> {
    const rows = await this.users.find({
      where: { organizationId: orgId },
      select: { id: true, loginId: true, familyName: true, givenName: true, isManager: true },
      order: { loginId: 'ASC' },
    });
    return rows.map((u) => ({
      id: u.id,
      loginId: u.loginId,
      familyName: u.familyName,
      givenName: u.givenName,
      isManager: u.isManager,
    }));
  }

  /** Sets or clears the manager flag of the given members (chunked; other organizations' rows are untouched). */
  async setManagerFlags(
    em: EntityManager,
    orgId: string,
    userIds: readonly string[],
    isManager: boolean,
  ): Promise<void> {
    const now = this.clock.now();
    for (let i = 0; i < userIds.length; i += MEMBERSHIP_CHUNK) {
      await em
        .createQueryBuilder()
        .update(User)
        .set({ isManager, updatedAt: now })
        .where('organization_id = :orgId AND id IN (:...ids)', {
          orgId,
          ids: userIds.slice(i, i + MEMBERSHIP_CHUNK),
        })
        .execute();
    }
  }

  /**
   * Puts an account into an organization (or none): the group and the attributes are cleared (both belong to one
   * organization) and the manager flag set as given (a move clears it, SPEC §2; creating an organization sets it).
   * The account's names join the new organization's search dictionary, so the user list finds them.
   */
  async moveToOrganization(
    em: EntityManager,
    userId: string,
    orgId: string | null,
    asManager = false,
  ): Promise<void> {
    await em.update(
      User,
      { id: userId },
      {
        organizationId: orgId,
        groupId: null,
        attributes: [],
        attributesSortKey: '',
        isManager: asManager,
        updatedAt: this.clock.now(),
      },
    );
    await this.searchIndex.forget(em, [userId]);
    if (orgId) {
      const names = await em.findOne(User, {
        where: { id: userId },
        select: { id: true, familyName: true, givenName: true, familyNameKana: true, givenNameKana: true },
      });
      if (names) await this.searchIndex.addNames(em, orgId, [names]);
    }
  }

  /** Whether any member of the organization belongs to the group (GROUP_NOT_EMPTY). */
  hasMembersInGroup(em: EntityManager, orgId: string, groupId: string): Promise<boolean> {
    return em.exists(User, { where: { organizationId: orgId, groupId } });
  }

  // ---- Audit trail: read by the audit module (SPEC §9); nothing here writes ----

  /**
   * 部署・職名 of these users, for the operation-history snapshot (one plain query per batch of audit rows; unknown ids
   * are absent). Inside a transaction pass its `em`: a second pool connection requested while the transaction holds
   * its locks can wait forever once every connection belongs to a transaction waiting on those locks.
   */
  async departmentsOf(userIds: readonly string[], em?: EntityManager): Promise<Map<string, string | null>> {
    if (!userIds.length) return new Map();
    const rows: { id: string; department: string | null }[] = await (em ?? this.users.manager).query(
      `SELECT id, department FROM users WHERE id IN (${userIds.map(() => '?').join(', ')})`,
      [...userIds],
    );
    return new Map(rows.map((r) => [r.id, r.department]));
  }

  /** Ids of an organization's members with exactly this family and/or given name (audit search by 氏/名). */
  async memberIdsByName(
    orgId: string,
    name: { familyName?: string; givenName?: string },
    limit = 1000,
  ): Promise<string[]> {
    const qb = this.users
      .createQueryBuilder('u')
      .select('u.id', 'id')
      .where('u.organization_id = :orgId', { orgId });
    if (name.familyName !== undefined)
      qb.andWhere('u.family_name = :familyName', { familyName: name.familyName });
    if (name.givenName !== undefined) qb.andWhere('u.given_name = :givenName', { givenName: name.givenName });
    const rows = await qb.limit(limit).getRawMany<{ id: string }>();
    return rows.map((r) => r.id);
  }

  /**
   * One page of an organization's members in login ID order, after `afterLoginId`, with the columns of the audit
   * user list export (org_user_list, SPEC §9). `role` is 権限 by the users module's own rule (`roleLabel`, the same
   * text as the user list); whether the member holds any grant is read in the same query, so a page costs one round
   * trip.
   */
  async organizationUserListPage(
    orgId: string,
    afterLoginId: string | null,
    limit: number,
  ): Promise<OrganizationUserListRow[]> {
    const qb = this.users
      .createQueryBuilder('u')
      .select([
        'u.login_id AS loginId',
        'u.family_name AS familyName',
        'u.given_name AS givenName',
        'u.family_name_kana AS familyNameKana',
        'u.given_name_kana AS givenNameKana',
        'u.email AS email',
        'u.department AS department',
        'u.phone_external AS phoneExternal',
        'u.phone_extension AS phoneExtension',
        'u.allowed_ips AS allowedIps',
        'u.is_manager AS isManager',
      ])
      .addSelect(
        'CASE WHEN EXISTS (SELECT 1 FROM user_permissions p WHERE p.user_id = u.id AND p.organization_id = u.organization_id) THEN 1 ELSE 0 END',
        'hasGrants',
      )
      .where('u.organization_id = :orgId', { orgId })
      .orderBy('u.login_id', 'ASC')
      .limit(limit);
    if (afterLoginId !== null) qb.andWhere('u.login_id > :afterLoginId', { afterLoginId });
    const rows = await qb.getRawMany<Record<string, unknown>>();
    return rows.map((r) => ({
      loginId: r.loginId as string,
      familyName: r.familyName as string,
      givenName: r.givenName as string,
      familyNameKana: (r.familyNameKana as string | null) ?? null,
      givenNameKana: (r.givenNameKana as string | null) ?? null,
      email: (r.email as string | null) ?? null,
      department: (r.department as string | null) ?? null,
      phoneExternal: (r.phoneExternal as string | null) ?? null,
      phoneExtension: (r.phoneExtension as string | null) ?? null,
      allowedIps: parseIpList(r.allowedIps),
      role: roleLabel({
        isManager: Number(r.isManager) === 1 || r.isManager === true,
        hasGrants: Number(r.hasGrants) === 1,
      }),
    }));
  }
}

/** How many ids go into one `IN (...)` list. */
const MEMBERSHIP_CHUNK = 500;
const MEMBERSHIP_COLUMNS = [
  'u.id',
  'u.organizationId',
  'u.groupId',
  'u.isManager',
  'u.isDisabled',
  'u.usageStopDate',
  'u.isSystemOperator',
];

/** What the organizations module needs to know about an account's membership. */
export interface UserMembership {
  id: string;
  organizationId: string | null;
  groupId: string | null;
  isManager: boolean;
  isSystemOperator: boolean;
  /** Not disabled and no usage stop date: a manager who can keep the organization answerable (manager-policy.ts). */
  isActive: boolean;
}

export interface MemberSummary {
  id: string;
  loginId: string;
  familyName: string;
  givenName: string;
  isManager: boolean;
}

function toMembership(u: User): UserMembership {
  return {
    id: u.id,
    organizationId: u.organizationId,
    groupId: u.groupId,
    isManager: u.isManager,
    isSystemOperator: u.isSystemOperator,
    isActive: !u.isDisabled && !u.usageStopDate,
  };
}

/** A member as the audit user list export (org_user_list, SPEC §9) prints them. */
export interface OrganizationUserListRow {
  loginId: string;
  familyName: string;
  givenName: string;
  familyNameKana: string | null;
  givenNameKana: string | null;
  email: string | null;
  department: string | null;
  phoneExternal: string | null;
  phoneExtension: string | null;
  allowedIps: string[];
  /** 権限: e.g. 管理者権限（管理責任者）. */
  role: string;
}

function parseIpList(value: unknown): string[] {
  if (typeof value !== 'string' || !value) return [];
  try {
    const list = JSON.parse(value) as unknown;
    return Array.isArray(list) ? list.map(String) : [];
  } catch {
    return [];
  }
}

/** What sign-in reads of an account (UsersService.findForSignIn). */
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

/** mysql2 gives DATETIME as a Date (UTC connection); SQLite gives the `YYYY-MM-DD HH:MM:SS.SSS` UTC text. */
function instantOrNull(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const text = String(value);
  return new Date(/^\d{4}-\d{2}-\d{2} /.test(text) ? `${text.replace(' ', 'T')}Z` : text);
}

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
