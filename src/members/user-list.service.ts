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
  userListStatements,
} from './user-list.query';
import { attributeSortedPage } from './attribute-page.query';

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
    // Attribute filters alone. Sorted by 属性, the page comes from the attribute rows' own sorted index
    // (attributeSortedPage): walking the users' 属性 index would read every member whose tags sort first, since
    // members cluster by their tags. In another index-backed order the page either walks the sort's index probing
    // each member's attributes, or reads every member having them and sorts those (user-list.query.ts). Walking
    // reads about page × perPage × members ÷ matches rows, sorting reads `matches` rows: the smaller wins. Both
    // counts are index lookups, and `matches` is the total. (With other filters too the walk would read more than
    // that estimate, so those keep the sorting form.)
    const order = query.order ?? 'asc';
    const attributeTotal = sql.totalFrom === 'attributes' ? this.attributeMatches(em, filter, sql) : null;
    let probeAttributes = false;
    if (attributeTotal && sort !== 'attribute' && INDEXED_SORTS.has(sort)) {
      const [matches, members] = await Promise.all([attributeTotal, this.counts.read(actor.orgId, em)]);
      probeAttributes = page * perPage * members < matches * matches;
    }
    const statements = userListStatements(sql, sort, order, page, perPage, { probeAttributes });
    const pageStatement =
      attributeTotal && sort === 'attribute'
        ? attributeSortedPage(actor.orgId, filter.attributes, order, page, perPage)
        : statements.items;
    const items = em.query(pageStatement.sql, pageStatement.params) as Promise<Record<string, unknown>[]>;
    // Without keywords the page and its total are read side by side, on two pooled connections (MySQL). The whole
    // organization's total is its member counter; attribute filters alone are counted by the tag-list counters.
    const counted = statements.totalInItems
      ? null
      : sql.totalFrom === 'organization'
        ? this.organizationTotal(em, actor.orgId, sql.counterLess)
        : (attributeTotal ?? this.count(em, statements.count));
    const rows = await items;
    const total = statements.totalInItems
      ? await this.keywordTotal(em, rows, page, statements.count)
      : await counted!;
    const now = this.clock.now();
    return {
      items: rows.map((r) => toItem(r, now)),
      total,
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

  /** The organization's member counter, less the members `less` counts (the disabled, for 状態 有効 alone). */
  private async organizationTotal(em: EntityManager, orgId: string, less: Statement | null): Promise<number> {
    const [members, taken] = await Promise.all([
      this.counts.read(orgId, em),
      less ? this.count(em, less) : 0,
    ]);
    return members - taken;
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
