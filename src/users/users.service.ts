import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { newId } from '@kanri/common/ids/new-id';
import { PasswordHasher } from '@kanri/security/password-hasher';
import { type PasswordPolicyName, passwordPolicyProblems } from '@kanri/security/password-policy';
import type { Principal } from '../auth/authorization/actor';
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
}
