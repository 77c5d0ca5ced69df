import { businessDate } from '@kanri/common/clock/business-date';
import { DEFAULT_CONFIRMATION, DEFAULT_PASSWORD, loginAs, uniqueLoginId } from './support/factories';
import { latestMailedToken } from './support/auth-helpers';
import {
  addMember,
  addMembers,
  createOrg,
  createSignedInAccount,
  operatorToken,
  type CreatedOrg,
} from './support/org-factories';
import { issueScimToken, scim, SCIM_USER } from './support/scim-helpers';
import { createTestApp, type TestApp } from './support/test-app';
import { createOrgUser, importCsv } from './support/user-admin';
import { UsageStopService } from '../src/members/usage-stop.service';
import { attributeRowsInStep } from './proof/support/invariants';

// Jest 29 ignores the e2e project's `testTimeout`; these files boot the app and create many accounts.
jest.setTimeout(180_000);

const HEADER =
  'ログインID,姓,名,姓(カナ),名(カナ),メールアドレス,メールアドレス(サブ),パスワード,権限,グループコード,グループ,属性,' +
  '有効開始日,有効終了日,無効,仮登録,使用言語,備考,アカウントロック日時,登録日時,更新日時,最終ログイン日時';
const csvLine = (loginId: string, attributes = '') =>
  [loginId, '取込', '太郎', '', '', '', '', DEFAULT_PASSWORD, '', '', '', attributes, '', '', '0']
    .concat(Array(7).fill(''))
    .join(',');

/**
 * The per-organization member counter (organization_member_counts) that the user list's unfiltered total reads:
 * every write that adds or removes a member keeps it in the same transaction — one by one for each path, then
 * under concurrent creates, deletes, joins, moves, removals and bulk deletes (meant for MariaDB,
 * `KANRI_TEST_DB=mysql`, where the requests really overlap). The database is the judge: counter = COUNT(*).
 */
describe('member counter of an organization', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const counted = async (orgId: string) =>
    Number(
      (
        (await t.dataSource.query('SELECT COUNT(*) AS n FROM users WHERE organization_id = ?', [orgId])) as {
          n: string;
        }[]
      )[0].n,
    );
  const counter = async (orgId: string) => {
    const rows: { members: number | string }[] = await t.dataSource.query(
      'SELECT members FROM organization_member_counts WHERE organization_id = ?',
      [orgId],
    );
    return rows.length ? Number(rows[0].members) : null;
  };
  const listTotal = async (org: CreatedOrg, query = '') => {
    const res = await t.api('get', `/organizations/${org.orgId}/users${query}`, org.manager.token);
    expect(res.status).toBe(200);
    return res.body.total as number;
  };
  /** counter = COUNT(*) = `expected`, and the list's unfiltered total says so too. */
  const expectMembers = async (org: CreatedOrg, expected: number) => {
    expect({ counter: await counter(org.orgId), counted: await counted(org.orgId) }).toEqual({
      counter: expected,
      counted: expected,
    });
    expect(await listTotal(org)).toBe(expected);
  };
  const confirm = { confirmationPassword: DEFAULT_CONFIRMATION };

  it('follows every path that adds or removes a member, one by one', async () => {
    const org = await createOrg(t);
    const other = await createOrg(t);
    await expectMembers(org, 1);

    // ユーザー作成
    const created = await createOrgUser(t, org);
    await expectMembers(org, 2);
    // CSV import of new members (an existing member's row in the same file is an update, not counted)
    const job = await importCsv(
      t,
      org.orgId,
      org.manager.token,
      [HEADER, csvLine(uniqueLoginId('c')), csvLine(uniqueLoginId('c')), csvLine(created.loginId)].join(
        '\r\n',
      ) + '\r\n',
    );
    expect(job).toMatchObject({ state: 'succeeded', created: 2, updated: 1 });
    await expectMembers(org, 4);
    // join by code
    const joiner = await addMember(t, org.orgId);
    await expectMembers(org, 5);
    // move to another organization by its code
    const moved = await t.api('put', '/me/organization', joiner.token).send({ code: other.code });
    expect(moved.status).toBe(200);
    await expectMembers(org, 4);
    await expectMembers(other, 2);
    // removal from the organization (the account stays, without organization)
    const removed = await t
      .api('delete', `/organizations/${other.orgId}/members/${joiner.id}`, other.manager.token)
      .send(confirm);
    expect(removed.status).toBe(204);
    await expectMembers(other, 1);
    // deletion
    const deleted = await t
      .api('delete', `/organizations/${org.orgId}/users/${created.id}`, org.manager.token)
      .send(confirm);
    expect(deleted.status).toBe(204);
    await expectMembers(org, 3);
    // bulk deletion
    const [a, b] = [await createOrgUser(t, org), await createOrgUser(t, org)];
    await expectMembers(org, 5);
    const bulk = await t
      .api('post', `/organizations/${org.orgId}/users/bulk`, org.manager.token)
      .send({ ...confirm, action: 'delete', userIds: [a.id, b.id] });
    expect(bulk.status).toBe(200);
    await expectMembers(org, 3);
    // a refused bulk deletion (the caller among the ids) changes nothing, the counter included
    const refused = await t
      .api('post', `/organizations/${org.orgId}/users/bulk`, org.manager.token)
      .send({ ...confirm, action: 'delete', userIds: [org.manager.id] });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    await expectMembers(org, 3);
    // SCIM create and delete
    const token = (await issueScimToken(t, org)).token;
    const provisioned = await scim(t, 'post', '/Users', token).send({
      schemas: [SCIM_USER],
      userName: uniqueLoginId('s'),
      active: true,
      name: { familyName: 'Scim', givenName: 'User' },
      emails: [{ primary: true, value: 'scim@example.jp' }],
    });
    expect(provisioned.status).toBe(201);
    await expectMembers(org, 4);
    expect((await scim(t, 'delete', `/Users/${provisioned.body.id}`, token)).status).toBe(204);
    await expectMembers(org, 3);
    // usage stop: the daily job deletes a member whose stop date has passed
    const stopped = await createOrgUser(t, org);
    const date = businessDate(t.clock.now(), t.config.timeZone);
    const set = await t
      .api('put', `/organizations/${org.orgId}/users/${stopped.id}/usage-stop-date`, org.manager.token)
      .send({ date });
    expect(set.status).toBe(200);
    await expectMembers(org, 4);
    t.clock.advanceDays(2);
    expect((await t.app.get(UsageStopService).deleteStoppedAccounts()).deleted).toBe(1);
    org.manager.token = await loginAs(t, org.manager.loginId, org.manager.password); // the old session expired
    await expectMembers(org, 3);
    // self registration by organization code
    await t
      .api('patch', `/organizations/${org.orgId}/security-settings`, org.manager.token)
      .send({ ...confirm, selfRegistration: true })
      .expect(200);
    const loginId = uniqueLoginId('r');
    const email = `${loginId.toLowerCase()}@example.jp`;
    await t
      .api('post', '/auth/register')
      .send({
        organizationCode: org.code,
        loginId,
        familyName: '後任',
        givenName: '花子',
        email,
        password: DEFAULT_PASSWORD,
        confirmationPassword: DEFAULT_CONFIRMATION,
      })
      .expect(202);
    await t
      .api('post', '/auth/register/verify')
      .send({ token: await latestMailedToken(t, email, '登録確認用トークン') })
      .expect(201);
    await expectMembers(org, 4);
    // an organization opened by the operator starts with its manager counted
    const opened = await t
      .api('post', '/system/organizations', await operatorToken(t, true))
      .send({
        name: '株式会社ひらく',
        nameKana: 'カブシキガイシャヒラク',
        manager: {
          loginId: uniqueLoginId('o'),
          familyName: '管理',
          givenName: '一郎',
          email: 'open@example.jp',
          password: 'Shoki-pass-1',
        },
      })
      .expect(201);
    const openedId = opened.body.organization.id as string;
    expect({ counter: await counter(openedId), counted: await counted(openedId) }).toEqual({
      counter: 1,
      counted: 1,
    });
  });

  it('is what the unfiltered and the 有効 totals show; another filtered total is counted (attributes on their index)', async () => {
    const org = await createOrg(t);
    await createOrgUser(t, org, { attributes: ['在宅'] });
    await createOrgUser(t, org, { attributes: ['在宅', '営業'] });
    const disabled = await createOrgUser(t, org);
    // Disabled, still a member: the counter keeps it.
    await t.dataSource.query('UPDATE users SET is_disabled = 1 WHERE id = ?', [disabled.id]);
    await expectMembers(org, 4);
    expect(await listTotal(org, '?attributes=在宅')).toBe(2);
    expect(await listTotal(org, `?attributes=${encodeURIComponent('在宅,営業')}`)).toBe(2);
    expect(await listTotal(org, '?attributes=営業&sort=attribute')).toBe(1);
    expect(await listTotal(org, '?status=enabled')).toBe(3);
    expect(await listTotal(org, '?status=disabled')).toBe(1);
    // The unfiltered total is read from the counter, not counted: a counter set aside shows through, and through 状態
    // 有効 alone (the counter less the disabled members); any other filter is counted.
    await t.dataSource.query('UPDATE organization_member_counts SET members = 99 WHERE organization_id = ?', [
      org.orgId,
    ]);
    expect(await listTotal(org)).toBe(99);
    expect(await listTotal(org, '?status=enabled')).toBe(98);
    expect(await listTotal(org, '?status=disabled')).toBe(1);
    expect(await listTotal(org, `?status=enabled&attributes=${encodeURIComponent('在宅')}`)).toBe(2);
    await t.dataSource.query('UPDATE organization_member_counts SET members = 4 WHERE organization_id = ?', [
      org.orgId,
    ]);
  });

  it('pages an attribute filter sorted by 属性 alike whether it walks the index or sorts the matches', async () => {
    const org = await createOrg(t);
    const tags = ['在宅', '在宅,営業', '在宅,開発', '経理,在宅'];
    const lines = Array.from({ length: 30 }, (_, i) => csvLine(uniqueLoginId('w'), `"${tags[i % 4]}"`));
    lines.push(csvLine(uniqueLoginId('w'), '営業'), csvLine(uniqueLoginId('w')));
    const job = await importCsv(t, org.orgId, org.manager.token, [HEADER, ...lines].join('\r\n') + '\r\n');
    expect(job).toMatchObject({ state: 'succeeded', created: 32 });
    await expectMembers(org, 33);
    const expected = (
      (await t.dataSource.query(
        `SELECT login_id FROM users u WHERE u.organization_id = ? AND u.id IN
           (SELECT user_id FROM user_attributes WHERE organization_id = ? AND attribute = ?)
         ORDER BY u.attributes_sort_key DESC, u.login_id DESC`,
        [org.orgId, org.orgId, '在宅'],
      )) as { login_id: string }[]
    ).map((r) => r.login_id);
    expect(expected).toHaveLength(30);
    // Sorted by 属性, both pages come from the attribute rows' sorted index (attributeSortedPage).
    const page = async (n: number) => {
      const res = await t.api(
        'get',
        `/organizations/${org.orgId}/users?attributes=${encodeURIComponent('在宅')}&sort=attribute&order=desc&perPage=25&page=${n}`,
        org.manager.token,
      );
      expect(res.status).toBe(200);
      expect(res.body.total).toBe(30);
      return (res.body.items as { loginId: string }[]).map((i) => i.loginId);
    };
    expect([...(await page(1)), ...(await page(2))]).toEqual(expected);
  });

  it('orders an attribute filter by 属性 then login ID after members are created, imported, renamed and retagged', async () => {
    const org = await createOrg(t);
    const tags = ['在宅', '営業', '在宅,営業', '開発,在宅', '営業,経理', ''];
    const lines = Array.from({ length: 60 }, (_, i) => csvLine(uniqueLoginId('v'), `"${tags[i % 6]}"`));
    const job = await importCsv(t, org.orgId, org.manager.token, [HEADER, ...lines].join('\r\n') + '\r\n');
    expect(job).toMatchObject({ state: 'succeeded', created: 60 });
    const single = await createOrgUser(t, org, { loginId: uniqueLoginId('v'), attributes: ['営業', '在宅'] });
    const members: { id: string; loginId: string }[] = await t.dataSource.query(
      'SELECT id, login_id AS loginId FROM users WHERE organization_id = ? AND login_id LIKE ? ORDER BY login_id',
      [org.orgId, 'v%'],
    );
    const patch = (userId: string, body: object) =>
      t
        .api('patch', `/organizations/${org.orgId}/users/${userId}`, org.manager.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION, ...body });
    // A login ID change alone, one with new tags, and new tags alone: each moves the member in the 属性 order.
    expect((await patch(members[0].id, { loginId: 'zz' + members[0].loginId.slice(2) })).status).toBe(200);
    expect(
      (await patch(members[2].id, { loginId: 'aa' + members[2].loginId.slice(2), attributes: ['営業'] }))
        .status,
    ).toBe(200);
    expect((await patch(single.id, { attributes: ['在宅'] })).status).toBe(200);
    expect((await patch(members[5].id, { attributes: ['経理', '在宅'] })).status).toBe(200);
    expect((await patch(members[6].id, { attributes: [] })).status).toBe(200);
    const removed = await t
      .api('delete', `/organizations/${org.orgId}/users/${members[7].id}`, org.manager.token)
      .send({ confirmationPassword: DEFAULT_CONFIRMATION });
    expect(removed.status).toBeLessThan(300);

    for (const order of ['asc', 'desc'] as const) {
      const dir = order.toUpperCase();
      const expected = (
        (await t.dataSource.query(
          `SELECT login_id FROM users u WHERE u.organization_id = ? AND u.id IN
             (SELECT user_id FROM user_attributes WHERE organization_id = ? AND attribute IN (?, ?))
           ORDER BY u.attributes_sort_key ${dir}, u.login_id ${dir}`,
          [org.orgId, org.orgId, '在宅', '営業'],
        )) as { login_id: string }[]
      ).map((r) => r.login_id);
      expect(expected.length).toBeGreaterThan(26);
      const seen: string[] = [];
      for (let n = 1; n <= 3; n++) {
        const res = await t.api(
          'get',
          `/organizations/${org.orgId}/users?attributes=${encodeURIComponent('在宅,営業')}&sort=attribute&order=${order}&perPage=25&page=${n}`,
          org.manager.token,
        );
        expect(res.status).toBe(200);
        expect(res.body.total).toBe(expected.length);
        seen.push(...(res.body.items as { loginId: string }[]).map((i) => i.loginId));
      }
      expect(seen).toEqual(expected);
    }
    expect((await attributeRowsInStep(t.dataSource)).violations).toEqual([]);

    // Retags racing on shared tag lists (and a deletion among them): every counter still counts its rows. Four at
    // once, as in the next test: more parallel confirmations by one manager are held back by the sign-in controls.
    const racing = await Promise.all([
      patch(members[10].id, { attributes: ['在宅', '営業'] }),
      patch(members[11].id, { attributes: ['在宅', '営業'] }),
      patch(members[12].id, { loginId: 'rr' + members[12].loginId.slice(2), attributes: ['在宅'] }),
      t
        .api('delete', `/organizations/${org.orgId}/users/${members[13].id}`, org.manager.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION }),
    ]);
    expect(racing.map((r) => r.status < 300)).toEqual(racing.map(() => true));
    expect((await attributeRowsInStep(t.dataSource)).violations).toEqual([]);
  });

  it('equals COUNT(*) after concurrent creates, deletes, joins, moves, removals and bulk deletes', async () => {
    const org = await createOrg(t);
    const other = await createOrg(t);
    const scimToken = (await issueScimToken(t, org)).token;
    const members = await addMembers(t, org.orgId, 8);
    const outsiders = await Promise.all(Array.from({ length: 6 }, () => createSignedInAccount(t)));
    const [a, b, c, d, e, f, g, h] = members;
    // The manager confirms at most four operations at once: parallel confirmations of one user beyond the lockout
    // threshold are held back by the sign-in controls, not what this test is about. SCIM needs no confirmation.
    const answers = await Promise.all([
      ...Array.from({ length: 5 }, () =>
        scim(t, 'post', '/Users', scimToken).send({
          schemas: [SCIM_USER],
          userName: uniqueLoginId('p'),
          active: true,
          name: { familyName: 'Heikou', givenName: 'Sakusei' },
          emails: [{ primary: true, value: 'heikou@example.jp' }],
        }),
      ),
      ...outsiders.slice(0, 4).map((o) => t.api('put', '/me/organization', o.token).send({ code: org.code })),
      ...outsiders.slice(4).map((o) => t.api('put', '/me/organization', o.token).send({ code: other.code })),
      ...[a, b].map((m) => t.api('put', '/me/organization', m.token).send({ code: other.code })),
      t.api('delete', `/organizations/${org.orgId}/users/${c.id}`, org.manager.token).send(confirm),
      scim(t, 'delete', `/Users/${d.id}`, scimToken),
      t.api('delete', `/organizations/${org.orgId}/members/${e.id}`, org.manager.token).send(confirm),
      t
        .api('post', `/organizations/${org.orgId}/users/bulk`, org.manager.token)
        .send({ ...confirm, action: 'delete', userIds: [f.id, g.id] }),
      // the same member deleted twice at once: one deletion, one 404, counted once
      t.api('delete', `/organizations/${org.orgId}/users/${h.id}`, org.manager.token).send(confirm),
      scim(t, 'delete', `/Users/${h.id}`, scimToken),
    ]);
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(
      answers
        .slice(0, 17)
        .map((r, i) => ({ i, status: r.status, body: r.body as unknown }))
        .filter((r) => r.status >= 300),
    ).toEqual([]);
    expect(statuses.slice(17).sort()).toEqual([204, 404]);
    // 1 + 8 members, +5 created, +4 joined, −2 moved away, −2 deleted, −1 removed, −2 bulk, −1 deleted once
    await expectMembers(org, 1 + 8 + 5 + 4 - 2 - 2 - 1 - 2 - 1);
    await expectMembers(other, 1 + 2 + 2);
  });
});
