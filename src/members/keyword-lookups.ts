import { type RoleCombo, type SearchToken, suffixRange } from '../users/search/user-search';
import { placeholders } from '@kanri/common/database/sql-values';
import { USERS_INDEX } from './users-indexes';

/**
 * How a keyword of the user list (ユーザー一覧) becomes SQL: as a UNION of covering index lookups that yields the
 * matching ids (tokenUnion), or, when only the general-user role or too many names match, as a condition on the row
 * (tokenCondition). Used by user-list.query.ts.
 */

const NAME_COLUMNS = ['family_name', 'given_name', 'family_name_kana', 'given_name_kana'] as const;
/** The name columns that hold more than katakana: the only ones a keyword that is not kana can be in. */
const NAME_COLUMNS_BEYOND_KANA = ['family_name', 'given_name'] as const;
/**
 * MySQL/MariaDB: the indexes each lookup may read (USE INDEX). Every index of users begins with the organization, so
 * without the hint the planner estimates ranges on all of them for each lookup of the UNION: "ヤマ" inside two groups
 * (8 name lookups) spent 1.2 ms planning its statement, 0.25 ms with the hints (and the one on the join to users,
 * user-list.query.ts). The name indexes are (organization, name, group, disabled), the ones the lookups seek; a login
 * ID prefix reads the login ID index, or the group or disabled-flag index when those narrow it (organization, group
 * or flag, login ID). A hint only narrows the choice: the rows are the same.
 */
const LOOKUP_INDEXES: Record<(typeof NAME_COLUMNS)[number] | 'login_id' | 'is_manager', string> = {
  family_name: USERS_INDEX.familyNameGroup,
  given_name: USERS_INDEX.givenNameGroup,
  family_name_kana: USERS_INDEX.familyNameKana,
  given_name_kana: USERS_INDEX.givenNameKana,
  login_id: [USERS_INDEX.login, USERS_INDEX.group, USERS_INDEX.disabled].join(', '),
  is_manager: USERS_INDEX.manager,
};
/** Up to this many filtered groups, the name lookups seek each (term, group) pair (tokenUnion). */
const MAX_GROUP_SEEKS = 8;
export const HAS_GRANTS =
  'EXISTS (SELECT 1 FROM user_permissions p WHERE p.organization_id = u.organization_id AND p.user_id = u.id)';

/**
 * The ids a keyword matches, as a UNION of covering index lookups: names and kana equal to a dictionary term that
 * contains the keyword (joined from the dictionary's suffix range), login IDs by prefix range, every manager,
 * every grant holder. 'nothing' when it cannot match anybody; null when it needs the condition form.
 */
export function tokenUnion(
  orgId: string,
  t: SearchToken,
  narrow: Narrowing[],
  groupIds: readonly string[],
  mysql: boolean,
): { sql: string; params: unknown[] } | 'nothing' | null {
  const roles = roleParts(t.roles);
  if (roles === null) return null;
  const parts: string[] = [];
  const params: unknown[] = [];
  const users = (lookup: keyof typeof LOOKUP_INDEXES) =>
    mysql ? `users x USE INDEX (${LOOKUP_INDEXES[lookup]})` : 'users x';
  // The row conditions go into each lookup on users too: with the name indexes holding group and disabled flag, a
  // broad keyword inside one department reads only that department's matches.
  const rowConditions = (conditions: Narrowing[]) => ({
    sql: conditions.map((n) => ` AND ${n.sql('x')}`).join(''),
    params: conditions.flatMap((n) => n.params),
  });
  if (t.normalized) {
    // With a few groups filtered, each lookup seeks (term, group) for every pair instead of reading every member
    // bearing the term and dropping those of other groups ("ヤマ" read 9,800 index entries to keep 360, "森" 6,800 to
    // keep 250): the groups are joined as org_groups rows, the index's next column after the name.
    const seek = groupIds.length > 1 && groupIds.length <= MAX_GROUP_SEEKS ? groupIds : null;
    const conditions = rowConditions(seek ? beyondSeek(seek, narrow) : narrow);
    // Each lookup joins, in the written order (STRAIGHT_JOIN; CROSS JOIN on SQLite), the dictionary rows of the
    // keyword, the sought groups, then the users bearing each term: planned as a plain join, where a semi-join (`name
    // IN (SELECT term …)`) per column and group made the planner weigh its strategies for every part of the union
    // (measured in docs/operations/performance.md). A term with two suffixes in the range ("ヤマナカヤマ" for ヤマ)
    // yields its members twice; the UNION keeps each id once.
    const join = mysql ? 'STRAIGHT_JOIN' : 'CROSS JOIN';
    const groups = seek ? ` ${join} org_groups sg` : '';
    const onGroup = seek ? ' AND x.group_id = sg.id' : '';
    const whereGroups = seek ? ` AND sg.organization_id = ? AND sg.id IN (${placeholders(seek.length)})` : '';
    // A kanji or latin keyword is in no kana field (SearchToken.mayBeKana): "森" sought its dictionary terms (森,
    // 森山, 大森, …) in the kana indexes too, inside each group, to find nothing.
    for (const column of t.mayBeKana ? NAME_COLUMNS : NAME_COLUMNS_BEYOND_KANA) {
      parts.push(
        `SELECT${mysql ? ' STRAIGHT_JOIN' : ''} x.id FROM user_name_terms nt${groups} ${join} ${users(column)}
            ON x.organization_id = nt.organization_id AND x.${column} = nt.term${onGroup}
         WHERE ${IN_RANGE}${whereGroups}${conditions.sql}`,
      );
      params.push(
        orgId,
        ...suffixRange(t.normalized),
        ...(seek ? [orgId, ...seek] : []),
        ...conditions.params,
      );
    }
  }
  const also = rowConditions(narrow);
  if (t.loginRange) {
    parts.push(
      `SELECT x.id FROM ${users('login_id')} WHERE x.organization_id = ? AND x.login_id >= ? AND x.login_id < ?${also.sql}`,
    );
    params.push(orgId, ...t.loginRange, ...also.params);
  }
  if (roles.managers) {
    parts.push(
      `SELECT x.id FROM ${users('is_manager')} WHERE x.organization_id = ? AND x.is_manager = 1${also.sql}`,
    );
    params.push(orgId, ...also.params);
  }
  if (roles.grantHolders) {
    parts.push('SELECT DISTINCT user_id AS id FROM user_permissions WHERE organization_id = ?');
    params.push(orgId);
  }
  if (!parts.length) return 'nothing';
  // UNION, not UNION ALL: the parts overlap (a member matching on two columns), and a name lookup can repeat a member.
  return { sql: parts.join(' UNION '), params };
}

/** A condition on a users row under any alias, with its parameters. */
export interface Narrowing {
  sql: (alias: string) => string;
  params: unknown[];
  /** A group condition (inGroups): which groups it lets through. */
  groups?: readonly string[];
}

export function inGroups(groupIds: string[]): Narrowing {
  return {
    sql: (a) => `${a}.group_id IN (${placeholders(groupIds.length)})`,
    params: [...groupIds],
    groups: groupIds,
  };
}

/**
 * The row conditions of a lookup that seeks these groups, less those the seek already satisfies: the filter's own
 * groups (and a scope containing every sought group) would only add range estimates on other indexes to every
 * lookup's plan.
 */
function beyondSeek(groups: readonly string[], narrow: Narrowing[]): Narrowing[] {
  return narrow.filter((n) => !(n.groups && groups.every((g) => n.groups!.includes(g))));
}

/** The dictionary rows whose suffix begins with the keyword (parameters: organization, range from, range to). */
const IN_RANGE = 'nt.organization_id = ? AND nt.suffix >= ? AND nt.suffix < ?';

/** The dictionary terms of the keyword, as a subquery (parameters: organization, range from, range to). */
const TERM_SET = `SELECT nt.term FROM user_name_terms nt WHERE ${IN_RANGE}`;

/**
 * Roles as union parts: "every manager" and "every grant holder" are index lookups; any other set of roles (the
 * general users, or a manager without grants only) is left to the condition form.
 */
function roleParts(roles: RoleCombo[]): { managers: boolean; grantHolders: boolean } | null {
  const has = (m: boolean, g: boolean) => roles.some((r) => r.isManager === m && r.hasGrants === g);
  if (has(false, false)) return null;
  const managers = has(true, false) && has(true, true);
  const grantHolders = has(false, true) && has(true, true);
  const covered = roles.every((r) => (r.isManager && managers) || (r.hasGrants && grantHolders));
  return covered ? { managers, grantHolders } : null;
}

/** The keyword as one condition on the row: exact, but evaluated row by row. */
export function tokenCondition(orgId: string, t: SearchToken): { sql: string; params: unknown[] } {
  const any: string[] = [];
  const params: unknown[] = [];
  if (t.normalized) {
    for (const column of NAME_COLUMNS) {
      any.push(`u.${column} IN (${TERM_SET})`);
      params.push(orgId, ...suffixRange(t.normalized));
    }
  }
  if (t.loginRange) {
    any.push('(u.login_id >= ? AND u.login_id < ?)');
    params.push(...t.loginRange);
  }
  for (const role of t.roles) {
    any.push(`(u.is_manager = ${role.isManager ? 1 : 0} AND ${role.hasGrants ? '' : 'NOT '}${HAS_GRANTS})`);
  }
  return { sql: any.length ? `(${any.join(' OR ')})` : '1 = 0', params };
}
