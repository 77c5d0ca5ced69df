import { sqlInstant } from '@kanri/common/database/sql-values';
import type { UserSort } from '../../src/members/dto/list-organization-users.query';
import { type UserFilterSql, userFilterSql } from '../../src/members/user-list.query';
import type { CreatedOrg } from './org-factories';
import type { TestApp } from './test-app';
import { importCsv } from './user-admin';

/**
 * The differential tests of ユーザー一覧 (users-list-keyword-pages, users-list-filter-pages): a list request read page
 * by page until past the end, against one plain statement over the same filter.
 */
export interface ListCase {
  q?: string;
  attributes?: string[];
  groupIds: string[];
  status: ('enabled' | 'disabled' | 'locked')[];
  sort: UserSort;
  order: 'asc' | 'desc';
}

export interface ListedItem {
  loginId: string;
  group: { name: string } | null;
}

/**
 * The case's filter as the list resolves it for a manager (whole organization), without its keyword (the plain
 * statement adds the keyword's condition form), for the plain statement. Its attribute condition is written here,
 * on the attribute rows' member and tag alone: the list's own reads the copies of each member's group and disabled
 * flag those rows carry, which the plain statement must not trust.
 */
export function plainFilter(
  t: TestApp,
  org: CreatedOrg,
  c: ListCase,
): Pick<UserFilterSql, 'where' | 'whereParams'> {
  const mysql = t.dataSource.options.type !== 'better-sqlite3';
  const rowConditions = userFilterSql({
    orgId: org.orgId,
    scopeGroupIds: null,
    groupIds: c.groupIds,
    attributes: [],
    status: c.status,
    tokens: [],
    now: sqlInstant(t.clock.now(), mysql),
    mysql,
  });
  const attributes = c.attributes ?? [];
  if (!attributes.length) return rowConditions;
  return {
    where: `${rowConditions.where} AND EXISTS (SELECT 1 FROM user_attributes tag
              WHERE tag.user_id = u.id AND tag.attribute IN (${attributes.map(() => '?').join(', ')}))`,
    whereParams: [...rowConditions.whereParams, ...attributes],
  };
}

/**
 * Reads every page of the case (and one past the end), checking each page's total against `want`'s length, and
 * returns the rows in the order listed, each as `row` makes it.
 */
export async function everyPage<R>(
  t: TestApp,
  org: CreatedOrg,
  c: ListCase,
  want: readonly R[],
  row: (item: ListedItem) => R,
): Promise<R[]> {
  const pages = Math.max(1, Math.ceil(want.length / 25));
  const got: R[] = [];
  for (let n = 1; n <= pages + 1; n++) {
    const p = new URLSearchParams({ sort: c.sort, order: c.order, page: String(n), perPage: '25' });
    if (c.q) p.set('q', c.q);
    if (c.attributes?.length) p.set('attributes', c.attributes.join(','));
    if (c.groupIds.length) p.set('groupIds', c.groupIds.join(','));
    if (c.status.length) p.set('status', c.status.join(','));
    const res = await t.api('get', `/organizations/${org.orgId}/users?${p.toString()}`, org.manager.token);
    if (res.status !== 200) throw new Error(`${p.toString()}: ${res.status} ${JSON.stringify(res.body)}`);
    const page = res.body as { items: ListedItem[]; total: number };
    expect({ case: c, page: n, total: page.total }).toEqual({ case: c, page: n, total: want.length });
    got.push(...page.items.map(row));
  }
  return got;
}

/** Last sign-ins (with ties and never) and lockouts on the members, by their position in `ids`. */
export async function stampSignInsAndLocks(
  t: TestApp,
  ids: readonly string[],
  pattern: {
    neverSignedIn: (i: number) => boolean;
    hour: (i: number) => number;
    locked: (i: number) => boolean;
  },
): Promise<void> {
  const mysql = t.dataSource.options.type !== 'better-sqlite3';
  const base = Date.parse('2026-03-01T00:00:00Z');
  for (const [i, id] of ids.entries()) {
    const lastLogin = pattern.neverSignedIn(i)
      ? null
      : sqlInstant(new Date(base + pattern.hour(i) * 3_600_000), mysql);
    const locked = pattern.locked(i) ? sqlInstant(new Date(base), mysql) : null;
    await t.dataSource.query('UPDATE users SET last_login_at = ?, locked_at = ? WHERE id = ?', [
      lastLogin,
      locked,
      id,
    ]);
  }
}

/**
 * Imports a roster (the CSV header and one array of cells per member) into the organization, expects every row
 * created, and returns the members' ids in login ID order.
 */
export async function importRoster(
  t: TestApp,
  org: CreatedOrg,
  header: string,
  rows: readonly (readonly string[])[],
): Promise<string[]> {
  const csv = [header, ...rows.map((cells) => cells.join(','))].join('\r\n') + '\r\n';
  const job = await importCsv(t, org.orgId, org.manager.token, csv);
  expect({ state: job.state, created: job.created, errors: job.errors }).toEqual({
    state: 'succeeded',
    created: rows.length,
    errors: [],
  });
  const loginIds = rows.map((cells) => cells[0]);
  const members: { id: string; login_id: string }[] = await t.dataSource.query(
    `SELECT id, login_id FROM users WHERE organization_id = ? AND login_id IN (${loginIds.map(() => '?').join(', ')})
      ORDER BY login_id`,
    [org.orgId, ...loginIds],
  );
  return members.map((m) => m.id);
}
