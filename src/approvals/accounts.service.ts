import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, type Repository } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { isDuplicateKeyError } from '@kanri/common/database/database-errors';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { newId } from '@kanri/common/ids/new-id';
import type { Actor } from '@kanri/access/actor';
import { ApprovalRequest } from './approval-request.entity';
import { type AccountType, CompanyAccount } from './company-account.entity';
import type {
  AccountDailyLimitsDto,
  CreateCompanyAccountDto,
  UpdateCompanyAccountDto,
} from './dto/account.dto';
import type { AccountDailyLimits } from './limit-scope-policy';
import { UserUsableAccount } from './user-usable-account.entity';

export interface AccountView {
  id: string;
  branchCode: string;
  branchName: string | null;
  accountType: AccountType;
  accountNumber: string;
  accountName: string;
  /** 口座一日当たりの限度額; null = no limit. */
  dailyLimits: AccountDailyLimits;
  createdAt: string;
  updatedAt: string;
}

/**
 * Company accounts (SPEC §5) and their daily limits. Branch, type and number identify an account and do not
 * change; the name and the limits do. An account with pending requests cannot be deleted (409 ACCOUNT_IN_USE):
 * deleting locks the account row, which every request creation and approval also locks first.
 */
@Injectable()
export class AccountsService {
  constructor(
    @InjectRepository(CompanyAccount) private readonly accounts: Repository<CompanyAccount>,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  async list(orgId: string): Promise<{ items: AccountView[] }> {
    const rows = await this.accounts.find({
      where: { organizationId: orgId },
      order: { branchCode: 'ASC', accountType: 'ASC', accountNumber: 'ASC' },
    });
    return { items: rows.map(toAccountView) };
  }

  async get(orgId: string, accountId: string): Promise<AccountView> {
    const row = await this.accounts.findOne({ where: { id: accountId, organizationId: orgId } });
    if (!row) throw AppError.notFound('Account');
    return toAccountView(row);
  }

  /** The organization's accounts among `ids`, with `em` when inside a transaction. */
  findMany(em: EntityManager, orgId: string, ids: readonly string[]): Promise<CompanyAccount[]> {
    if (!ids.length) return Promise.resolve([]);
    return em.find(CompanyAccount, { where: { organizationId: orgId, id: In([...ids]) } });
  }

  /** The company account with this branch, type and number (a Zengin header names its account so). */
  findByNumber(
    orgId: string,
    branchCode: string,
    accountType: AccountType,
    accountNumber: string,
  ): Promise<CompanyAccount | null> {
    return this.tx.dataSource.manager.findOne(CompanyAccount, {
      where: { organizationId: orgId, branchCode, accountType, accountNumber },
    });
  }

  async create(actor: Actor, dto: CreateCompanyAccountDto): Promise<AccountView> {
    const now = this.clock.now();
    const row: CompanyAccount = {
      id: newId(now.getTime()),
      organizationId: actor.orgId,
      branchCode: dto.branchCode,
      branchName: dto.branchName ?? null,
      accountType: dto.accountType,
      accountNumber: dto.accountNumber,
      accountName: dto.accountName,
      transferTotalLimit: dto.dailyLimits?.transferTotal ?? null,
      adHocLimit: dto.dailyLimits?.adHocPayee ?? null,
      registeredLimit: dto.dailyLimits?.registeredPayee ?? null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.tx.run((em) => em.insert(CompanyAccount, row));
    } catch (error) {
      if (isDuplicateKeyError(error)) throw AppError.conflict('This account is already registered');
      throw error;
    }
    return toAccountView(row);
  }

  async update(actor: Actor, accountId: string, dto: UpdateCompanyAccountDto): Promise<AccountView> {
    return this.tx.run(async (em) => {
      const row = await this.lock(em, actor.orgId, accountId);
      if (dto.branchName !== undefined) row.branchName = dto.branchName;
      if (dto.accountName !== undefined) row.accountName = dto.accountName;
      applyLimits(row, dto.dailyLimits);
      row.updatedAt = this.clock.now();
      await em.update(
        CompanyAccount,
        { id: row.id, organizationId: actor.orgId },
        {
          branchName: row.branchName,
          accountName: row.accountName,
          transferTotalLimit: row.transferTotalLimit,
          adHocLimit: row.adHocLimit,
          registeredLimit: row.registeredLimit,
          updatedAt: row.updatedAt,
        },
      );
      return toAccountView(row);
    });
  }

  async remove(actor: Actor, accountId: string): Promise<void> {
    await this.tx.run(async (em) => {
      await this.lock(em, actor.orgId, accountId);
      const pending = await em.count(ApprovalRequest, {
        where: { organizationId: actor.orgId, accountId, status: 'pending' },
      });
      if (pending) {
        throw new AppError(
          ErrorCode.AccountInUse,
          HttpStatus.CONFLICT,
          'Pending requests draw on this account; let them be decided, withdrawn or expire first',
          { pendingRequests: pending },
        );
      }
      await em.delete(UserUsableAccount, { organizationId: actor.orgId, accountId });
      await em.delete(CompanyAccount, { id: accountId, organizationId: actor.orgId });
    });
  }

  /** Locks the account row (inside `tx.run`): the parent lock of its daily limits. 404 when not in the organization. */
  async lock(em: EntityManager, orgId: string, accountId: string): Promise<CompanyAccount> {
    const row = await this.tx
      .lockForUpdate(
        em
          .createQueryBuilder(CompanyAccount, 'a')
          .where('a.id = :accountId AND a.organizationId = :orgId', { accountId, orgId }),
      )
      .getOne();
    if (!row) throw AppError.notFound('Account');
    return row;
  }
}

function applyLimits(row: CompanyAccount, limits: AccountDailyLimitsDto | undefined): void {
  if (!limits) return;
  if (limits.transferTotal !== undefined) row.transferTotalLimit = limits.transferTotal;
  if (limits.adHocPayee !== undefined) row.adHocLimit = limits.adHocPayee;
  if (limits.registeredPayee !== undefined) row.registeredLimit = limits.registeredPayee;
}

export function accountLimitsOf(row: CompanyAccount): AccountDailyLimits {
  return {
    transferTotal: row.transferTotalLimit,
    adHocPayee: row.adHocLimit,
    registeredPayee: row.registeredLimit,
  };
}

export function toAccountView(row: CompanyAccount): AccountView {
  return {
    id: row.id,
    branchCode: row.branchCode,
    branchName: row.branchName,
    accountType: row.accountType,
    accountNumber: row.accountNumber,
    accountName: row.accountName,
    dailyLimits: accountLimitsOf(row),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
