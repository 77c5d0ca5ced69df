import { Permission } from '@kanri/access/permission';
import { DEFAULT_CONFIRMATION, loginAs } from './support/factories';
import { addMember, createGroup, createOrg, type CreatedOrg } from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';
import { createOrgUser, signInWithConfirmation } from './support/user-admin';

// Jest 29 ignores the e2e project's `testTimeout`; these files boot the app and create many accounts.
jest.setTimeout(60_000);

/**
 * ユーザー一覧 (SPEC §4 list; manual 4.1): pages of 25/50/100, the keyword search (login ID, 姓, 名, both kana, 権限),
 * group / attribute / status filters (OR inside each, AND between them), sorting on every listed column, and the
 * subtree scope of users.manage.
 */
describe('the user list', () => {
  let t: TestApp;
  let org: CreatedOrg;
  let sales: string;
  let salesTokyo: string;
  let hr: string;
  const ids: Record<string, string> = {};

  const list = async (query: string, token = org.manager.token) => {
    const res = await t.api('get', `/organizations/${org.orgId}/users?${query}`, token);
    if (res.status !== 200) throw new Error(`${query}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as {
      items: {
        id: string;
        loginId: string;
        familyName: string;
        givenName: string;
        role: string;
        group: { id: string; code: string; name: string } | null;
        attributes: string[];
        status: { provisional: boolean; disabled: boolean; locked: boolean; twoFactorEnabled: boolean };
        lastLoginAt: string | null;
      }[];
      total: number;
      page: number;
      perPage: number;
    };
  };
  const loginIds = async (query: string) => (await list(query)).items.map((i) => i.loginId);

  beforeAll(async () => {
    t = await createTestApp();
    org = await createOrg(t, { manager: { loginId: 'boss0001', familyName: '管理', givenName: '責任者' } });
    sales = await createGroup(t, org, 'SALES');
    salesTokyo = await createGroup(t, org, 'SALES-TKY', sales);
    hr = await createGroup(t, org, 'HR');
    const people: [string, Record<string, unknown>][] = [
      [
        'tanaka01',
        {
          familyName: '田中',
          givenName: '太郎',
          familyNameKana: 'タナカ',
          givenNameKana: 'タロウ',
          groupId: sales,
          attributes: ['東京'],
        },
      ],
      [
        'tanaka02',
        {
          familyName: '田中',
          givenName: '花子',
          familyNameKana: 'タナカ',
          givenNameKana: 'ハナコ',
          groupId: salesTokyo,
          attributes: ['大阪'],
        },
      ],
      [
        'nakata01',
        {
          familyName: '中田',
          givenName: '次郎',
          familyNameKana: 'ナカタ',
          givenNameKana: 'ジロウ',
          groupId: hr,
          attributes: ['東京', '営業'],
        },
      ],
      [
        'yama0001',
        { familyName: '山本', givenName: 'さくら', familyNameKana: 'ヤマモト', givenNameKana: 'ｻｸﾗ' },
      ],
      [
        'takah001',
        {
          familyName: '髙橋',
          givenName: '健',
          familyNameKana: 'タカハシ',
          givenNameKana: 'ケン',
          groupId: hr,
        },
      ],
      [
        'admin001',
        { familyName: '管理', givenName: '者', permissions: [{ permission: Permission.UsersExport }] },
      ],
    ];
    for (const [loginId, fields] of people)
      ids[loginId] = (await createOrgUser(t, org, { loginId, ...fields })).id;
    ids.off00001 = (
      await createOrgUser(t, org, { loginId: 'off00001', familyName: '無効', givenName: '者' })
    ).id;
    await t
      .api('patch', `/organizations/${org.orgId}/users/${ids.off00001}`, org.manager.token)
      .send({ confirmationPassword: DEFAULT_CONFIRMATION, disabled: true });
    ids.prov0001 = (
      await createOrgUser(t, org, {
        loginId: 'prov0001',
        provisional: true,
        password: undefined,
        email: 'p@example.jp',
        familyName: '仮',
        givenName: '者',
      })
    ).id;
    ids.lock0001 = (
      await createOrgUser(t, org, { loginId: 'lock0001', familyName: '施錠', givenName: '者' })
    ).id;
    await t.dataSource.query('UPDATE users SET locked_at = ? WHERE id = ?', [
      t.dataSource.options.type === 'better-sqlite3'
        ? '2026-01-01 00:00:00.000'
        : new Date('2026-01-01T00:00:00Z'),
      ids.lock0001,
    ]);
    for (let i = 0; i < 30; i++) {
      await createOrgUser(t, org, {
        loginId: `zfill${String(i).padStart(3, '0')}`,
        familyName: '埋草',
        givenName: `${i}号`,
      });
    }
    // Two of them sign in, so that 最終ログイン日時 differs.
    await loginAs(t, 'tanaka01');
    t.clock.advance(60_000);
    await loginAs(t, 'nakata01');
  });
  afterAll(() => t.close());

  describe('paging', () => {
    it('shows 25 per page in login ID order by default, with the total', async () => {
      const first = await list('');
      expect(first).toMatchObject({ total: 40, page: 1, perPage: 25 });
      expect(first.items).toHaveLength(25);
      const all = [...first.items.map((i) => i.loginId), ...(await loginIds('page=2'))];
      expect(all).toHaveLength(40);
      expect(all).toEqual([...all].sort());
      expect(all[0]).toBe('admin001');
    });

    it('offers 50 and 100 per page, nothing else', async () => {
      expect((await list('perPage=50')).items).toHaveLength(40);
      expect((await list('perPage=100')).perPage).toBe(100);
      const res = await t.api('get', `/organizations/${org.orgId}/users?perPage=30`, org.manager.token);
      expect(res.status).toBe(400);
      expect(res.body.details.fields.perPage).toBeDefined();
    });

    it('lists the columns of the screen: role, group, attributes, status, last login', async () => {
      const [taro] = (await list('q=tanaka01')).items;
      expect(taro).toMatchObject({
        loginId: 'tanaka01',
        familyName: '田中',
        givenName: '太郎',
        role: '一般ユーザー',
        group: { id: sales, code: 'SALES', name: 'グループSALES' },
        attributes: ['東京'],
        status: { provisional: false, disabled: false, locked: false, twoFactorEnabled: false },
      });
      expect(taro.lastLoginAt).toEqual(expect.any(String));
      const [boss] = (await list('q=boss0001')).items;
      expect(boss.role).toBe('管理者権限（管理責任者）');
      const [admin] = (await list('q=admin001')).items;
      expect(admin.role).toBe('管理者権限');
    });
  });

  describe('keyword search (含む)', () => {
    it('matches names and kana that contain the keyword', async () => {
      expect(await loginIds('q=田中')).toEqual(['tanaka01', 'tanaka02']);
      expect(await loginIds('q=中')).toEqual(['nakata01', 'tanaka01', 'tanaka02']);
      // The manager's kana is イチロウ (they created the organization, so joined it like a code holder does).
      expect(await loginIds('q=ロウ')).toEqual(['boss0001', 'nakata01', 'tanaka01']);
      expect(await loginIds('q=髙')).toEqual(['takah001']);
    });

    it('treats hiragana, katakana and half-width kana alike', async () => {
      expect(await loginIds(`q=${encodeURIComponent('たなか')}`)).toEqual(['tanaka01', 'tanaka02']);
      expect(await loginIds(`q=${encodeURIComponent('ﾀﾅｶ')}`)).toEqual(['tanaka01', 'tanaka02']);
      // さくら was typed in hiragana, its kana half-width: both are found by サクラ.
      expect(await loginIds(`q=${encodeURIComponent('サクラ')}`)).toEqual(['yama0001']);
    });

    it('matches login IDs by their beginning, case-sensitively', async () => {
      expect(await loginIds('q=tanaka0')).toEqual(['tanaka01', 'tanaka02']);
      expect(await loginIds('q=TANAKA0')).toEqual([]);
      expect(await loginIds('q=anaka')).toEqual([]);
    });

    it('matches the role label (権限)', async () => {
      expect(await loginIds(`q=${encodeURIComponent('管理責任者')}`)).toEqual(['boss0001']);
      expect(await loginIds(`q=${encodeURIComponent('管理者権限')}`)).toEqual(['admin001', 'boss0001']);
      const general = await list(`q=${encodeURIComponent('一般')}&perPage=100`);
      expect(general.total).toBe(38);
      expect(general.items.map((i) => i.loginId)).not.toContain('admin001');
    });

    it('finds members who joined with the organization code (組織コードの紐づけ)', async () => {
      const joined = await addMember(t, org.orgId, { familyName: '合流', familyNameKana: 'ゴウリュウ' });
      expect(await loginIds(`q=${encodeURIComponent('合流')}`)).toEqual([joined.loginId]);
      expect(await loginIds(`q=${encodeURIComponent('リュウ')}`)).toEqual([joined.loginId]);
      // Back out of the list again (the other tests count members).
      await t.api('delete', `/organizations/${org.orgId}/members/${joined.id}`, org.manager.token);
      expect((await list(`q=${encodeURIComponent('合流')}`)).total).toBe(0);
    });

    it('reports the total on a page past the end too', async () => {
      expect(await list(`q=${encodeURIComponent('田中')}&page=3`)).toMatchObject({
        items: [],
        total: 2,
        page: 3,
      });
    });

    it('answers a search that finds nobody from its page alone, and counts only a page past the end', async () => {
      // The page of a keyword carries its total; an empty first page is a total of 0 without a count statement.
      const counts = async (query: string) => {
        const sent: string[] = [];
        const logger = t.dataSource.logger;
        const logQuery = logger.logQuery;
        logger.logQuery = (q, parameters, runner) => {
          sent.push(q);
          return logQuery.call(logger, q, parameters, runner);
        };
        try {
          const page = await list(query);
          return {
            page,
            counted: sent.filter((q) => /SELECT\s+(STRAIGHT_JOIN\s+)?COUNT\(\*\) AS n/.test(q)).length,
          };
        } finally {
          logger.logQuery = logQuery;
        }
      };
      expect(await counts('q=nobody99')).toEqual({
        page: { items: [], total: 0, page: 1, perPage: 25 },
        counted: 0,
      });
      expect(await counts(`q=tanaka0&groupIds=${hr}`)).toMatchObject({
        page: { items: [], total: 0 },
        counted: 0,
      });
      expect(await counts('q=tanaka0&page=2')).toEqual({
        page: { items: [], total: 2, page: 2, perPage: 25 },
        counted: 1,
      });
    });

    it('never finds another organization’s members, even by a name only they bear', async () => {
      const other = await createOrg(t);
      await createOrgUser(
        t,
        other,
        { loginId: 'other001', familyName: '余所者', familyNameKana: 'ヨソモノ' },
        other.manager.token,
      );
      expect((await list(`q=${encodeURIComponent('余所')}`)).total).toBe(0);
      expect((await list('q=other001')).total).toBe(0);
    });

    it('needs every word to match', async () => {
      expect(await loginIds(`q=${encodeURIComponent('田中 花子')}`)).toEqual(['tanaka02']);
      expect(await loginIds(`q=${encodeURIComponent('田中　タロウ')}`)).toEqual(['tanaka01']);
      expect((await list('q=nobody-at-all')).total).toBe(0);
      // A role word (read row by row) with a name word (an id set), in both orders.
      expect(await loginIds(`q=${encodeURIComponent('一般 田中')}`)).toEqual(['tanaka01', 'tanaka02']);
      expect(await loginIds(`q=${encodeURIComponent('田中 一般 花子')}`)).toEqual(['tanaka02']);
    });

    it('finds names changed after creation, and forgets nobody', async () => {
      await t
        .api('patch', `/organizations/${org.orgId}/users/${ids.takah001}`, org.manager.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION, givenName: '健太郎' });
      expect(await loginIds(`q=${encodeURIComponent('健太')}`)).toEqual(['takah001']);
    });
  });

  describe('filters', () => {
    it('groups: members of any of them (the group itself, not its subgroups)', async () => {
      expect(await loginIds(`groupIds=${sales}`)).toEqual(['tanaka01']);
      expect(await loginIds(`groupIds=${sales},${hr}`)).toEqual(['nakata01', 'takah001', 'tanaka01']);
      expect(await loginIds(`groupIds=${sales}&groupIds=${salesTokyo}`)).toEqual(['tanaka01', 'tanaka02']);
    });

    it('attributes: any of them; with groups, both must hold', async () => {
      expect(await loginIds(`attributes=${encodeURIComponent('東京')}`)).toEqual(['nakata01', 'tanaka01']);
      expect(await loginIds(`attributes=${encodeURIComponent('東京,大阪')}`)).toEqual([
        'nakata01',
        'tanaka01',
        'tanaka02',
      ]);
      expect(await loginIds(`attributes=${encodeURIComponent('東京')}&groupIds=${hr}`)).toEqual(['nakata01']);
    });

    it('status: provisional, disabled, enabled, locked, several at once', async () => {
      expect(await loginIds('status=disabled')).toEqual(['off00001']);
      expect(await loginIds('status=provisional')).toEqual(['prov0001']);
      expect(await loginIds('status=locked')).toEqual(['lock0001']);
      expect(await loginIds('status=disabled,provisional')).toEqual(['off00001', 'prov0001']);
      const enabled = await list('status=enabled&perPage=100');
      expect(enabled.total).toBe(39);
      expect(enabled.items.map((i) => i.loginId)).not.toContain('off00001');
      const [locked] = (await list('status=locked')).items;
      expect(locked.status.locked).toBe(true);
      expect(
        (await t.api('get', `/organizations/${org.orgId}/users?status=gone`, org.manager.token)).status,
      ).toBe(400);
    });

    it('combines search and filters', async () => {
      expect(await loginIds(`q=${encodeURIComponent('田中')}&groupIds=${salesTokyo}&status=enabled`)).toEqual(
        ['tanaka02'],
      );
      // A word inside several groups: one lookup per group on the (organization, name, group) indexes, kanji names
      // (姓 and 名) and kana alike (members/keyword-lookups.ts).
      expect(await loginIds(`q=${encodeURIComponent('中')}&groupIds=${salesTokyo},${hr}`)).toEqual([
        'nakata01',
        'tanaka02',
      ]);
      // 健太郎 since takah001 was renamed above.
      expect(await loginIds(`q=${encodeURIComponent('郎')}&groupIds=${sales},${hr}&status=enabled`)).toEqual([
        'nakata01',
        'takah001',
        'tanaka01',
      ]);
      expect(
        await loginIds(`q=${encodeURIComponent('郎')}&groupIds=${salesTokyo},${hr}&status=disabled`),
      ).toEqual([]);
      expect(await loginIds(`q=${encodeURIComponent('ナカ')}&groupIds=${sales},${hr}`)).toEqual([
        'nakata01',
        'tanaka01',
      ]);
      expect(
        await loginIds(
          `q=${encodeURIComponent('なか')}&groupIds=${salesTokyo},${hr},${sales}&status=enabled`,
        ),
      ).toEqual(['nakata01', 'tanaka01', 'tanaka02']);
      expect(
        await loginIds(`q=${encodeURIComponent('ナカ')}&groupIds=${salesTokyo},${hr}&status=disabled`),
      ).toEqual([]);
      expect(await loginIds(`q=${encodeURIComponent('無効')}&status=disabled`)).toEqual(['off00001']);
      expect(await loginIds(`q=${encodeURIComponent('無効')}&status=enabled`)).toEqual([]);
      expect(await loginIds('q=off0&status=disabled,provisional')).toEqual(['off00001']);
    });
  });

  describe('sorting (every listed column, ascending and descending)', () => {
    const subset = `q=${encodeURIComponent('中')}&perPage=100`;
    it('login ID', async () => {
      expect(await loginIds(`${subset}&sort=loginId&order=desc`)).toEqual([
        'tanaka02',
        'tanaka01',
        'nakata01',
      ]);
    });

    it('姓 and 名, ties broken by login ID', async () => {
      expect(await loginIds(`${subset}&sort=familyName`)).toEqual(['nakata01', 'tanaka01', 'tanaka02']);
      expect(await loginIds(`${subset}&sort=familyName&order=desc`)).toEqual([
        'tanaka02',
        'tanaka01',
        'nakata01',
      ]);
      // 太郎 < 次郎 < 花子 in code point order.
      const given = (await list(`${subset}&sort=givenName`)).items.map((i) => i.givenName);
      expect(given).toEqual([...given].sort());
    });

    it('権限', async () => {
      const roles = (await list('perPage=100&sort=role')).items.map((i) => i.role);
      expect(roles[0]).toBe('一般ユーザー');
      expect(roles.slice(-2)).toEqual(['管理者権限', '管理者権限（管理責任者）']);
      const desc = (await list('perPage=100&sort=role&order=desc')).items.map((i) => i.role);
      expect(desc[0]).toBe('管理者権限（管理責任者）');
    });

    it('グループ (by name; no group first)', async () => {
      const groups = (await list(`groupIds=${sales},${salesTokyo},${hr}&sort=group`)).items.map(
        (i) => i.group?.code,
      );
      expect(groups).toEqual(['HR', 'HR', 'SALES', 'SALES-TKY']);
      const desc = (await list(`groupIds=${sales},${salesTokyo},${hr}&sort=group&order=desc`)).items.map(
        (i) => i.group?.code,
      );
      expect(desc).toEqual(['SALES-TKY', 'SALES', 'HR', 'HR']);
    });

    it('属性', async () => {
      const rows = (await list(`attributes=${encodeURIComponent('東京,大阪')}&sort=attribute`)).items;
      const keys = rows.map((i) => i.attributes.join(','));
      expect(keys).toEqual([...keys].sort());
    });

    it('最終ログイン日時 (never signed in first when ascending, last when descending)', async () => {
      const desc = await loginIds(`${subset}&sort=lastLoginAt&order=desc`);
      expect(desc).toEqual(['nakata01', 'tanaka01', 'tanaka02']);
      const asc = await loginIds(`${subset}&sort=lastLoginAt`);
      expect(asc).toEqual(['tanaka02', 'tanaka01', 'nakata01']);
    });

    it('refuses an unknown sort', async () => {
      expect(
        (await t.api('get', `/organizations/${org.orgId}/users?sort=email`, org.manager.token)).status,
      ).toBe(400);
    });
  });

  describe('subtree scope (所属配下ユーザーのみ管理する)', () => {
    it('lists only the users of the administrator’s group and the groups below it', async () => {
      const scoped = await createOrgUser(t, org, {
        loginId: 'scope001',
        groupId: sales,
        permissions: [{ permission: Permission.UsersManage, scope: 'subtree' }],
      });
      const token = await signInWithConfirmation(t, scoped);
      const seen = await list('perPage=100', token);
      expect(seen.items.map((i) => i.loginId)).toEqual(['scope001', 'tanaka01', 'tanaka02']);
      expect(seen.total).toBe(3);
      expect((await list(`groupIds=${hr}`, token)).total).toBe(0);
      // A keyword inside groups in and out of reach (one lookup per group): 中田 of HR stays out of sight.
      const searched = await list(
        `q=${encodeURIComponent('中')}&groupIds=${sales},${hr},${salesTokyo}`,
        token,
      );
      expect(searched.items.map((i) => i.loginId)).toEqual(['tanaka01', 'tanaka02']);
      expect(searched.total).toBe(2);
    });

    it('an administrator without a group under subtree scope sees nobody', async () => {
      const scoped = await createOrgUser(t, org, {
        loginId: 'scope002',
        groupId: sales,
        permissions: [{ permission: Permission.UsersManage, scope: 'subtree' }],
      });
      const token = await signInWithConfirmation(t, scoped);
      await t.dataSource.query('UPDATE users SET group_id = NULL WHERE id = ?', [scoped.id]);
      expect(await list('', token)).toMatchObject({ items: [], total: 0 });
    });
  });
});
