import { createOrg, operatorToken, addMember } from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';

/** `GET /organizations`: the system operator's organization list (組織一覧) for the console. */
describe('Organizations: the operator list', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists every organization, newest first, with its member count and plan user limit', async () => {
    const first = await createOrg(t);
    const second = await createOrg(t);
    await addMember(t, second.orgId);
    await t
      .api('put', `/organizations/${second.orgId}/plan`, await operatorToken(t))
      .send({ planUserLimit: 10 })
      .expect(200);
    const res = await t.api('get', '/organizations?perPage=25', await operatorToken(t)).expect(200);
    expect(res.body).toMatchObject({ page: 1, perPage: 25 });
    expect(res.body.total).toBeGreaterThanOrEqual(2);
    const ids = res.body.items.map((o: { id: string }) => o.id);
    expect(ids.indexOf(second.orgId)).toBeLessThan(ids.indexOf(first.orgId));
    const row = res.body.items.find((o: { id: string }) => o.id === second.orgId);
    expect(row).toMatchObject({
      code: expect.any(String),
      name: expect.any(String),
      planUserLimit: 10,
      memberCount: 2,
    });
    expect(res.body.items.find((o: { id: string }) => o.id === first.orgId)).toMatchObject({
      memberCount: 1,
      planUserLimit: null,
    });
  });

  it('is for system operators only', async () => {
    const org = await createOrg(t);
    const token = org.manager.token;
    const res = await t.api('get', '/organizations', token).expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
    await t.api('get', '/organizations').expect(401);
    await t.api('get', '/organizations?perPage=7', await operatorToken(t)).expect(400);
  });
});
