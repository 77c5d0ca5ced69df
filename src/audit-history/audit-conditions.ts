import { Inject, Injectable } from '@nestjs/common';
import type { SelectQueryBuilder, ObjectLiteral } from 'typeorm';
import { addDays } from '@kanri/common/clock/business-date';
import { AppConfig } from '@kanri/common/config/app-config';
import { ZonedDateTimeFormat } from '@kanri/common/csv/csv-datetime';
import { AppError } from '@kanri/common/errors/app-error';
import type { Principal } from '@kanri/access/actor';
import { UserDirectory } from '../users/user-directory.service';
import type { AuditConditions, OwnHistoryConditions } from './dto/audit-search.query';

/** Search conditions made concrete: instants for the days, user ids for the names. */
export interface ResolvedConditions {
  /** The organization whose rows are read; null = rows that belong to no organization (the `system` chain). */
  orgId: string | null;
  loginId?: string;
  /** Members matching 氏/名; undefined when no name was given, empty when nobody matches (no rows then). */
  userIds?: string[];
  /** Start of `from` in APP_TIMEZONE, inclusive. */
  since?: Date;
  /** Start of the day after `to` in APP_TIMEZONE, exclusive. */
  before?: Date;
}

/**
 * Turns the search conditions of 操作履歴検索・出力 into SQL conditions, one way for both histories and for both search
 * and export. Days are APP_TIMEZONE calendar days (SPEC §0). 氏/名 match members of the organization by their current
 * names (exactly), so a deleted member's history is found by their user ID instead.
 */
@Injectable()
export class AuditConditionResolver {
  private readonly zone: ZonedDateTimeFormat;

  constructor(
    private readonly directory: UserDirectory,
    @Inject(AppConfig) config: AppConfig,
  ) {
    this.zone = new ZonedDateTimeFormat(config.timeZone);
  }

  async resolve(orgId: string, q: AuditConditions): Promise<ResolvedConditions> {
    const named = q.familyName !== undefined || q.givenName !== undefined;
    return {
      orgId,
      loginId: q.userId,
      userIds: named
        ? await this.directory.memberIdsByName(orgId, { familyName: q.familyName, givenName: q.givenName })
        : undefined,
      ...this.days(q),
    };
  }

  /**
   * ご自身の操作履歴 (SPEC §13, 001 操作履歴照会): the one rule for a user's own history, whoever else may read the
   * organization's. Own means rows whose resolved user is the caller (by account id, so a login ID changed by an
   * administrator keeps its history, and a stranger typing the caller's login ID at sign-in is not "own"), inside
   * the caller's current organization (or, without one, the rows of no organization): after moving to another
   * organization the old one's rows stay with the old organization, whose data their details may carry.
   */
  resolveOwn(
    principal: Pick<Principal, 'userId' | 'organizationId'>,
    q: OwnHistoryConditions,
  ): ResolvedConditions {
    return { orgId: principal.organizationId, userIds: [principal.userId], ...this.days(q) };
  }

  private days(q: OwnHistoryConditions): Pick<ResolvedConditions, 'since' | 'before'> {
    if (q.from && q.to && q.from > q.to) throw AppError.validation({ to: ['to must not be before from'] });
    return {
      since: q.from ? this.zone.startOfDay(q.from) : undefined,
      before: q.to ? this.zone.startOfDay(addDays(q.to, 1)) : undefined,
    };
  }
}

/** Applies resolved conditions to a history query; `columns` names the alias's login-id and user-id columns. */
export function applyConditions<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  alias: string,
  c: ResolvedConditions,
  columns: { loginId: string; userId: string },
): SelectQueryBuilder<T> {
  if (c.orgId === null) qb.where(`${alias}.organization_id IS NULL`);
  else qb.where(`${alias}.organization_id = :orgId`, { orgId: c.orgId });
  if (c.loginId !== undefined) qb.andWhere(`${alias}.${columns.loginId} = :loginId`, { loginId: c.loginId });
  if (c.userIds !== undefined) {
    if (!c.userIds.length) qb.andWhere('1 = 0');
    else qb.andWhere(`${alias}.${columns.userId} IN (:...userIds)`, { userIds: c.userIds });
  }
  if (c.since) qb.andWhere(`${alias}.occurred_at >= :since`, { since: c.since });
  if (c.before) qb.andWhere(`${alias}.occurred_at < :before`, { before: c.before });
  return qb;
}
