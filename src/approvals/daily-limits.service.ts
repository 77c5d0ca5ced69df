import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { isDuplicateKeyError } from '@kanri/common/database/database-errors';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { DailyUsage } from './daily-usage.entity';
import type { LimitScope } from './limit-scope-policy';

/**
 * Daily limits under concurrency (SPEC §5 "two requests racing for the last yen of a limit cannot both pass").
 *
 * Every method runs inside the caller's `tx.run`, after the caller has locked the row that holds the limit — the
 * company account (口座一日当たりの限度額) or the organization (企業一日当たりの限度額) — so the limit read is the
 * latest and every reader of the same usage rows queues behind that lock. The usage rows themselves are then
 * read with `FOR UPDATE` (a locking read sees the latest committed sum, whatever snapshot the transaction holds)
 * and created on first use; no two transactions can create the same row, because both would hold the parent lock.
 * On SQLite the TransactionService mutex already runs one writer at a time.
 */
@Injectable()
export class DailyLimitsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  /**
   * A new request: pending and approved requests of the date plus this one must fit every limit. With
   * `approveNow` (mode `none`) the amount also counts as approved.
   */
  async reserve(
    em: EntityManager,
    orgId: string,
    date: string,
    scopes: readonly LimitScope[],
    amount: number,
    approveNow: boolean,
  ): Promise<void> {
    const rows = await this.lockUsage(em, orgId, date, scopes);
    for (const scope of scopes) assertFits(scope, rows.get(scope.key)!.reservedAmount, amount, date);
    for (const scope of scopes) {
      const row = rows.get(scope.key)!;
      await this.write(em, row, {
        reservedAmount: row.reservedAmount + amount,
        approvedAmount: row.approvedAmount + (approveNow ? amount : 0),
      });
    }
  }

  /**
   * The final approval re-checks the limits in force now (they may have been lowered since the request was
   * made): the approved requests of the date plus this one must fit.
   */
  async confirm(
    em: EntityManager,
    orgId: string,
    date: string,
    scopes: readonly LimitScope[],
    amount: number,
  ): Promise<void> {
    const rows = await this.lockUsage(em, orgId, date, scopes);
    for (const scope of scopes) assertFits(scope, rows.get(scope.key)!.approvedAmount, amount, date);
    for (const scope of scopes) {
      const row = rows.get(scope.key)!;
      await this.write(em, row, { approvedAmount: row.approvedAmount + amount });
    }
  }

  /** A pending request ended without approval (withdrawn, rejected, expired): its amount no longer counts. */
  async release(
    em: EntityManager,
    orgId: string,
    date: string,
    scopes: readonly LimitScope[],
    amount: number,
  ): Promise<void> {
    const rows = await this.lockUsage(em, orgId, date, scopes);
    for (const scope of scopes) {
      const row = rows.get(scope.key)!;
      await this.write(em, row, { reservedAmount: Math.max(0, row.reservedAmount - amount) });
    }
  }

  private async lockUsage(
    em: EntityManager,
    orgId: string,
    date: string,
    scopes: readonly LimitScope[],
  ): Promise<Map<string, DailyUsage>> {
    const rows = new Map<string, DailyUsage>();
    for (const key of [...new Set(scopes.map((s) => s.key))].sort()) {
      let row = await this.lockRow(em, orgId, key, date);
      if (!row) {
        try {
          await em.insert(DailyUsage, {
            organizationId: orgId,
            scopeKey: key,
            businessDate: date,
            reservedAmount: 0,
            approvedAmount: 0,
            updatedAt: this.clock.now(),
          });
        } catch (error) {
          // Only possible if a caller skipped the parent lock; the row exists now either way.
          if (!isDuplicateKeyError(error)) throw error;
        }
        row = await this.lockRow(em, orgId, key, date);
      }
      rows.set(key, row!);
    }
    return rows;
  }

  private lockRow(em: EntityManager, orgId: string, key: string, date: string): Promise<DailyUsage | null> {
    return this.tx
      .lockForUpdate(
        em
          .createQueryBuilder(DailyUsage, 'u')
          .where('u.organizationId = :orgId AND u.scopeKey = :key AND u.businessDate = :date', {
            orgId,
            key,
            date,
          }),
      )
      .getOne();
  }

  private async write(
    em: EntityManager,
    row: DailyUsage,
    values: Partial<Pick<DailyUsage, 'reservedAmount' | 'approvedAmount'>>,
  ): Promise<void> {
    Object.assign(row, values, { updatedAt: this.clock.now() });
    await em.update(
      DailyUsage,
      { organizationId: row.organizationId, scopeKey: row.scopeKey, businessDate: row.businessDate },
      { reservedAmount: row.reservedAmount, approvedAmount: row.approvedAmount, updatedAt: row.updatedAt },
    );
  }
}

function assertFits(scope: LimitScope, used: number, amount: number, date: string): void {
  if (scope.limit === null || used + amount <= scope.limit) return;
  throw AppError.unprocessable(
    ErrorCode.DailyLimitExceeded,
    `The daily limit ${scope.key} of ${date} would be exceeded`,
    {
      scope: scope.key,
      businessDate: date,
      limit: scope.limit,
      used,
      amount,
      remaining: Math.max(0, scope.limit - used),
    },
  );
}
