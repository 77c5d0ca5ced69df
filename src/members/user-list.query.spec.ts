import { searchTokens } from '../users/search/user-search';
import { type ResolvedUserFilter, userFilterSql, userPageStatement } from './user-list.query';

/**
 * The shape of a ユーザー一覧 page statement: which rows carry the listed columns. Whether the rows are right is proven
 * against a plain statement on both databases (test/users-list-filter-pages, test/users-list-keyword-pages); this
 * keeps a page that sorts every match from reading every match's columns, group and 権限 probe before cutting 25.
 */
describe('user list page statements', () => {
  const filter = (over: Partial<ResolvedUserFilter> = {}): ResolvedUserFilter => ({
    orgId: 'org',
    scopeGroupIds: null,
    groupIds: ['g1', 'g2'],
    attributes: ['在宅'],
    status: ['enabled'],
    tokens: [],
    now: '2026-12-07 00:00:00',
    mysql: true,
    ...over,
  });

  /** The select list of the statement's derived table of sorted matches, or null when it has none. */
  const sortedMatches = (sql: string) =>
    /FROM \((SELECT[^]*?)\s+FROM /.exec(sql)?.[1].replace(/\s+/g, ' ') ?? null;

  it('sorts only ids and sort keys when the plan sorts the matches, then reads the page’s rows', () => {
    const s = userPageStatement(userFilterSql(filter()), 'lastLoginAt', 'desc', 2, 25, { plan: 'sort' });
    expect(sortedMatches(s.sql)).toBe('SELECT u.id, u.last_login_at AS page_key_0, u.login_id AS page_key_1');
    // The page's 25 rows alone meet the group join and the grants probe.
    expect(s.sql.match(/user_permissions/g)).toHaveLength(1);
    expect(s.sql.indexOf('user_permissions')).toBeLessThan(s.sql.indexOf('FROM ('));
    expect(s.params.slice(-2)).toEqual([25, 25]);
  });

  it('walks the sort’s index with every listed column when the plan walks', () => {
    const s = userPageStatement(userFilterSql(filter()), 'lastLoginAt', 'desc', 1, 25, { plan: 'walk' });
    expect(sortedMatches(s.sql)).toBeNull();
    expect(s.sql).toContain('ix_users_org_last_login');
    expect(s.sql).toMatch(/ORDER BY u\.last_login_at DESC, u\.login_id DESC\s+LIMIT \? OFFSET \?$/);
  });

  it('sorts a keyword’s matches the same way, counting them as it goes', () => {
    const s = userPageStatement(
      userFilterSql(filter({ tokens: searchTokens('ヤマ') })),
      'familyName',
      'asc',
      1,
      25,
    );
    expect(sortedMatches(s.sql)).toBe(
      'SELECT STRAIGHT_JOIN u.id, u.family_name AS page_key_0, u.login_id AS page_key_1, COUNT(*) OVER () AS total_rows',
    );
  });
});
