import { DEFAULT_CONFIRMATION } from './support/factories';
import {
  addMember,
  addMembers,
  createOrg,
  createSignedInAccount,
  operatorToken,
  type CreatedOrg,
} from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';

// Jest 29 ignores the e2e project's `testTimeout`; these files boot the app and create many accounts.
jest.setTimeout(60_000);

/** 組織コード発行 and 一般ユーザーと組織コードの紐づけ (SPEC §2; manual 000 "一般ユーザーと組織コードの紐づけ"). */
describe('organization codes: issuing, joining, moving', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const membersOf = async (orgId: string) =>
    (await t.dataSource.query('SELECT id, is_manager FROM users WHERE organization_id = ?', [orgId])) as {
      id: string;
      is_manager: number | boolean;
    }[];

  describe('issuing a code (組織コード発行)', () => {
    it('creates the organization and makes the caller its member and first manager with every permission', async () => {
      const founder = await createSignedInAccount(t);
      const res = await t
        .api('post', '/organizations', founder.token)
        .send({ name: '株式会社サンプル', nameKana: 'カブシキガイシャサンプル' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        code: expect.stringMatching(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{12}$/),
        name: '株式会社サンプル',
        nameKana: 'カブシキガイシャサンプル',
        planUserLimit: null,
        settings: expect.objectContaining({ lockoutThreshold: 3, otpRequirement: 'optional' }),
      });
      const members = await membersOf(res.body.id);
      expect(members).toEqual([{ id: founder.id, is_manager: expect.anything() }]);
      expect(Boolean(members[0].is_manager)).toBe(true);

      const me = await t.api('get', '/auth/me', founder.token);
      expect(me.body.organization).toEqual({
        id: res.body.id,
        code: res.body.code,
        name: '株式会社サンプル',
      });
      expect(me.body.isManager).toBe(true);
      const grants: { permission: string; scope: string | null }[] = await t.dataSource.query(
        'SELECT permission, scope FROM user_permissions WHERE user_id = ? AND organization_id = ?',
        [founder.id, res.body.id],
      );
      expect(grants.map((g) => g.permission).sort()).toEqual(
        expect.arrayContaining(['users.manage', 'company.manage', 'audit.read', 'personal_numbers.read']),
      );
      expect(grants.every((g) => g.scope === null)).toBe(true);
      expect(me.body.permissions).toEqual(expect.arrayContaining(grants.map((g) => g.permission)));
    });

    it('issues different codes every time', async () => {
      const codes = new Set<string>();
      for (let i = 0; i < 5; i++) codes.add((await createOrg(t)).code);
      expect(codes.size).toBe(5);
    });

    it('validates the body and creates nothing on bad input', async () => {
      const someone = await createSignedInAccount(t);
      const before = await t.dataSource.query('SELECT COUNT(*) AS n FROM organizations');
      const res = await t.api('post', '/organizations', someone.token).send({ name: '', nameKana: 'かな' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.body.details.fields).sort()).toEqual(['name', 'nameKana']);
      expect(await t.dataSource.query('SELECT COUNT(*) AS n FROM organizations')).toEqual(before);
    });

    it('keeps system operators outside organizations', async () => {
      const res = await t.api('post', '/organizations', await operatorToken(t)).send({ name: '運用' });
      expect(res.status).toBe(403);
    });
  });

  describe('joining by code (一般ユーザーと組織コードの紐づけ)', () => {
    let org: CreatedOrg;
    beforeAll(async () => {
      org = await createOrg(t, { name: '紐づけ商事' });
    });

    it('joins as a general member and shows the code on the account page', async () => {
      const user = await createSignedInAccount(t);
      const res = await t.api('put', '/me/organization', user.token).send({ code: org.code });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        organization: { id: org.orgId, code: org.code, name: '紐づけ商事' },
        isManager: false,
      });
      const mine = await t.api('get', '/me/organization', user.token);
      expect(mine.body).toEqual(res.body);
      expect((await membersOf(org.orgId)).map((m) => m.id)).toContain(user.id);
    });

    it('forgives lower case, spaces and hyphens in the typed code', async () => {
      const user = await createSignedInAccount(t);
      const typed = ` ${org.code.slice(0, 4).toLowerCase()}-${org.code.slice(4)} `;
      const res = await t.api('put', '/me/organization', user.token).send({ code: typed });
      expect(res.status).toBe(200);
      expect(res.body.organization.id).toBe(org.orgId);
    });

    it('answers an unknown code with 404 ORGANIZATION_CODE_NOT_FOUND and changes nothing', async () => {
      const user = await createSignedInAccount(t);
      const res = await t.api('put', '/me/organization', user.token).send({ code: 'ZZZZZZZZZZZZ' });
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('ORGANIZATION_CODE_NOT_FOUND');
      const [row] = await t.dataSource.query('SELECT organization_id FROM users WHERE id = ?', [user.id]);
      expect(row.organization_id).toBeNull();
    });

    it('entering the same code again changes nothing', async () => {
      const member = await addMember(t, org.orgId);
      const res = await t.api('put', '/me/organization', member.token).send({ code: org.code });
      expect(res.status).toBe(200);
      expect(res.body.organization.id).toBe(org.orgId);
    });

    it('moves a member who enters another code; a manager loses the flag and the old grants', async () => {
      const from = await createOrg(t, { name: '移動元' });
      // Six members allow two managers.
      const [deputy] = await addMembers(t, from.orgId, 5);
      await t
        .api('put', `/organizations/${from.orgId}/managers`, from.manager.token)
        .send({ managerUserIds: [from.manager.id, deputy.id] })
        .expect(200);
      const to = await createOrg(t, { name: '移動先' });

      const res = await t.api('put', '/me/organization', from.manager.token).send({ code: to.code });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        organization: { id: to.orgId, code: to.code, name: '移動先' },
        isManager: false,
      });
      const [row] = await t.dataSource.query(
        'SELECT organization_id, is_manager, group_id FROM users WHERE id = ?',
        [from.manager.id],
      );
      expect(row.organization_id).toBe(to.orgId);
      expect(Boolean(row.is_manager)).toBe(false);
      const oldGrants = await t.dataSource.query(
        'SELECT COUNT(*) AS n FROM user_permissions WHERE user_id = ? AND organization_id = ?',
        [from.manager.id, from.orgId],
      );
      expect(Number(oldGrants[0].n)).toBe(0);
      // The next request already acts in the new organization only.
      expect((await t.api('get', `/organizations/${from.orgId}`, from.manager.token)).status).toBe(404);
      expect((await t.api('get', `/organizations/${to.orgId}`, from.manager.token)).status).toBe(200);
    });

    it('refuses to move the last manager out while other members remain (422 MANAGER_REQUIRED)', async () => {
      const from = await createOrg(t);
      await addMember(t, from.orgId);
      const to = await createOrg(t);
      const res = await t.api('put', '/me/organization', from.manager.token).send({ code: to.code });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('MANAGER_REQUIRED');
      const [row] = await t.dataSource.query('SELECT organization_id, is_manager FROM users WHERE id = ?', [
        from.manager.id,
      ]);
      expect(row.organization_id).toBe(from.orgId);
      expect(Boolean(row.is_manager)).toBe(true);
    });

    it('lets the only member move out of an otherwise empty organization', async () => {
      const from = await createOrg(t);
      const to = await createOrg(t);
      const res = await t.api('put', '/me/organization', from.manager.token).send({ code: to.code });
      expect(res.status).toBe(200);
      expect(await membersOf(from.orgId)).toEqual([]);
    });

    it('issuing a new code moves the caller under the same rule', async () => {
      const from = await createOrg(t);
      await addMember(t, from.orgId);
      const res = await t.api('post', '/organizations', from.manager.token).send({ name: '新会社' });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('MANAGER_REQUIRED');
    });
  });

  describe('plan user limit (契約プランのユーザー登録上限)', () => {
    it('lets the operator set it, refuses joins beyond it with 422 USER_LIMIT_REACHED, and removes nobody', async () => {
      const org = await createOrg(t);
      await addMember(t, org.orgId);
      const op = await operatorToken(t);
      const set = await t.api('put', `/organizations/${org.orgId}/plan`, op).send({ planUserLimit: 3 });
      expect(set.status).toBe(200);
      expect(set.body.planUserLimit).toBe(3);
      await addMember(t, org.orgId);
      const late = await createSignedInAccount(t);
      const res = await t.api('put', '/me/organization', late.token).send({ code: org.code });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({
        code: 'USER_LIMIT_REACHED',
        details: { memberCount: 3, planUserLimit: 3 },
      });
      expect(await membersOf(org.orgId)).toHaveLength(3);

      // Lowered below the current count: nobody leaves, nobody more joins; unlimited again: joins resume.
      await t.api('put', `/organizations/${org.orgId}/plan`, op).send({ planUserLimit: 1 }).expect(200);
      expect(await membersOf(org.orgId)).toHaveLength(3);
      await t.api('put', `/organizations/${org.orgId}/plan`, op).send({ planUserLimit: null }).expect(200);
      expect((await t.api('put', '/me/organization', late.token).send({ code: org.code })).status).toBe(200);
    });

    it('is the operator’s alone and validated', async () => {
      const org = await createOrg(t);
      const mgr = await t
        .api('put', `/organizations/${org.orgId}/plan`, org.manager.token)
        .send({ planUserLimit: 99 });
      expect(mgr.status).toBe(403);
      const bad = await t
        .api('put', `/organizations/${org.orgId}/plan`, await operatorToken(t))
        .send({ planUserLimit: 0 });
      expect(bad.status).toBe(400);
      expect(bad.body.details.fields.planUserLimit).toBeDefined();
    });
  });

  describe('confirmation password on company settings', () => {
    it('is required', async () => {
      const org = await createOrg(t);
      const missing = await t
        .api('patch', `/organizations/${org.orgId}`, org.manager.token)
        .send({ name: 'x' });
      expect(missing.status).toBe(400);
      expect(missing.body.details.fields.confirmationPassword).toBeDefined();
      const wrong = await t
        .api('patch', `/organizations/${org.orgId}`, org.manager.token)
        .send({ name: 'x', confirmationPassword: 'wrong' });
      expect(wrong.status).toBe(403);
      expect(wrong.body.code).toBe('CONFIRMATION_PASSWORD_INVALID');
      expect((await t.api('get', `/organizations/${org.orgId}`, org.manager.token)).body.name).not.toBe('x');
      const ok = await t
        .api('patch', `/organizations/${org.orgId}`, org.manager.token)
        .send({ name: '改名後', confirmationPassword: DEFAULT_CONFIRMATION });
      expect(ok.status).toBe(200);
      expect(ok.body.name).toBe('改名後');
    });
  });
});
