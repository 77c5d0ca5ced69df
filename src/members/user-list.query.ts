import type { UserSort, UserStatusFilter } from './dto/list-organization-users.query';
import type { SearchToken } from '../users/search/user-search';
import { HAS_GRANTS, inGroups, type Narrowing, tokenCondition, tokenUnion } from './keyword-lookups';
import { placeholders } from '@kanri/common/database/sql-values';
import { USERS_INDEX } from './users-indexes';
import type { PagePlan } from './page-plan';

/**
 * The SQL of the user list (ユーザー一覧) and the CSV export, for both drivers. It is a read model: besides `users`
 * and `user_attributes` it reads `user_permissions` (権限 = whether a member holds any grant) and `org_groups`
 * (グループ), tables of the organizations module, because filtering and sorting on them has to happen in the
 * database to stay fast at 100,000 members.
 *
 * How each part stays on an index (every list index starts with `organization_id`; query plans in src/users/README.md):
 * - sorts on login ID, 姓, 名, 属性 and last login read an index in order and stop after the page;
 * - each keyword becomes a derived table of the matching ids, a UNION of covering index lookups (names by
 *   equality with the dictionary's terms, login IDs by prefix range, managers, grant holders; keyword-lookups.ts),
 *   joined to `users` by primary key, so the cost follows the number of matches, not the size of the organization;
 * - an attribute filter sorted by 属性 is cut from the attribute rows' own sorted index (attribute-page.query.ts);
 * - groups, attributes and statuses are indexed conditions.
 * A keyword that only the general-user role (一般ユーザー) or too many names match falls back to a condition, which
 * is exact but reads the organization's rows.
 */

export interface ResolvedUserFilter {
  orgId: string;
  /** The caller's `users.manage` reach: null = the whole organization, otherwise these groups only. */
  scopeGroupIds: string[] | null;
  groupIds: string[];
  attributes: string[];
  status: UserStatusFilter[];
  tokens: SearchToken[];
  /** Now, as an SQL parameter (sqlInstant), for temporary lockouts that have run out. */
  now: unknown;
  /** MySQL/MariaDB: the keyword id sets are joined first (STRAIGHT_JOIN), see userFilterSql. */
  mysql: boolean;
}

export interface UserFilterSql {
  /** `users u`, after the keyword id sets when there are keywords. */
  from: string;
  /** `SELECT`, or `SELECT STRAIGHT_JOIN` on MySQL when keyword id sets lead the join. */
  select: string;
  fromParams: unknown[];
  /** Conditions joined with AND (never empty: the organization at least). */
  where: string;
  whereParams: unknown[];
  /** The filter cannot match anybody (empty scope, a keyword that matches nothing). */
  matchesNothing: boolean;
  /** Keywords joined as id sets: every matching row is read anyway, so the page carries its total (window). */
  keywordJoins: number;
  /**
   * Which cheaper source gives the total, less `counterLess`: 'organization' (the organization's member counter,
   * src/users/member-counts.ts), 'attributes' (attribute filters: the tag-list counters, or `attributeMatches` where
   * they cannot tell), null (the count statement over users).
   */
  totalFrom: 'organization' | 'attributes' | null;
  /**
   * The members to take off totalFrom's count: with 状態 有効 and nothing else but attributes, the disabled members
   * (having the attributes), counted on the disabled flag's index, or with attributes on the attribute rows' copy of
   * the flag. Counting the enabled read nearly every index entry (38 ms at 100,000 members); the enabled having an
   * attribute, every member having it by primary key (15 ms for 5,700); the disabled having it, probed from the
   * disabled index, 4.9 ms for 169 (営業 or 開発: 15.6 ms for 342), from the attribute rows 1.3 (2.3). Null otherwise.
   */
  counterLess: Statement | null;
  /**
   * Attribute filters with nothing else ('all') or with 状態 有効 alone ('enabled'): sorted by 属性, the page can be cut
   * from the attribute rows of those holders (attribute-page.query.ts). Null otherwise.
   */
  attributeRowsPage: 'all' | 'enabled' | null;
  /**
   * A filter of attributes and row conditions the attribute rows carry (groups, 状態 有効 or 無効), nothing else: its
   * count on the attribute rows alone, one range of their membership index per attribute and group, which
   * userCountStatement gives instead of counting users. Null otherwise.
   */
  attributeRowsCount: Statement | null;
  /**
   * How many members have any of the filter's attributes, counted on the attribute index: the fallback for a tag list
   * cut at the sort key's length, where the tag-list counters cannot tell; null without attributes.
   */
  attributeMatches: Statement | null;
  /**
   * `where` with the attribute filter as a per-row probe of the attribute index (a scalar subquery, which MariaDB does
   * not turn into a semi-join), same parameters; null without attribute filters. The semi-join form reads every
   * member having the attributes and sorts them all before the page; the probing form walks the sort's index in
   * order and stops after the page, which is cheaper unless few members have the attributes (see the service).
   */
  whereProbing: string | null;
  /**
   * MySQL/MariaDB without keywords: the users indexes the filter's conditions can read (userPageStatement adds the
   * sort's own) for a USE INDEX hint; null on SQLite, with keywords (users is then read by primary key alone), or with
   * a keyword condition (its subqueries may want any index).
   */
  filterIndexes: string[] | null;
}

export function userFilterSql(f: ResolvedUserFilter): UserFilterSql {
  const keywordParts: string[] = [];
  const fromParams: unknown[] = [];
  const where = ['u.organization_id = ?'];
  const whereParams: unknown[] = [f.orgId];
  let matchesNothing = false;
  // Conditions on the row's own indexed columns, also applied inside the keyword id sets (see tokenUnion).
  const narrow: Narrowing[] = [];

  // The indexes those conditions can read (filterIndexes): every users index begins with the organization, so left
  // to itself the planner estimates a range on each of them.
  const indexes = new Set<string>();
  if (f.scopeGroupIds !== null) {
    if (!f.scopeGroupIds.length) matchesNothing = true;
    else narrow.push(inGroups(f.scopeGroupIds));
  }
  if (f.groupIds.length) narrow.push(inGroups(f.groupIds));
  if (narrow.length) indexes.add(USERS_INDEX.group);
  const statuses = new Set(f.status);
  // 状態 有効 or 無効 alone: a row condition on the disabled flag (null: none).
  let disabledFlag: 0 | 1 | null = null;
  if (statuses.size === 1 && (statuses.has('enabled') || statuses.has('disabled'))) {
    const disabled = statuses.has('disabled') ? 1 : 0;
    disabledFlag = disabled;
    narrow.push({ sql: (a) => `${a}.is_disabled = ${disabled}`, params: [] });
    indexes.add(USERS_INDEX.disabled);
    statuses.clear();
  }
  for (const n of narrow) {
    where.push(n.sql('u'));
    whereParams.push(...n.params);
  }
  // The attribute condition's place among the conditions: `probing` swaps in the per-row form (see UserFilterSql).
  let attributeAt = -1;
  // The attribute rows of the filter's attributes (parameters: organization, attributes).
  const attributeIn = `ua.organization_id = ? AND ua.attribute IN (${placeholders(f.attributes.length)})`;
  // The attribute rows carry their member's group and disabled flag, so the row conditions narrow them too: the
  // members having the attributes in the filter's groups (enabled or not) are one range of the attribute index
  // (ix_user_attributes_membership), not every holder read by primary key (parameters: organization, attributes,
  // the narrowings').
  const narrowedRows = `${attributeIn}${narrow.map((n) => ` AND ${n.sql('ua')}`).join('')}`;
  const narrowedParams = [f.orgId, ...f.attributes, ...narrow.flatMap((n) => n.params)];
  if (f.attributes.length) {
    // The members having the attributes are met by primary key; the probing form skips those without any on the
    // 属性 index.
    indexes.add(USERS_INDEX.primary).add(USERS_INDEX.attributes);
    attributeAt = where.length;
    where.push(`u.id IN (SELECT ua.user_id FROM user_attributes ua WHERE ${narrowedRows})`);
    whereParams.push(...narrowedParams);
  }
  if (statuses.size) {
    const any: string[] = [];
    for (const s of statuses) {
      switch (s) {
        case 'provisional':
          any.push('u.is_provisional = 1');
          indexes.add(USERS_INDEX.provisional);
          break;
        case 'disabled':
          any.push('u.is_disabled = 1');
          indexes.add(USERS_INDEX.disabled);
          break;
        case 'enabled':
          any.push('u.is_disabled = 0');
          indexes.add(USERS_INDEX.disabled);
          break;
        case 'locked':
          any.push('(u.locked_at IS NOT NULL AND (u.locked_until IS NULL OR u.locked_until > ?))');
          whereParams.push(f.now);
          indexes.add(USERS_INDEX.locked);
          break;
      }
    }
    where.push(`(${any.join(' OR ')})`);
  }
  let conditionTokens = false;
  f.tokens.forEach((token) => {
    const union = tokenUnion(f.orgId, token, narrow, f.groupIds, f.mysql);
    if (union === 'nothing') {
      matchesNothing = true;
    } else if (union) {
      keywordParts.push(union.sql);
      fromParams.push(...union.params);
    } else {
      const condition = tokenCondition(f.orgId, token);
      conditionTokens = true;
      where.push(condition.sql);
      whereParams.push(...condition.params);
    }
  });
  // The keyword id sets come first and join users by primary key: they already hold the row conditions, so they are
  // the small side. MariaDB's estimates can prefer to scan a group's rows and probe the id set instead, reading every
  // member of the group; STRAIGHT_JOIN keeps the written order. Then users is read by primary key alone, so on MySQL
  // its other indexes are left out of the plan (USE INDEX), sparing the planner their range estimates.
  const from = keywordParts
    .map((sql, i) => (i === 0 ? `(${sql}) k0` : `JOIN (${sql}) k${i} ON k${i}.id = k0.id`))
    .join(' ');
  // Nothing but attributes and row conditions (groups, scope, 有効/無効): with attributes, the attribute rows alone
  // answer the filter, since they carry those conditions' columns.
  const rowConditionsOnly = !statuses.size && !f.tokens.length && !matchesNothing;
  const onAttributeRows = rowConditionsOnly && f.attributes.length > 0;
  const unscoped = rowConditionsOnly && f.scopeGroupIds === null;
  const onlyAttributes = unscoped && !narrow.length;
  // Unscoped, the only narrowing left is the flag: 状態 有効 (with or without attributes) is what the counters hold
  // less the disabled.
  const enabledOnly = unscoped && narrow.length === 1 && disabledFlag === 0;
  return {
    totalFrom: onlyAttributes || enabledOnly ? (f.attributes.length ? 'attributes' : 'organization') : null,
    counterLess: !enabledOnly
      ? null
      : f.attributes.length
        ? {
            sql: membersOfRows(`${attributeIn} AND ua.is_disabled = 1`),
            params: [f.orgId, ...f.attributes],
          }
        : {
            sql: `SELECT COUNT(*) AS n FROM users u${f.mysql ? ` USE INDEX (${USERS_INDEX.disabled})` : ''}
                   WHERE u.organization_id = ? AND u.is_disabled = 1`,
            params: [f.orgId],
          },
    attributeRowsPage: !f.attributes.length ? null : onlyAttributes ? 'all' : enabledOnly ? 'enabled' : null,
    attributeRowsCount:
      onAttributeRows && narrow.length
        ? {
            sql: membersOfRows(narrowedRows),
            params: narrowedParams,
          }
        : null,
    // Attribute rows exist only for members of their organization (the index forgets an account that leaves or is
    // deleted), so the distinct ids having one of the attributes are exactly the members the filter matches.
    attributeMatches: f.attributes.length
      ? {
          sql: membersOfRows(attributeIn),
          params: [f.orgId, ...f.attributes],
        }
      : null,
    whereProbing:
      attributeAt < 0
        ? null
        : where
            .map((w, i) =>
              i === attributeAt
                ? // A member with an attribute has a sort key: the walk skips those without any (half of a roster).
                  `u.attributes_sort_key > '' AND (SELECT 1 FROM user_attributes ua WHERE ${narrowedRows} AND ua.user_id = u.id LIMIT 1) = 1`
                : w,
            )
            .join(' AND '),
    from: keywordParts.length
      ? `${from} JOIN users u${f.mysql ? ' USE INDEX (PRIMARY)' : ''} ON u.id = k0.id`
      : 'users u',
    select: keywordParts.length && f.mysql ? 'SELECT STRAIGHT_JOIN' : 'SELECT',
    fromParams,
    where: where.join(' AND '),
    whereParams,
    matchesNothing,
    keywordJoins: keywordParts.length,
    filterIndexes: f.mysql && !keywordParts.length && !conditionTokens ? [...indexes] : null,
  };
}

/** How many members the attribute rows `ua` meeting this condition belong to (a member may have several rows). */
function membersOfRows(condition: string): string {
  return `SELECT COUNT(DISTINCT ua.user_id) AS n FROM user_attributes ua WHERE ${condition}`;
}

/**
 * 権限's grant part as a column (`has_grants`, 1 or 0) of the list and the CSV export: a select-list probe of
 * `user_permissions` by primary key, evaluated for the rows a statement returns only (each statement cuts its page
 * before reading them). Read with the page, where a second statement for the page's grant holders cost every list
 * request a round trip of its own.
 */
export const GRANT_FLAG = `CASE WHEN ${HAS_GRANTS} THEN 1 ELSE 0 END AS has_grants`;

/** The listed columns of a page's rows. */
export const LIST_COLUMNS = `u.id, u.login_id, u.family_name, u.given_name, u.family_name_kana, u.given_name_kana,
  u.group_id, g.code AS group_code, g.name AS group_name, u.attributes, u.is_manager, u.is_provisional,
  u.is_disabled, u.locked_at, u.locked_until, u.two_factor_enabled, u.last_login_at, ${GRANT_FLAG}`;

export interface Statement {
  sql: string;
  params: unknown[];
}

/**
 * The statement of a list page: the page's rows (only the listed columns). With keywords, the matching rows are all
 * read to count them, so the page's statement counts them too (`COUNT(*) OVER ()`, column `total_rows`) and
 * userCountStatement is needed only for a page past the end; without, the page either walks the
 * sort's index or sorts the matches (`plan`, page-plan.ts) while the total comes from a counter or the count.
 *
 * A page that sorts every match (a keyword's, one sorted by 権限 or グループ, which no index keeps in order, or one whose
 * plan is 'sort') sorts only ids and sort keys (and counts them, for a keyword), and reads the listed columns, the
 * group and the 権限 probe for the page's rows alone (pageOfSorted): carrying every column of every match through the
 * window and the sort, and joining each match's group, cost "ヤマ" inside two groups (some 400 matches) 4.5 ms of
 * execution instead of 2.8, the whole organization sorted by グループ 0.7 s instead of 0.3, and two departments' members
 * having 在宅 or 営業, 有効, by last login (472 matches, each probed for grants before the sort) 7.6 ms instead of 2.3.
 */
export function userPageStatement(
  f: UserFilterSql,
  sort: UserSort,
  order: 'asc' | 'desc',
  page: number,
  perPage: number,
  options: { plan?: PagePlan } = {},
): Statement {
  const params = [...f.fromParams, ...f.whereParams];
  const totalInItems = f.keywordJoins > 0;
  const sortIndex = SORT_INDEXES[sort];
  // A page whose plan was chosen (page-plan.ts): a walk probes any attribute filter row by row (a semi-join would read
  // every member having the attributes first) and keeps the filter's indexes in its hint too, since a filter index
  // that holds the order (a department's members by login ID) reads just the page; a sort leaves the sort's index out
  // of the hint (MySQL/MariaDB), which the planner otherwise walked however few members passed the filter. Without a
  // plan, the planner chooses among both.
  const itemsWhere = options.plan === 'walk' && f.whereProbing ? f.whereProbing : f.where;
  const itemsFrom =
    options.plan === 'sort' ? hinted(f, [], { not: sortIndex }) : hinted(f, sortIndex ? [sortIndex] : []);
  return {
    sql:
      totalInItems || !sortIndex || options.plan === 'sort'
        ? pageOfSorted(f.select, itemsFrom, itemsWhere, sort, order, totalInItems)
        : `${f.select} ${LIST_COLUMNS}
            FROM ${itemsFrom} ${GROUP_JOIN}
           WHERE ${itemsWhere}
           ORDER BY ${userOrderBy(sort, order)}
           LIMIT ? OFFSET ?`,
    params: [...params, perPage, (page - 1) * perPage],
  };
}

/** The count of the filter's matches, on the filter's own indexes (or on the attribute rows alone, attributeRowsCount). */
export function userCountStatement(f: UserFilterSql): Statement {
  if (f.attributeRowsCount) return f.attributeRowsCount;
  return {
    sql: `${f.select} COUNT(*) AS n FROM ${hinted(f, [])} WHERE ${f.where}`,
    params: [...f.fromParams, ...f.whereParams],
  };
}

/**
 * `users u` with a USE INDEX hint naming the filter's indexes and these (MySQL/MariaDB, see filterIndexes): the
 * default page planned 1.1–1.5 ms and ran 0.85–1.0 with the login ID index named, and status=locked sorted by 権限
 * spent 0.7 ms of planning on the fourteen indexes. A hint only narrows the planner's choice; the rows are the same.
 */
function hinted(f: UserFilterSql, also: string[], options: { not?: string } = {}): string {
  if (!f.filterIndexes) return f.from;
  const names = [...new Set([...also, ...f.filterIndexes])].filter((n) => n !== options.not);
  return names.length ? `users u USE INDEX (${names.join(', ')})` : f.from;
}

const GROUP_JOIN = 'LEFT JOIN org_groups g ON g.id = u.group_id AND g.organization_id = u.organization_id';

/**
 * A page cut from every match sorted: the matches' ids and sort keys (and with `counted` their count, `total_rows`)
 * first, then the listed columns of the page's rows by primary key, in the same order (the keys end with the login
 * ID, which is unique). Parameters: those of `from` and `where`, then LIMIT and OFFSET.
 */
function pageOfSorted(
  select: string,
  from: string,
  where: string,
  sort: UserSort,
  order: 'asc' | 'desc',
  counted: boolean,
): string {
  const dir = order === 'desc' ? 'DESC' : 'ASC';
  const keys = sortKeys(sort);
  const count = counted ? ', COUNT(*) OVER () AS total_rows' : '';
  return `${select} ${LIST_COLUMNS}${counted ? ', p.total_rows' : ''}
            FROM (${select} u.id, ${keys.map((k, i) => `${k} AS page_key_${i}`).join(', ')}${count}
                    FROM ${from}${sort === 'group' ? ` ${GROUP_JOIN}` : ''}
                   WHERE ${where}
                   ORDER BY ${keys.map((_, i) => `page_key_${i} ${dir}`).join(', ')}
                   LIMIT ? OFFSET ?) p
            JOIN users u ON u.id = p.id ${GROUP_JOIN}
           ORDER BY ${keys.map((_, i) => `p.page_key_${i} ${dir}`).join(', ')}`;
}

/** Sorts an index of users reads in order (organization, key, login ID), and that index: a page can stop early. */
const SORT_INDEXES: Partial<Record<UserSort, string>> = {
  loginId: USERS_INDEX.login,
  familyName: USERS_INDEX.familyName,
  givenName: USERS_INDEX.givenName,
  attribute: USERS_INDEX.attributes,
  lastLoginAt: USERS_INDEX.lastLogin,
};
export const INDEXED_SORTS: ReadonlySet<UserSort> = new Set(Object.keys(SORT_INDEXES) as UserSort[]);

/** ORDER BY for a list sort; the login ID (unique) breaks ties, so pages never overlap. */
export function userOrderBy(sort: UserSort, order: 'asc' | 'desc'): string {
  const dir = order === 'desc' ? 'DESC' : 'ASC';
  return sortKeys(sort)
    .map((k) => `${k} ${dir}`)
    .join(', ');
}

/** The expressions a list sort orders by, ending with the login ID. */
function sortKeys(sort: UserSort): string[] {
  const keys: Record<UserSort, string[]> = {
    loginId: [],
    familyName: ['u.family_name'],
    givenName: ['u.given_name'],
    // Ranked as the labels sort: 一般ユーザー, 一般ユーザー（管理責任者）, 管理者権限, 管理者権限（管理責任者）.
    role: [`(CASE WHEN ${HAS_GRANTS} THEN 2 ELSE 0 END + u.is_manager)`],
    group: ['g.name', 'g.code'],
    attribute: ['u.attributes_sort_key'],
    lastLoginAt: ['u.last_login_at'],
  };
  return [...keys[sort], 'u.login_id'];
}
