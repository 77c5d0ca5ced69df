import { DEFAULT_CONFIRMATION, DEFAULT_PASSWORD } from './support/factories';
import { addMember, createOrg, type CreatedOrg, type OrgMember } from './support/org-factories';
import { SCIM_ERROR, SCIM_USER, issueScimToken, patchOp, scim } from './support/scim-helpers';
import { createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(120_000);

const scimUser = (userName: string) => ({
  schemas: [SCIM_USER],
  userName,
  name: { familyName: '鈴木', givenName: '花子' },
  emails: [{ type: 'work', value: `${userName}@example.jp`, primary: true }],
  active: true,
});

/**
 * The §2/§4 rules under SCIM (SPEC §17): the plan user limit under 50 parallel creates (meant for MariaDB, where
 * the requests really overlap; the database is checked in SQL), the last manager, deprovisioning (account disabled,
 * sessions ended), usage stop dates, and the token's life (shown once, hashed, revoked → 401).
 */
describe('SCIM 2.0: Kanri rules hold', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const count = async (orgId: string) =>
    Number(
      (await t.dataSource.query('SELECT COUNT(*) AS n FROM users WHERE organization_id = ?', [orgId]))[0].n,
    );

  it('50 parallel creates against 10 free seats: exactly 10 users; the rest 409 tooMany', async () => {
    const org = await createOrg(t);
    const { token } = await issueScimToken(t, org);
    await t.dataSource.query('UPDATE organizations SET plan_user_limit = ? WHERE id = ?', [11, org.orgId]);
    expect(await count(org.orgId)).toBe(1);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        scim(t, 'post', '/Users', token).send(scimUser(`race${String(i).padStart(2, '0')}x`)),
      ),
    );
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(40);
    for (const refused of answers.filter((r) => r.status === 409)) {
      expect(refused.body).toMatchObject({
        schemas: [SCIM_ERROR],
        status: '409',
        scimType: 'tooMany',
        detail: expect.stringMatching(/^USER_LIMIT_REACHED/),
      });
    }
    expect(await count(org.orgId)).toBe(11);
    const created = answers.filter((r) => r.status === 201).map((r) => r.body.userName as string);
    const rows: { login_id: string }[] = await t.dataSource.query(
      'SELECT login_id FROM users WHERE organization_id = ? AND id <> ? ORDER BY login_id',
      [org.orgId, org.manager.id],
    );
    expect(rows.map((r) => r.login_id)).toEqual([...created].sort());
  });

  describe('in an organization of a manager and members', () => {
    let org: CreatedOrg;
    let token: string;
    let tokenId: string;
    let member: OrgMember;
    beforeAll(async () => {
      org = await createOrg(t);
      member = await addMember(t, org.orgId);
      await addMember(t, org.orgId);
      ({ token, id: tokenId } = await issueScimToken(t, org, 'HENNGE One'));
    });

    it('the last manager cannot be deprovisioned: 400 mutability (MANAGER_REQUIRED), nothing changes', async () => {
      const disable = await scim(t, 'patch', `/Users/${org.manager.id}`, token).send(
        patchOp({ op: 'Replace', path: 'active', value: 'False' }),
      );
      expect(disable.status).toBe(400);
      expect(disable.body).toMatchObject({
        schemas: [SCIM_ERROR],
        status: '400',
        scimType: 'mutability',
        detail: expect.stringMatching(/^MANAGER_REQUIRED/),
      });
      const put = await scim(t, 'put', `/Users/${org.manager.id}`, token).send({
        ...scimUser(org.manager.loginId),
        active: false,
      });
      expect(put.body).toMatchObject({ status: '400', scimType: 'mutability' });
      const remove = await scim(t, 'delete', `/Users/${org.manager.id}`, token);
      expect(remove.body).toMatchObject({ status: '400', scimType: 'mutability' });
      const [row] = await t.dataSource.query('SELECT is_disabled, organization_id FROM users WHERE id = ?', [
        org.manager.id,
      ]);
      expect(Boolean(Number(row.is_disabled))).toBe(false);
      expect(row.organization_id).toBe(org.orgId);
      expect((await t.api('get', '/auth/me', org.manager.token)).status).toBe(200);
    });

    it('active=false deprovisions: the account is disabled, its session ends, it cannot sign in', async () => {
      expect((await t.api('get', '/auth/me', member.token)).status).toBe(200);
      const res = await scim(t, 'patch', `/Users/${member.id}`, token).send(
        patchOp({ op: 'replace', value: { active: false } }),
      );
      expect(res.status).toBe(200);
      expect(res.body.active).toBe(false);
      expect((await t.api('get', '/auth/me', member.token)).status).toBe(401);
      const open = await t.dataSource.query(
        'SELECT id FROM sessions WHERE user_id = ? AND ended_at IS NULL',
        [member.id],
      );
      expect(open).toEqual([]);
      const login = await t
        .api('post', '/auth/login')
        .send({ loginId: member.loginId, password: DEFAULT_PASSWORD });
      expect(login.status).toBe(403);
      expect(login.body.code).toBe('ACCOUNT_DISABLED');
    });

    it('a member past their usage stop date stays inactive: active=true is refused (ACCOUNT_STOPPED)', async () => {
      await t.dataSource.query('UPDATE users SET usage_stop_date = ? WHERE id = ?', [
        '2000-01-01',
        member.id,
      ]);
      const read = await scim(t, 'get', `/Users/${member.id}`, token);
      expect(read.body.active).toBe(false);
      const res = await scim(t, 'patch', `/Users/${member.id}`, token).send(
        patchOp({ op: 'Replace', path: 'active', value: 'True' }),
      );
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        scimType: 'mutability',
        detail: expect.stringMatching(/^ACCOUNT_STOPPED/),
      });
      const [row] = await t.dataSource.query('SELECT is_disabled FROM users WHERE id = ?', [member.id]);
      expect(Boolean(Number(row.is_disabled))).toBe(true);
      // Other attributes still change.
      const rename = await scim(t, 'patch', `/Users/${member.id}`, token).send(
        patchOp({ op: 'Replace', path: 'name.familyName', value: '高橋' }),
      );
      expect(rename.status).toBe(200);
      expect(rename.body).toMatchObject({ name: { familyName: '高橋' }, active: false });
    });

    it('the token: shown once, stored hashed, listed by name; only managers issue; revoked → 401', async () => {
      const list = await t.api('get', `/organizations/${org.orgId}/scim-tokens`, org.manager.token);
      expect(list.status).toBe(200);
      expect(list.body.items).toEqual([
        {
          id: tokenId,
          clientName: 'HENNGE One',
          createdAt: expect.any(String),
          lastUsedAt: expect.any(String),
        },
      ]);
      const [row] = await t.dataSource.query('SELECT token_hash FROM scim_tokens WHERE id = ?', [tokenId]);
      expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.token_hash).not.toContain(token);
      expect(JSON.stringify(await t.dataSource.query('SELECT details FROM operation_history'))).not.toContain(
        token,
      );

      const byMember = await t
        .api('post', `/organizations/${org.orgId}/scim-tokens`, member.token)
        .send({ clientName: 'x', confirmationPassword: DEFAULT_CONFIRMATION });
      expect([401, 403]).toContain(byMember.status);

      const revoke = await t
        .api('delete', `/organizations/${org.orgId}/scim-tokens/${tokenId}`, org.manager.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION });
      expect(revoke.status).toBe(204);
      const after = await scim(t, 'get', '/Users', token);
      expect(after.status).toBe(401);
      expect(after.body).toMatchObject({ schemas: [SCIM_ERROR], status: '401' });
      expect(
        (await t.api('get', `/organizations/${org.orgId}/scim-tokens`, org.manager.token)).body.items,
      ).toEqual([]);
      const audit: { operator_login_id: string }[] = await t.dataSource.query(
        "SELECT operator_login_id FROM operation_history WHERE organization_id = ? AND route LIKE '/scim/v2/%'",
        [org.orgId],
      );
      expect(audit.length).toBeGreaterThan(0);
      expect(new Set(audit.map((a) => a.operator_login_id))).toEqual(new Set(['scim:HENNGE One']));
    });
  });
});
