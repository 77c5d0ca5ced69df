import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import type { BusinessType } from '@kanri/access/permission';
import { OrganizationLock } from '../organizations/organization-lock.service';
import { defaultOrganizationSettings, effectiveSettings } from '../organizations/organization-settings';
import { AccountsService, accountLimitsOf } from './accounts.service';
import { DailyLimitsService } from './daily-limits.service';
import { companyLimitKind, type LimitedRequest, type LimitScope, limitScopes } from './limit-scope-policy';
import { RequesterSettingsService } from './requester-settings.service';

export interface LimitedAmount extends LimitedRequest {
  amount: number;
  executionDate: string;
}

/**
 * Every limit of SPEC §5 for one request, inside the caller's transaction. Lock order, the same on every path so
 * that no two transactions wait on each other in a circle: (the request row, when it exists) → the organization
 * row (company limits only) → the account row → the usage rows by key.
 */
@Injectable()
export class RequestLimits {
  constructor(
    private readonly organizations: OrganizationLock,
    private readonly accounts: AccountsService,
    private readonly daily: DailyLimitsService,
    private readonly settings: RequesterSettingsService,
  ) {}

  /** A new request: reserves its amount in every daily limit (also as approved when no approval is needed). */
  async reserve(
    em: EntityManager,
    orgId: string,
    request: LimitedAmount,
    approveNow: boolean,
  ): Promise<void> {
    const scopes = await this.lockScopes(em, orgId, request);
    await this.daily.reserve(em, orgId, request.executionDate, scopes, request.amount, approveNow);
  }

  /** The final approval: the daily limits in force now must still hold the approved requests plus this one. */
  async confirm(em: EntityManager, orgId: string, request: LimitedAmount): Promise<void> {
    const scopes = await this.lockScopes(em, orgId, request);
    await this.daily.confirm(em, orgId, request.executionDate, scopes, request.amount);
  }

  /** A pending request ended unapproved. */
  async release(em: EntityManager, orgId: string, request: LimitedAmount): Promise<void> {
    const scopes = await this.lockScopes(em, orgId, request);
    await this.daily.release(em, orgId, request.executionDate, scopes, request.amount);
  }

  /** 利用者一回当たり限度額: 422 TRANSACTION_LIMIT_EXCEEDED above the requester's limit for the business. */
  async assertPerTransaction(
    em: EntityManager,
    orgId: string,
    userId: string,
    business: BusinessType,
    amount: number,
  ): Promise<void> {
    const limit = await this.settings.transactionLimit(em, orgId, userId, business);
    if (limit !== null && amount > limit) {
      throw AppError.unprocessable(
        ErrorCode.TransactionLimitExceeded,
        `The amount exceeds the requester's limit per ${business} request (利用者一回当たり限度額)`,
        { limit, amount },
      );
    }
  }

  /** Locks the rows that hold the limits and answers the scopes with the limits in force. */
  private async lockScopes(em: EntityManager, orgId: string, request: LimitedRequest): Promise<LimitScope[]> {
    let company = defaultOrganizationSettings().dailyLimits;
    if (companyLimitKind(request.businessType, request.payrollKind)) {
      company = effectiveSettings((await this.organizations.lock(em, orgId)).settings).dailyLimits;
    }
    const account = await this.accounts.lock(em, orgId, request.accountId);
    return limitScopes(request, { account: accountLimitsOf(account), company });
  }
}
