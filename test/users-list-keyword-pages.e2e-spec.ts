import { Permission } from '@kanri/access/permission';
import type { UserSort } from '../src/members/dto/list-organization-users.query';
import { tokenCondition } from '../src/members/keyword-lookups';
import { userOrderBy } from '../src/members/user-list.query';
import { searchTokens } from '../src/users/search/user-search';
import { DEFAULT_PASSWORD } from './support/factories';
import { createGroup, createOrg, grantPermissions, type CreatedOrg } from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';
import {
  everyPage,
  importRoster,
  type ListCase,
  plainFilter,
  stampSignInsAndLocks,
} from './support/user-list-pages';

// Jest 29 ignores the e2e project's `testTimeout`; this file imports a roster and reads several hundred pages.
jest.setTimeout(180_000);

const FAMILY: [string, string][] = [
  ['山田', 'ヤマダ'],
  ['山本', 'ヤマモト'],
  ['中山', 'ナカヤマ'],
  ['田中', 'タナカ'],
  ['中田', 'ナカタ'],
  ['森', 'モリ'],
  ['森山', 'モリヤマ'],
  ['小林', 'コバヤシ'],
  ['林', 'ハヤシ'],
  ['山', 'ヤマ'],
  // The keyword twice in one name: two of its suffixes begin with 山 (and ヤマ), and the member is still listed once.
  ['山中山', 'ヤマナカヤマ'],
];
const GIVEN: [string, string][] = [
  ['太郎', 'タロウ'],
  ['花子', 'ハナコ'],
  ['山男', 'ヤマオ'],
  ['森子', 'モリコ'],
  ['一郎', 'イチロウ'],
  ['大和', 'ヤマト'],
  ['林太', 'リンタ'],
];

/**
 * The keyword page of ユーザー一覧 against the plain condition form: for many keywords, filters, sorts and pages, the
 * list answers exactly the rows, order and total of one statement that tests each row with the keyword's condition
 * (tokenCondition) and sorts the rows it keeps, whatever shape the list's own statements take
 * (members/user-list.query.ts: keywords as UNIONs of index lookups, with index hints on MariaDB — run it with
 * `KANRI_TEST_DB=mysql` too —, and pages that sort every match cut from the matches' sort keys).
 */
describe('the user list’s keyword pages', () => {
  let t: TestApp;
  let org: CreatedOrg;
  const groups: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    org = await createOrg(t);
    for (const code of ['KA', 'KB', 'KC']) groups[code] = await createGroup(t, org, code);
    // A roster whose names share pieces across the four name columns, in three groups and none, some disabled.
    const rows = Array.from({ length: 96 }, (_, i) => {
      const [family, familyKana] = FAMILY[(i * 7) % FAMILY.length];
      const [given, givenKana] = GIVEN[(i * 5 + Math.floor(i / 10)) % GIVEN.length];
      const group = ['KA', 'KB', 'KC', ''][(i * 3 + Math.floor(i / 4)) % 4];
      const disabled = i % 7 === 3 ? '1' : '0';
      return [
        `kwrd${String(i).padStart(4, '0')}`,
        family,
        given,
        familyKana,
        givenKana,
        DEFAULT_PASSWORD,
        group,
        disabled,
      ];
    });
    const members = await importRoster(
      t,
      org,
      'ログインID,姓,名,姓(カナ),名(カナ),パスワード,グループコード,無効',
      rows,
    );
    // Grants (権限), lockouts and last sign-ins on some of them, with ties, so every sort has something to order.
    for (const i of [4, 17, 40, 41]) await grantPermissions(t, org, members[i], [Permission.UsersExport]);
    await stampSignInsAndLocks(t, members, {
      neverSignedIn: (i) => i % 3 === 0,
      hour: (i) => i % 11,
      locked: (i) => i % 9 === 2,
    });
  });
  afterAll(() => t.close());

  type Case = ListCase & { q: string };

  /** The rows the condition form keeps, in the sort's order: login IDs and group names. */
  const expected = async (c: Case) => {
    const filter = plainFilter(t, org, c);
    const conditions = searchTokens(c.q).map((token) => tokenCondition(org.orgId, token));
    const rows: { login_id: string; group_name: string | null }[] = await t.dataSource.query(
      `SELECT u.login_id, g.name AS group_name
         FROM users u LEFT JOIN org_groups g ON g.id = u.group_id AND g.organization_id = u.organization_id
        WHERE ${[filter.where, ...conditions.map((k) => k.sql)].join(' AND ')}
        ORDER BY ${userOrderBy(c.sort, c.order)}`,
      [...filter.whereParams, ...conditions.flatMap((k) => k.params)],
    );
    return rows.map((r) => [r.login_id, r.group_name]);
  };

  it('answers the rows, order and total of the condition form, page by page', async () => {
    // No keyword too: sorted by 権限 or グループ, those pages are cut from sorted keys as well.
    const keywords = [
      '',
      '山',
      'ヤマ',
      'やま',
      '田中',
      '中',
      'モリ',
      '森',
      'タロウ',
      '子',
      'kwrd001',
      'kwrd0',
      'nobody',
      '山 田',
      '管理者権限',
      '一般 山',
    ];
    const filters: Pick<Case, 'groupIds' | 'status'>[] = [
      { groupIds: [], status: [] },
      { groupIds: [groups.KA, groups.KB], status: [] },
      { groupIds: [groups.KA, groups.KB, groups.KC], status: ['enabled'] },
      { groupIds: [groups.KC], status: [] },
      { groupIds: [], status: ['disabled'] },
      { groupIds: [groups.KA, groups.KB], status: ['locked'] },
      // Locked and nothing else: few members, so a page in an indexed order sorts them (page-plan.ts).
      { groupIds: [], status: ['locked'] },
      // Enabled and nothing else: without a keyword, the total is the member counter less the disabled members.
      { groupIds: [], status: ['enabled'] },
    ];
    const sorts: UserSort[] = ['loginId', 'familyName', 'lastLoginAt', 'role', 'group'];
    let compared = 0;
    let paged = 0;
    for (const [k, q] of keywords.entries()) {
      for (const [f, filter] of filters.entries()) {
        for (const [s, sort] of sorts.entries()) {
          const c: Case = { q, ...filter, sort, order: (k + f + s) % 2 ? 'desc' : 'asc' };
          const want = await expected(c);
          const pages = Math.max(1, Math.ceil(want.length / 25));
          const got = await everyPage(t, org, c, want, (i) => [i.loginId, i.group?.name ?? null]);
          expect({ case: c, rows: got }).toEqual({ case: c, rows: want });
          compared++;
          if (pages > 1) paged++;
        }
      }
    }
    // The roster is broad enough that many cases span pages.
    expect(compared).toBe(keywords.length * filters.length * sorts.length);
    expect(paged).toBeGreaterThan(20);
  });
});
