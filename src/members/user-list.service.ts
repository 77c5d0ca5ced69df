import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import type { Actor } from '@kanri/access/actor';
import { UserScopeService } from '../organizations/user-scope.service';
import { MemberCounts } from '../users/member-counts';
import { UserSearchIndex } from '../users/search/user-search-index';
import type { ListOrganizationUsersQuery, UserFilterQuery } from './dto/list-organization-users.query';
import { roleLabel, searchTokens } from '../users/search/user-search';
import { bool, instantOrNull, sqlInstant } from '@kanri/common/database/sql-values';
import { parseAttributes } from '../users/search/user-attributes';
import {
  type ResolvedUserFilter,
  type UserFilterSql,
  type Statement,
  INDEXED_SORTS,
  userFilterSql,
  userCountStatement,
  userPageStatement,
} from './user-list.query';
import { attributeSortedPage } from './attribute-page.query';
import { type PagePlan, pagePlan } from './page-plan';

/** One row of ユーザー一覧: the listed columns and the status badges, nothing more. */
export interface UserListItem {
  id: string;
  loginId: string;
  familyName: string;
  givenName: string;
  familyNameKana: string | null;
  givenNameKana: string | null;
  /** 権限, as the CSV prints it (管理者権限 / 一般ユーザー, followed by （管理責任者） for a manager). */
  role: string;
  isManager: boolean;
  group: { id: string; code: string; name: string } | null;
  attributes: string[];
  status: { provisional: boolean; disabled: boolean; locked: boolean; twoFactorEnabled: boolean };
  lastLoginAt: string | null;
}

export interface UserListPage {
  items: UserListItem[];
  total: number;
  page: number;
  perPage: number;
}

/** The user list (ユーザー一覧, SPEC §4): search, filters, sorts, paging; SQL in user-list.query.ts (keywords in keyword-lookups.ts, the 属性 page in attribute-page.query.ts). */
@Injectable()
export class UserListService {
  constructor(
    private readonly tx: TransactionService,
    private readonly scope: UserScopeService,
    private readonly clock: Clock,
    private readonly counts: MemberCounts,
    private readonly index: UserSearchIndex,
  ) {}

  /**
   * The search and filters as SQL inputs. `scoped`: limit to the caller's `users.manage` reach (the list); the
   * export (users.export, not scoped by SPEC §1) passes false.
   */
  async resolveFilter(actor: Actor, query: UserFilterQuery, scoped: boolean): Promise<ResolvedUserFilter> {
    return {
      orgId: actor.orgId,
      scopeGroupIds: scoped ? await this.scope.manageableGroupIds(actor) : null,
      groupIds: [...new Set(query.groupIds ?? [])],
      attributes: [...new Set(query.attributes ?? [])],
      status: query.status ?? [],
      tokens: searchTokens(query.q),
      now: sqlInstant(this.clock.now(), this.tx.isMysql),
      mysql: this.tx.isMysql,
    };
  }

  async list(actor: Actor, query: ListOrganizationUsersQuery): Promise<UserListPage> {
    const page = query.page ?? 1;
    const perPage = query.perPage ?? 25;
    const filter = await this.resolveFilter(actor, query, true);
    const sql = userFilterSql(filter);
    if (sql.matchesNothing) return { items: [], total: 0, page, perPage };
    const em = this.tx.dataSource.manager;
    const sort = query.sort ?? 'loginId';
    const order = query.order ?? 'asc';
    const keywords = sql.keywordJoins > 0;
    // Attribute filters alone (or with 状態 有効 alone) sorted by 属性: the page comes from the attribute rows' own
    // sorted index (attributeSortedPage), since walking the users' 属性 index would read every member whose tags sort
    // first (members cluster by their tags).
    const attributeRows = sort === 'attribute' ? sql.attributeRowsPage : null;
    // How many members have any of the filter's attributes, read once when needed.
    let holders: Promise<number> | null = null;
    const attributeHolders = () => (holders ??= this.attributeMatches(em, filter, sql));
    // Without keywords, the total: the organization's member counter or the tag-list counters, less what counterLess
    // counts, or else a count on the filter's indexes. With keywords, every match is read anyway and the page carries
    // its total.
    const total: Promise<number> | null = keywords
      ? null
      : sql.totalFrom === 'organization'
        ? this.less(this.counts.read(actor.orgId, em), em, sql.counterLess)
        : sql.totalFrom === 'attributes'
          ? this.less(attributeHolders(), em, sql.counterLess)
          : this.count(em, userCountStatement(sql));
    // A filter in an order an index keeps: the page walks that index or sorts the matches, by how many match
    // (page-plan.ts), so the total is awaited first. The whole organization, or all but its disabled, always walks.
    let plan: PagePlan | undefined;
    if (total && sql.totalFrom !== 'organization' && INDEXED_SORTS.has(sort) && !attributeRows) {
      const [matches, members, sortReads] = await Promise.all([
        total,
        this.counts.read(actor.orgId, em),
        // Sorting reads every member having the filter's attributes (MariaDB reads them first), unless the attribute
        // rows alone answer the filter: then it reads the matches from their range.
        filter.attributes.length && !sql.attributeRowsCount ? attributeHolders() : null,
      ]);
      if (matches === 0) return { items: [], total: 0, page, perPage };
      plan = pagePlan(page, perPage, members, matches, sortReads ?? matches);
    }
    const pageStatement = attributeRows
      ? attributeSortedPage(actor.orgId, filter.attributes, order, page, perPage, attributeRows)
      : userPageStatement(sql, sort, order, page, perPage, { plan });
    // Without keywords and without a plan, the page and its total are read side by side, on two pooled connections
    // (MySQL); awaited together, so that a failing page does not leave the total's failure unobserved.
    const [rows, counterTotal] = await Promise.all([
      em.query(pageStatement.sql, pageStatement.params) as Promise<Record<string, unknown>[]>,
      total,
    ]);
    const counted = counterTotal ?? (await this.keywordTotal(em, rows, page, userCountStatement(sql)));
    const now = this.clock.now();
    return {
      items: rows.map((r) => toItem(r, now)),
      total: counted,
      page,
      perPage,
    };
  }

  /**
   * A keyword's page carries its total (the window over every match). An empty page does not, but an empty first page
   * means nobody matched, since the page read every match: only a page past the end is counted again.
   */
  private async keywordTotal(
    em: EntityManager,
    rows: Record<string, unknown>[],
    page: number,
    count: Statement,
  ): Promise<number> {
    if (rows.length) return Number(rows[0].total_rows);
    return page === 1 ? 0 : this.count(em, count);
  }

  /** How many members an attribute filter alone matches: the tag-list counters, else the attribute rows. */
  private async attributeMatches(
    em: EntityManager,
    filter: ResolvedUserFilter,
    sql: UserFilterSql,
  ): Promise<number> {
    return (
      (await this.index.countHavingAny(filter.orgId, filter.attributes, em)) ??
      (await this.count(em, sql.attributeMatches!))
    );
  }

  /** A counter's value, less the members `less` counts (the disabled, for 状態 有効). */
  private async less(counter: Promise<number>, em: EntityManager, less: Statement | null): Promise<number> {
    const [value, taken] = await Promise.all([counter, less ? this.count(em, less) : 0]);
    return value - taken;
  }

  private async count(em: EntityManager, statement: Statement): Promise<number> {
    const rows = (await em.query(statement.sql, statement.params)) as { n: number | string }[];
    return Number(rows[0]?.n ?? 0);
  }
}

function toItem(r: Record<string, unknown>, now: Date): UserListItem {
  const id = String(r.id);
  const isManager = bool(r.is_manager);
  const lockedAt = instantOrNull(r.locked_at);
  const lockedUntil = instantOrNull(r.locked_until);
  return {
    id,
    loginId: String(r.login_id),
    familyName: String(r.family_name),
    givenName: String(r.given_name),
    familyNameKana: (r.family_name_kana as string | null) ?? null,
    givenNameKana: (r.given_name_kana as string | null) ?? null,
    role: roleLabel({ isManager, hasGrants: bool(r.has_grants) }),
    isManager,
    group:
      r.group_id && r.group_code
        ? { id: String(r.group_id), code: String(r.group_code), name: String(r.group_name) }
        : null,
    attributes: parseAttributes(r.attributes),
    status: {
      provisional: bool(r.is_provisional),
      disabled: bool(r.is_disabled),
      locked: lockedAt !== null && (lockedUntil === null || lockedUntil > now),
      twoFactorEnabled: bool(r.two_factor_enabled),
    },
    lastLoginAt: instantOrNull(r.last_login_at)?.toISOString() ?? null,
  };
}
