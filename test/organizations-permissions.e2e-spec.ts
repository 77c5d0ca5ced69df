import { Permission } from '@kanri/access/permission';
import { DEFAULT_CONFIRMATION } from './support/factories';
import {
  addMember,
  addMembers,
  createGroup,
  createOrg,
  grantPermissions,
  placeInGroup,
  setManagers,
  type CreatedOrg,
  type OrgMember,
} from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';

// Jest 29 ignores the e2e project's `testTimeout`; these files boot the app and create many accounts.
jest.setTimeout(60_000);

/** Permission grants per user per organization (SPEC §1), and `users.manage` with `subtree` scope. */
describe('permissions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const url = (org: CreatedOrg, userId: string) => `/organizations/${org.orgId}/users/${userId}/permissions`;
  const replace = (org: CreatedOrg, token: string, userId: string, permissions: unknown[]) =>
    t.api('put', url(org, userId), token).send({ confirmationPassword: DEFAULT_CONFIRMATION, permissions });
  const grantsInDb = async (orgId: string, userId: string) =>
    (await t.dataSource.query(
      'SELECT permission, scope FROM user_permissions WHERE organization_id = ? AND user_id = ? ORDER BY permission',
      [orgId, userId],
    )) as { permission: string; scope: string | null }[];

  describe('reading and replacing grants', () => {
    let org: CreatedOrg;
    let member: OrgMember;
    beforeAll(async () => {
      org = await createOrg(t);
      member = await addMember(t, org.orgId);
    });

    it('starts with none for a member who joined by code', async () => {
      const res = await t.api('get', url(org, member.id), org.manager.token);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        userId: member.id,
        isManager: false,
        permissions: [],
        implicitPermissions: [],
      });
      const me = await t.api('get', '/auth/me', member.token);
      expect(me.body.permissions).toEqual([]);
    });

    it('takes effect on the next request, both ways', async () => {
      const patch = () =>
        t
          .api('patch', `/organizations/${org.orgId}`, member.token)
          .send({ confirmationPassword: DEFAULT_CONFIRMATION, lockoutThreshold: 5 });
      expect((await patch()).status).toBe(403);

      const granted = await replace(org, org.manager.token, member.id, [{ permission: 'company.manage' }]);
      expect(granted.status).toBe(200);
      expect(granted.body.permissions).toEqual([{ permission: 'company.manage', scope: null }]);
      expect(await grantsInDb(org.orgId, member.id)).toEqual([{ permission: 'company.manage', scope: null }]);
      expect((await patch()).status).toBe(200);

      await replace(org, org.manager.token, member.id, []).expect(200);
      expect(await grantsInDb(org.orgId, member.id)).toEqual([]);
      expect((await patch()).status).toBe(403);
    });

    it('shows a manager’s implicit rights (audit.read) besides the grants', async () => {
      const members = await addMembers(t, org.orgId, 4);
      const deputy = members[0];
      await addMember(t, org.orgId); // 7 members: two managers allowed
      await setManagers(t, org, [org.manager.id, deputy.id]);
      const res = await t.api('get', url(org, deputy.id), org.manager.token);
      expect(res.body).toEqual({
        userId: deputy.id,
        isManager: true,
        permissions: [],
        implicitPermissions: ['audit.read'],
      });
      const me = await t.api('get', '/auth/me', deputy.token);
      expect(me.body.permissions).toEqual(['audit.read']);
      await setManagers(t, org, [org.manager.id]);
    });

    it('validates: known permissions, once each, a scope only on users.manage', async () => {
      for (const permissions of [
        [{ permission: 'users.everything' }],
        [{ permission: 'audit.read' }, { permission: 'audit.read' }],
        [{ permission: 'audit.read', scope: 'subtree' }],
        [{ permission: 'users.manage', scope: 'everyone' }],
        [{ permission: 'audit.read', extra: true }],
      ]) {
        const res = await replace(org, org.manager.token, member.id, permissions);
        expect({ permissions, status: res.status, code: res.body.code }).toEqual({
          permissions,
          status: 400,
          code: 'VALIDATION_FAILED',
        });
      }
      expect(await grantsInDb(org.orgId, member.id)).toEqual([]);
    });

    it('needs the confirmation password', async () => {
      const res = await t
        .api('put', url(org, member.id), org.manager.token)
        .send({ confirmationPassword: 'wrong', permissions: [{ permission: 'audit.read' }] });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('CONFIRMATION_PASSWORD_INVALID');
    });

    it('refuses changing one’s own grants', async () => {
      const res = await replace(org, org.manager.token, org.manager.id, []);
      expect(res.status).toBe(403);
      expect((await grantsInDb(org.orgId, org.manager.id)).length).toBeGreaterThan(10);
    });

    it('gives a general member 403', async () => {
      expect((await t.api('get', url(org, org.manager.id), member.token)).status).toBe(403);
      expect((await replace(org, member.token, org.manager.id, [])).status).toBe(403);
    });
  });

  describe('who may grant what', () => {
    let org: CreatedOrg;
    let admin: OrgMember;
    let other: OrgMember;
    beforeAll(async () => {
      org = await createOrg(t);
      [admin, other] = await addMembers(t, org.orgId, 2);
      await grantPermissions(t, org, admin.id, [Permission.UsersManage, Permission.CompanyManage]);
    });

    it('an administrator grants what they hold', async () => {
      const res = await replace(org, admin.token, other.id, [{ permission: 'company.manage' }]);
      expect(res.status).toBe(200);
    });

    it('but not what they do not hold', async () => {
      const res = await replace(org, admin.token, other.id, [
        { permission: 'company.manage' },
        { permission: 'fees.manage' },
      ]);
      expect(res.status).toBe(403);
      expect(res.body.details).toEqual({ missing: ['fees.manage'] });
      expect(await grantsInDb(org.orgId, other.id)).toEqual([{ permission: 'company.manage', scope: null }]);
    });

    it('and users.manage only comes from a manager (or an operator)', async () => {
      const res = await replace(org, admin.token, other.id, [
        { permission: 'company.manage' },
        { permission: 'users.manage', scope: 'subtree' },
      ]);
      expect(res.status).toBe(403);
      const byManager = await replace(org, org.manager.token, other.id, [
        { permission: 'users.manage', scope: 'subtree' },
      ]);
      expect(byManager.status).toBe(200);
      expect(await grantsInDb(org.orgId, other.id)).toEqual([
        { permission: 'users.manage', scope: 'subtree' },
      ]);
    });
  });

  describe('users.manage with subtree scope (所属配下ユーザーのみ管理する)', () => {
    let org: CreatedOrg;
    let scoped: OrgMember;
    let inBranch: OrgMember;
    let deepInBranch: OrgMember;
    let elsewhere: OrgMember;
    let noGroup: OrgMember;
    beforeAll(async () => {
      org = await createOrg(t);
      const sales = await createGroup(t, org, 'SALES');
      const tokyo = await createGroup(t, org, 'TOKYO', sales);
      const shibuya = await createGroup(t, org, 'SHIBUYA', tokyo);
      const hr = await createGroup(t, org, 'HR');
      [scoped, inBranch, deepInBranch, elsewhere, noGroup] = await addMembers(t, org.orgId, 5);
      await placeInGroup(t, scoped.id, sales);
      await placeInGroup(t, inBranch.id, tokyo);
      await placeInGroup(t, deepInBranch.id, shibuya);
      await placeInGroup(t, elsewhere.id, hr);
      await grantPermissions(t, org, scoped.id, [
        { permission: Permission.UsersManage, scope: 'subtree' },
        Permission.AuditRead,
      ]);
    });

    it('sees and manages the users of its own group and every group below', async () => {
      for (const user of [inBranch, deepInBranch]) {
        expect((await t.api('get', url(org, user.id), scoped.token)).status).toBe(200);
        const res = await replace(org, scoped.token, user.id, [{ permission: 'audit.read' }]);
        expect(res.status).toBe(200);
      }
    });

    it('answers 404 for users outside the subtree, as if they did not exist', async () => {
      for (const user of [elsewhere, noGroup, org.manager]) {
        expect((await t.api('get', url(org, user.id), scoped.token)).status).toBe(404);
        expect((await replace(org, scoped.token, user.id, [{ permission: 'audit.read' }])).status).toBe(404);
      }
      expect(await grantsInDb(org.orgId, elsewhere.id)).toEqual([]);
    });

    it('cannot hand out organization-wide rights it does not have', async () => {
      const res = await replace(org, scoped.token, inBranch.id, [{ permission: 'company.manage' }]);
      expect(res.status).toBe(403);
    });

    it('follows the tree when it changes: moving a group out of the branch takes its users out of reach', async () => {
      const groups = (await t.api('get', `/organizations/${org.orgId}/groups`, org.manager.token)).body
        .items as {
        id: string;
        code: string;
      }[];
      const shibuya = groups.find((g) => g.code === 'SHIBUYA')!.id;
      await t
        .api('patch', `/organizations/${org.orgId}/groups/${shibuya}`, org.manager.token)
        .send({ parentId: null })
        .expect(200);
      expect((await t.api('get', url(org, deepInBranch.id), scoped.token)).status).toBe(404);
      expect((await t.api('get', url(org, inBranch.id), scoped.token)).status).toBe(200);
    });

    it('manages nobody without a group of its own', async () => {
      await placeInGroup(t, scoped.id, null);
      expect((await t.api('get', url(org, inBranch.id), scoped.token)).status).toBe(404);
    });

    it('does not reshape the group tree', async () => {
      const res = await t
        .api('post', `/organizations/${org.orgId}/groups`, scoped.token)
        .send({ code: 'NEW', name: '新設' });
      expect(res.status).toBe(403);
    });
  });
});
