import { DEFAULT_CONFIRMATION } from './support/factories';
import { addMember, createGroup, createOrg, type CreatedOrg } from './support/org-factories';
import { listRoutes } from './support/routes';
import { createTestApp, type TestApp } from './support/test-app';

// Jest 29 ignores the e2e project's `testTimeout`; these files boot the app and create many accounts.
jest.setTimeout(60_000);

/** The organizations module's controllers; every route of theirs with `:orgId` is walked below. */
const CONTROLLERS = new Set([
  'OrganizationsController',
  'ManagersController',
  'PermissionsController',
  'GroupsController',
]);

/**
 * SPEC §0 tenancy: another organization's manager asks for anything of this organization and gets 404, on every
 * route, whatever the body; nothing of this organization changes.
 */
describe('organization routes seen from another organization', () => {
  let t: TestApp;
  let org: CreatedOrg;
  let intruder: CreatedOrg;
  let memberId: string;
  let groupId: string;
  beforeAll(async () => {
    t = await createTestApp();
    org = await createOrg(t, { name: '対象組織' });
    memberId = (await addMember(t, org.orgId)).id;
    groupId = await createGroup(t, org, 'TARGET');
    intruder = await createOrg(t, { name: '他組織' });
  });
  afterAll(() => t.close());

  const snapshot = async () => ({
    org: await t.dataSource.query('SELECT name, settings, plan_user_limit FROM organizations WHERE id = ?', [
      org.orgId,
    ]),
    users: await t.dataSource.query(
      'SELECT id, organization_id, is_manager FROM users WHERE organization_id = ? ORDER BY id',
      [org.orgId],
    ),
    grants: await t.dataSource.query(
      'SELECT user_id, permission FROM user_permissions WHERE organization_id = ? ORDER BY user_id, permission',
      [org.orgId],
    ),
    groups: await t.dataSource.query(
      'SELECT id, code, name, parent_id FROM org_groups WHERE organization_id = ?',
      [org.orgId],
    ),
  });

  it('answers 404 NOT_FOUND on every route of the module', async () => {
    const routes = listRoutes(t.app).filter(
      (r) => CONTROLLERS.has(r.controller) && r.path.includes(':orgId'),
    );
    // The walk must not pass vacuously: these are the routes SPEC §1–§2 name.
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'GET /api/v1/organizations/:orgId',
        'PATCH /api/v1/organizations/:orgId',
        'GET /api/v1/organizations/:orgId/managers',
        'PUT /api/v1/organizations/:orgId/managers',
        'DELETE /api/v1/organizations/:orgId/members/:userId',
        'GET /api/v1/organizations/:orgId/users/:userId/permissions',
        'PUT /api/v1/organizations/:orgId/users/:userId/permissions',
        'GET /api/v1/organizations/:orgId/groups',
        'POST /api/v1/organizations/:orgId/groups',
        'PATCH /api/v1/organizations/:orgId/groups/:groupId',
        'DELETE /api/v1/organizations/:orgId/groups/:groupId',
        'PUT /api/v1/organizations/:orgId/plan',
      ]),
    );
    const before = await snapshot();
    // A body that would be valid if the organization were theirs.
    const body = {
      confirmationPassword: DEFAULT_CONFIRMATION,
      name: '乗っ取り',
      managerUserIds: [intruder.manager.id],
      permissions: [{ permission: 'users.manage' }],
      code: 'X',
      planUserLimit: 1,
    };
    const answers = [];
    for (const route of routes) {
      const path = route.path
        .replace('/api/v1', '')
        .replace(':orgId', org.orgId)
        .replace(':userId', memberId)
        .replace(':groupId', groupId);
      const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      const res = await t.api(method, path, intruder.manager.token).send(method === 'get' ? undefined : body);
      answers.push({ route: `${route.method} ${route.path}`, status: res.status, code: res.body.code });
    }
    expect(answers).toEqual(answers.map((a) => ({ route: a.route, status: 404, code: 'NOT_FOUND' })));
    expect(await snapshot()).toEqual(before);
  });

  it('answers the same 404 for an organization that does not exist', async () => {
    const res = await t.api(
      'get',
      '/organizations/00000000-0000-7000-8000-000000000000',
      intruder.manager.token,
    );
    const real = await t.api('get', `/organizations/${org.orgId}`, intruder.manager.token);
    expect(res.status).toBe(404);
    expect(real.body).toEqual(res.body);
  });

  it('keeps another organization’s members out of reach through one’s own organization too', async () => {
    const own = (p: string) => `/organizations/${intruder.orgId}${p}`;
    const tok = intruder.manager.token;
    expect((await t.api('get', own(`/users/${memberId}/permissions`), tok)).status).toBe(404);
    expect((await t.api('delete', own(`/members/${memberId}`), tok)).status).toBe(404);
    expect((await t.api('get', own(`/groups/${groupId}`), tok)).status).toBe(404);
    expect((await t.api('patch', own(`/groups/${groupId}`), tok).send({ name: 'x' })).status).toBe(404);
    expect((await t.api('delete', own(`/groups/${groupId}`), tok)).status).toBe(404);
    const put = await t
      .api('put', own('/managers'), tok)
      .send({ managerUserIds: [intruder.manager.id, memberId] });
    expect(put.status).toBe(404);
    const [row] = await t.dataSource.query('SELECT organization_id, is_manager FROM users WHERE id = ?', [
      memberId,
    ]);
    expect(row.organization_id).toBe(org.orgId);
    expect(Boolean(row.is_manager)).toBe(false);
  });
});
