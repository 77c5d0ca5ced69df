import { createSignedInAccount, operatorToken } from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(60_000);

/**
 * 組織登録 (`POST /system/organizations`): the system operator starts an organization together with its first
 * manager, who must change the initial password at first sign-in and then hands out the organization code.
 */
describe('organizations: opened by the system operator with their first manager', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ contract: true });
  });
  afterAll(() => t.close());

  const count = async (sql: string, params: unknown[] = []) =>
    Number(((await t.dataSource.query(sql, params)) as { n: number | string }[])[0].n);
  const totals = async () => ({
    organizations: await count('SELECT COUNT(*) AS n FROM organizations'),
    users: await count('SELECT COUNT(*) AS n FROM users'),
    grants: await count('SELECT COUNT(*) AS n FROM user_permissions'),
  });
  let seq = 0;
  const body = (over: Record<string, unknown> = {}, manager: Record<string, unknown> = {}) => {
    seq += 1;
    return {
      name: '株式会社ひらく',
      nameKana: 'カブシキガイシャヒラク',
      ...over,
      manager: {
        loginId: `first${seq}mgr`,
        familyName: '管理',
        givenName: '一郎',
        email: `first${seq}@example.jp`,
        password: 'Shoki-pass-1',
        ...manager,
      },
    };
  };
  const login = (loginId: string, password: string) =>
    t.api('post', '/auth/login').send({ loginId, password }).expect(200);

  it('creates the organization and its manager, who changes the password and then sees the code', async () => {
    const op = await operatorToken(t);
    const input = body({ planUserLimit: 5 });
    const res = await t.api('post', '/system/organizations', op).send(input).expect(201);
    expect(res.body.organization).toMatchObject({
      name: '株式会社ひらく',
      nameKana: 'カブシキガイシャヒラク',
      planUserLimit: 5,
      code: expect.stringMatching(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{12}$/),
    });
    expect(res.body.manager).toMatchObject({
      loginId: input.manager.loginId,
      organizationId: res.body.organization.id,
      isManager: true,
      mustChangePassword: true,
    });
    expect(res.body).not.toHaveProperty('initialPassword');
    expect(JSON.stringify(res.body)).not.toContain('Shoki-pass-1');

    // The operator did not join it.
    const [operatorRow] = await t.dataSource.query(
      'SELECT organization_id FROM users WHERE is_system_operator = ?',
      [true],
    );
    expect(operatorRow.organization_id).toBeNull();

    // The manager must change the password first, then administers the organization.
    const first = await login(input.manager.loginId, 'Shoki-pass-1');
    expect(first.body.passwordChangeRequired).toBe(true);
    const orgId = res.body.organization.id as string;
    await t.api('get', `/organizations/${orgId}/managers`, first.body.accessToken).expect(403);
    await t
      .api('post', '/auth/password', first.body.accessToken)
      .send({ currentPassword: 'Shoki-pass-1', newPassword: 'Atarashii-pass-2' })
      .expect(204);
    const token = (await login(input.manager.loginId, 'Atarashii-pass-2')).body.accessToken as string;
    const mine = await t.api('get', '/me/organization', token).expect(200);
    expect(mine.body).toEqual({
      organization: { id: orgId, code: res.body.organization.code, name: '株式会社ひらく' },
      isManager: true,
    });
    const managers = await t.api('get', `/organizations/${orgId}/managers`, token).expect(200);
    expect(managers.body).toMatchObject({ memberCount: 1, maxManagers: 1 });
    // Every organization permission, as the founder of an organization issued with 組織コード発行 holds.
    const grants = await t
      .api('get', `/organizations/${orgId}/users/${res.body.manager.id}/permissions`, token)
      .expect(200);
    const held = (grants.body.permissions as { permission: string }[]).map((g) => g.permission);
    expect(held).toEqual(expect.arrayContaining(['users.manage', 'company.manage', 'audit.read']));

    // A new account joins with the code; the plan limit counts the manager.
    const joiner = await createSignedInAccount(t);
    await t
      .api('put', '/me/organization', joiner.token)
      .send({ code: res.body.organization.code })
      .expect(200);
    expect(await count('SELECT COUNT(*) AS n FROM users WHERE organization_id = ?', [orgId])).toBe(2);

    // Written to the operator's operation history under its screen name, the password masked.
    const rows: { screen: string; outcome: string; details: string | null }[] = await t.dataSource.query(
      "SELECT screen, outcome, details FROM operation_history WHERE route = '/api/v1/system/organizations'",
    );
    expect(rows.map((r) => [r.screen, r.outcome])).toContainEqual(['組織登録', 'success']);
    expect(JSON.stringify(rows)).not.toContain('Shoki-pass-1');
  });

  it('draws the initial password when none is given and answers it once', async () => {
    const op = await operatorToken(t);
    const input = body({}, { password: undefined });
    const res = await t.api('post', '/system/organizations', op).send(input).expect(201);
    const initial = res.body.initialPassword as string;
    expect(initial).toMatch(/^(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9]{16}$/);
    expect(res.body.organization.planUserLimit).toBeNull();
    const first = await login(input.manager.loginId, initial);
    expect(first.body.passwordChangeRequired).toBe(true);
    const everything = JSON.stringify(await t.dataSource.query('SELECT * FROM operation_history'));
    expect(everything).not.toContain(initial);
  });

  it('refuses bad input in the error shape and writes nothing', async () => {
    const op = await operatorToken(t);
    const taken = body();
    await t.api('post', '/system/organizations', op).send(taken).expect(201);
    const before = await totals();
    const cases: [Record<string, unknown>, number, string, string | undefined][] = [
      [body({ name: '' }), 400, 'VALIDATION_FAILED', 'name'],
      [body({ nameKana: 'ひらがな' }), 400, 'VALIDATION_FAILED', 'nameKana'],
      [body({ planUserLimit: 0 }), 400, 'VALIDATION_FAILED', 'planUserLimit'],
      [body({}, { loginId: 'ab' }), 400, 'VALIDATION_FAILED', 'manager.loginId'],
      [body({}, { familyName: '' }), 400, 'VALIDATION_FAILED', 'manager.familyName'],
      [body({}, { email: 'not-an-address' }), 400, 'VALIDATION_FAILED', 'manager.email'],
      [{ name: '株式会社ひらく' }, 400, 'VALIDATION_FAILED', 'manager'],
      [body({}, { password: 'short' }), 400, 'PASSWORD_POLICY_VIOLATED', undefined],
      [body({}, { loginId: taken.manager.loginId }), 409, 'CONFLICT', undefined],
    ];
    for (const [input, status, code, field] of cases) {
      const res = await t.api('post', '/system/organizations', op).send(input);
      expect({ status: res.status, code: res.body.code }).toEqual({ status, code });
      expect(res.body).toMatchObject({ statusCode: status, message: expect.any(String) });
      if (field) expect(Object.keys(res.body.details.fields)).toContain(field);
      expect(JSON.stringify(res.body)).not.toContain('Shoki-pass-1');
    }
    expect(await totals()).toEqual(before);
  });

  it('is for system operators only', async () => {
    const someone = await createSignedInAccount(t);
    const before = await totals();
    const res = await t.api('post', '/system/organizations', someone.token).send(body()).expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
    await t.api('post', '/system/organizations').send(body()).expect(401);
    expect(await totals()).toEqual(before);
  });

  it('rolls back the organization when the manager cannot be stored (login ID taken meanwhile)', async () => {
    const op = await operatorToken(t);
    const same = body();
    const before = await totals();
    // Two openings with the same manager login ID at the same moment: exactly one organization comes to be.
    const results = await Promise.all([
      t.api('post', '/system/organizations', op).send(same),
      t.api('post', '/system/organizations', op).send({ ...same, name: '株式会社ふたつめ' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const after = await totals();
    expect(after.organizations).toBe(before.organizations + 1);
    expect(after.users).toBe(before.users + 1);
  });
});
