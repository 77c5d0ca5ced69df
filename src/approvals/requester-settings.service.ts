import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import type { Actor } from '@kanri/access/actor';
import { BUSINESS_TYPES, type BusinessType, Permission } from '@kanri/access/permission';
import { UserScopeService } from '../organizations/user-scope.service';
import { UserMemberships } from '../users/user-memberships.service';
import { AccountsService, type AccountView, toAccountView } from './accounts.service';
import { CompanyAccount } from './company-account.entity';
import type { TransactionLimitsDto } from './dto/requester-settings.dto';
import { UserTransactionLimit } from './user-transaction-limit.entity';
import { UserUsableAccount } from './user-usable-account.entity';

export type TransactionLimits = Record<BusinessType, number | null>;

export interface TransactionLimitsView {
  userId: string;
  /** 利用者一回当たり限度額 per business; null = no per-user limit. */
  limits: TransactionLimits;
}

export interface UsableAccountsView {
  userId: string;
  /** 利用可能口座. */
  accounts: AccountView[];
}

/**
 * What each user may request with (SPEC §4, §5): per-transaction limits per business (利用者一回当たり限度額) and
 * usable accounts (利用可能口座), kept in the approvals module's own tables beside the user record.
 *
 * Who: `users.manage` holders change them for members they manage (subtree scope honoured; others answer 404),
 * with the confirmation password, never their own (no raising one's own limit); every member reads their own.
 */
@Injectable()
export class RequesterSettingsService {
  constructor(
    private readonly memberships: UserMemberships,
    private readonly scope: UserScopeService,
    private readonly accounts: AccountsService,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  async viewLimits(actor: Actor, userId: string): Promise<TransactionLimitsView> {
    const em = this.tx.dataSource.manager;
    await this.readableTarget(em, actor, userId);
    return { userId, limits: await this.limitsOf(em, actor.orgId, userId) };
  }

  async replaceLimits(
    actor: Actor,
    userId: string,
    dto: TransactionLimitsDto,
  ): Promise<TransactionLimitsView> {
    return this.tx.run(async (em) => {
      await this.manageableTarget(em, actor, userId);
      await em.delete(UserTransactionLimit, { organizationId: actor.orgId, userId });
      const now = this.clock.now();
      const rows = BUSINESS_TYPES.filter((b) => dto[b] !== undefined && dto[b] !== null).map((b) => ({
        organizationId: actor.orgId,
        userId,
        businessType: b,
        limitAmount: dto[b]!,
        updatedAt: now,
      }));
      if (rows.length) await em.insert(UserTransactionLimit, rows);
      return { userId, limits: await this.limitsOf(em, actor.orgId, userId) };
    });
  }

  async viewUsableAccounts(actor: Actor, userId: string): Promise<UsableAccountsView> {
    const em = this.tx.dataSource.manager;
    await this.readableTarget(em, actor, userId);
    return { userId, accounts: await this.usableAccountsOf(em, actor.orgId, userId) };
  }

  async replaceUsableAccounts(
    actor: Actor,
    userId: string,
    accountIds: string[],
  ): Promise<UsableAccountsView> {
    return this.tx.run(async (em) => {
      await this.manageableTarget(em, actor, userId);
      const found = await this.accounts.findMany(em, actor.orgId, accountIds);
      if (found.length !== new Set(accountIds).size) throw AppError.notFound('Account');
      await em.delete(UserUsableAccount, { organizationId: actor.orgId, userId });
      const now = this.clock.now();
      if (accountIds.length) {
        await em.insert(
          UserUsableAccount,
          accountIds.map((accountId) => ({ organizationId: actor.orgId, userId, accountId, createdAt: now })),
        );
      }
      return { userId, accounts: await this.usableAccountsOf(em, actor.orgId, userId) };
    });
  }

  /** The user's limit for one business (null = none), read with the caller's `em`. */
  async transactionLimit(
    em: EntityManager,
    orgId: string,
    userId: string,
    business: BusinessType,
  ): Promise<number | null> {
    const row = await em.findOne(UserTransactionLimit, {
      where: { organizationId: orgId, userId, businessType: business },
      select: { limitAmount: true },
    });
    return row ? row.limitAmount : null;
  }

  isUsable(em: EntityManager, orgId: string, userId: string, accountId: string): Promise<boolean> {
    return em.exists(UserUsableAccount, { where: { organizationId: orgId, userId, accountId } });
  }

  /** The user left for good (`user.deleted`): their settings go with them, in the deleting transaction. */
  async forget(em: EntityManager, userId: string): Promise<void> {
    await em.delete(UserTransactionLimit, { userId });
    await em.delete(UserUsableAccount, { userId });
  }

  private async limitsOf(em: EntityManager, orgId: string, userId: string): Promise<TransactionLimits> {
    const rows = await em.find(UserTransactionLimit, { where: { organizationId: orgId, userId } });
    const limits = Object.fromEntries(BUSINESS_TYPES.map((b) => [b, null])) as TransactionLimits;
    for (const r of rows) limits[r.businessType] = r.limitAmount;
    return limits;
  }

  private async usableAccountsOf(em: EntityManager, orgId: string, userId: string): Promise<AccountView[]> {
    const rows = await em
      .createQueryBuilder(CompanyAccount, 'a')
      .innerJoin(
        UserUsableAccount,
        'u',
        'u.accountId = a.id AND u.organizationId = a.organizationId AND u.userId = :userId',
        { userId },
      )
      .where('a.organizationId = :orgId', { orgId })
      .orderBy('a.branchCode', 'ASC')
      .addOrderBy('a.accountType', 'ASC')
      .addOrderBy('a.accountNumber', 'ASC')
      .getMany();
    return rows.map(toAccountView);
  }

  /** The member themselves, or a member the actor manages; anyone else is 404. */
  private async readableTarget(em: EntityManager, actor: Actor, userId: string): Promise<void> {
    if (userId === actor.userId) return;
    await this.manageable(em, actor, userId);
  }

  /** A member the actor manages (users.manage, subtree honoured), never the actor themselves; locked. */
  private async manageableTarget(em: EntityManager, actor: Actor, userId: string): Promise<void> {
    if (userId === actor.userId) {
      throw AppError.forbidden('Nobody changes their own limits or usable accounts');
    }
    await this.manageable(em, actor, userId, true);
  }

  private async manageable(em: EntityManager, actor: Actor, userId: string, lock = false): Promise<void> {
    const target = await this.memberships.findMembership(em, userId, lock);
    if (
      !target ||
      target.organizationId !== actor.orgId ||
      !actor.permissions.has(Permission.UsersManage) ||
      !(await this.scope.canManageUser(actor, target, em))
    ) {
      throw AppError.notFound('User');
    }
  }
}
