import type { UserSort } from '../src/members/dto/list-organization-users.query';
import * as pagePlans from '../src/members/page-plan';
import { userOrderBy } from '../src/members/user-list.query';
import { attributeRowsInStep } from './proof/support/invariants';
import { DEFAULT_CONFIRMATION, DEFAULT_PASSWORD } from './support/factories';
import { importCsv } from './support/user-admin';
import { createGroup, createOrg, type CreatedOrg } from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';
import {
  everyPage,
  importRoster,
  type ListCase,
  plainFilter,
  stampSignInsAndLocks,
} from './support/user-list-pages';

// Jest 29 ignores the e2e project's `testTimeout`; this file imports a roster and reads a few hundred pages.
jest.setTimeout(180_000);

const FAMILY = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺'];
const GIVEN = ['太郎', '花子', '一郎', '陽子', '健', '明美', '翔'];
/** Tag lists from common to rare, so that some filters match most members and others a few. */
const TAGS = [
  ['東京'],
  ['東京', '営業'],
  ['大阪'],
  ['東京', '在宅'],
  [],
  ['営業', '東京'],
  ['東京'],
  ['大阪', '在宅'],
];

/**
 * Filtered pages of ユーザー一覧 without a keyword, against one plain statement: whether a page walks the sort's index
 * or sorts the matches (members/page-plan.ts, chosen from the total), with attribute filters probed row by row or
 * read first, the list answers exactly the rows, order and total of a statement that tests each row with the filter
 * and sorts the rows it keeps. Run it with `KANRI_TEST_DB=mysql` too, where each plan names its indexes.
 */
describe('the user list’s filtered pages', () => {
  let t: TestApp;
  let org: CreatedOrg;
  const groups: Record<string, string> = {};

  /** The roster's CSV cells per member, in login ID order (which is also the order of `members`). */
  const HEADER = 'ログインID,姓,名,パスワード,グループコード,属性,無効';
  const roster = Array.from({ length: 120 }, (_, i) => [
    `fltr${String(i).padStart(4, '0')}`,
    FAMILY[(i * 5) % FAMILY.length],
    GIVEN[(i * 3 + Math.floor(i / 7)) % GIVEN.length],
    DEFAULT_PASSWORD,
    ['FA', 'FB', 'FC', ''][(i + Math.floor(i / 5)) % 4],
    `"${TAGS[(i * 3 + Math.floor(i / 8)) % TAGS.length].join(',')}"`,
    i % 6 === 1 ? '1' : '0',
  ]);
  let members: string[];

  beforeAll(async () => {
    t = await createTestApp();
    org = await createOrg(t);
    for (const code of ['FA', 'FB', 'FC']) groups[code] = await createGroup(t, org, code);
    members = await importRoster(t, org, HEADER, roster);
    await stampSignInsAndLocks(t, members, {
      neverSignedIn: (i) => i % 4 === 0,
      hour: (i) => i % 13,
      locked: (i) => i % 10 === 3,
    });
  });
  afterAll(() => t.close());

  type Case = ListCase & { attributes: string[] };

  /** The login IDs the plain statement keeps, in the sort's order. */
  const expected = async (c: Case) => {
    const filter = plainFilter(t, org, c);
    const rows: { login_id: string }[] = await t.dataSource.query(
      `SELECT u.login_id FROM users u WHERE ${filter.where} ORDER BY ${userOrderBy(c.sort, c.order)}`,
      filter.whereParams,
    );
    return rows.map((r) => r.login_id);
  };

  const SORTS: UserSort[] = ['loginId', 'familyName', 'givenName', 'lastLoginAt', 'attribute'];

  /** Every page of each filter in each sort, against the plain statement; how many cases were compared. */
  const compareEvery = async (filters: Pick<Case, 'attributes' | 'groupIds' | 'status'>[]) => {
    let compared = 0;
    for (const [f, filter] of filters.entries()) {
      for (const [s, sort] of SORTS.entries()) {
        const c: Case = { ...filter, sort, order: (f + s) % 2 ? 'desc' : 'asc' };
        const want = await expected(c);
        const got = await everyPage(t, org, c, want, (i) => i.loginId);
        expect({ case: c, rows: got }).toEqual({ case: c, rows: want });
        compared++;
      }
    }
    return compared;
  };

  it('answers the rows, order and total of the plain statement, whichever way each page is read', async () => {
    const plans = jest.spyOn(pagePlans, 'pagePlan');
    const filters: Pick<Case, 'attributes' | 'groupIds' | 'status'>[] = [
      { attributes: ['東京'], groupIds: [], status: [] },
      { attributes: ['在宅'], groupIds: [], status: [] },
      { attributes: ['東京'], groupIds: [], status: ['enabled'] },
      { attributes: ['大阪'], groupIds: [groups.FA], status: [] },
      { attributes: ['営業', '在宅'], groupIds: [groups.FA, groups.FB], status: ['enabled'] },
      { attributes: ['在宅'], groupIds: [], status: ['disabled'] },
      { attributes: [], groupIds: [groups.FB], status: ['disabled'] },
      { attributes: [], groupIds: [groups.FA, groups.FC], status: [] },
      { attributes: [], groupIds: [], status: ['locked'] },
      { attributes: [], groupIds: [], status: ['disabled', 'locked'] },
      // Filters that most members pass: their first pages are walked.
      {
        attributes: ['東京', '大阪', '営業', '在宅'],
        groupIds: [groups.FA, groups.FB, groups.FC],
        status: [],
      },
      { attributes: [], groupIds: [], status: ['enabled', 'locked'] },
    ];
    expect(await compareEvery(filters)).toBe(filters.length * SORTS.length);
    // Both ways of reading a page were taken, many times each.
    const taken = plans.mock.results.map((r) => r.value as pagePlans.PagePlan);
    expect(taken.filter((p) => p === 'walk').length).toBeGreaterThan(10);
    expect(taken.filter((p) => p === 'sort').length).toBeGreaterThan(10);
    plans.mockRestore();
  });

  it('keeps finding members moved between groups, disabled and enabled, one by one, in bulk and by import', async () => {
    // An attribute filter with groups or 状態 有効/無効 reads the copies of each member's group and flag that the
    // attribute rows carry: every write of either has to reach them.
    const confirm = { confirmationPassword: DEFAULT_CONFIRMATION };
    const patch = async (i: number, body: object) => {
      const res = await t
        .api('patch', `/organizations/${org.orgId}/users/${members[i]}`, org.manager.token)
        .send({ ...confirm, ...body });
      expect({ member: i, status: res.status }).toEqual({ member: i, status: 200 });
    };
    const bulk = async (action: 'disable' | 'enable', positions: number[]) => {
      const res = await t
        .api('post', `/organizations/${org.orgId}/users/bulk`, org.manager.token)
        .send({ ...confirm, action, userIds: positions.map((i) => members[i]) });
      expect({ action, status: res.status }).toEqual({ action, status: 200 });
    };
    await patch(3, { groupId: groups.FB });
    await patch(7, { groupId: null });
    await patch(12, { groupId: groups.FA });
    await patch(5, { disabled: true });
    await patch(1, { disabled: false });
    await patch(30, { groupId: groups.FB, disabled: true, attributes: ['在宅', '営業'] });
    await bulk('disable', [8, 9, 10, 11, 14]);
    await bulk('enable', [13, 19, 25]);
    // Twenty members re-imported into the next group (FA → FB → FC → none → FA) with their 無効 flipped.
    const next: Record<string, string> = { FA: 'FB', FB: 'FC', FC: '', '': 'FA' };
    const changed = roster.slice(40, 60).map((cells) => {
      const row = [...cells];
      row[4] = next[row[4]];
      row[6] = row[6] === '1' ? '0' : '1';
      return row.join(',');
    });
    const job = await importCsv(t, org.orgId, org.manager.token, [HEADER, ...changed].join('\r\n') + '\r\n');
    expect({ state: job.state, updated: job.updated, errors: job.errors }).toEqual({
      state: 'succeeded',
      updated: 20,
      errors: [],
    });
    expect((await attributeRowsInStep(t.dataSource)).violations).toEqual([]);

    const filters: Pick<Case, 'attributes' | 'groupIds' | 'status'>[] = [
      { attributes: ['大阪'], groupIds: [groups.FA], status: [] },
      { attributes: ['営業', '在宅'], groupIds: [groups.FA, groups.FB], status: ['enabled'] },
      { attributes: ['東京'], groupIds: [groups.FB], status: ['disabled'] },
      { attributes: ['在宅'], groupIds: [], status: ['disabled'] },
      { attributes: ['在宅', '大阪'], groupIds: [], status: ['enabled'] },
      { attributes: ['東京', '大阪'], groupIds: [groups.FC], status: ['enabled'] },
      { attributes: [], groupIds: [groups.FB], status: ['disabled'] },
    ];
    expect(await compareEvery(filters)).toBe(filters.length * SORTS.length);
  });
});
