import { GroupsService } from '../src/organizations/groups.service';
import { addMember, createGroup, createOrg, placeInGroup, type CreatedOrg } from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';

// Jest 29 ignores the e2e project's `testTimeout`; these files boot the app and create many accounts.
jest.setTimeout(60_000);

/** グループ (SPEC §2): a tree per organization with codes, no cycles, GROUP_NOT_EMPTY. */
describe('groups', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const groupsUrl = (org: CreatedOrg) => `/organizations/${org.orgId}/groups`;

  /** The closure table must equal the ancestry that parent_id describes, pair for pair and depth for depth. */
  async function expectClosureConsistent(orgId: string): Promise<void> {
    const groups: { id: string; parent_id: string | null }[] = await t.dataSource.query(
      'SELECT id, parent_id FROM org_groups WHERE organization_id = ?',
      [orgId],
    );
    const parent = new Map(groups.map((g) => [g.id, g.parent_id]));
    const expected: string[] = [];
    for (const g of groups) {
      let depth = 0;
      for (let a: string | null = g.id; a; a = parent.get(a) ?? null, depth++)
        expected.push(`${a}>${g.id}@${depth}`);
    }
    const rows: { ancestor_id: string; descendant_id: string; depth: number }[] = await t.dataSource.query(
      'SELECT ancestor_id, descendant_id, depth FROM org_group_closure WHERE organization_id = ?',
      [orgId],
    );
    expect(rows.map((r) => `${r.ancestor_id}>${r.descendant_id}@${Number(r.depth)}`).sort()).toEqual(
      expected.sort(),
    );
  }

  it('creates a tree with codes, lists it and reads one group', async () => {
    const org = await createOrg(t);
    const root = await t.api('post', groupsUrl(org), org.manager.token).send({ code: 'HQ', name: '本社' });
    expect(root.status).toBe(201);
    expect(root.body).toEqual({
      id: expect.any(String),
      code: 'HQ',
      name: '本社',
      parentId: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const child = await t
      .api('post', groupsUrl(org), org.manager.token)
      .send({ code: 'HQ-SALES', name: '営業部', parentId: root.body.id });
    expect(child.status).toBe(201);
    expect(child.body.parentId).toBe(root.body.id);

    const list = await t.api('get', groupsUrl(org), org.manager.token);
    expect(list.body.items.map((g: { code: string }) => g.code)).toEqual(['HQ', 'HQ-SALES']);
    const one = await t.api('get', `${groupsUrl(org)}/${child.body.id}`, org.manager.token);
    expect(one.body).toEqual(child.body);
    await expectClosureConsistent(org.orgId);
  });

  it('lets every member read the tree but only users.manage holders change it', async () => {
    const org = await createOrg(t);
    await createGroup(t, org, 'A');
    const member = await addMember(t, org.orgId);
    expect((await t.api('get', groupsUrl(org), member.token)).body.items).toHaveLength(1);
    const res = await t.api('post', groupsUrl(org), member.token).send({ code: 'B', name: 'B' });
    expect(res.status).toBe(403);
  });

  it('keeps codes unique within an organization (409), not across organizations', async () => {
    const org = await createOrg(t);
    const other = await createOrg(t);
    await createGroup(t, org, 'DUP');
    const dup = await t.api('post', groupsUrl(org), org.manager.token).send({ code: 'DUP', name: 'x' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('CONFLICT');
    expect(
      (await t.api('post', groupsUrl(other), other.manager.token).send({ code: 'DUP', name: 'x' })).status,
    ).toBe(201);
    const b = await createGroup(t, org, 'B');
    const rename = await t.api('patch', `${groupsUrl(org)}/${b}`, org.manager.token).send({ code: 'DUP' });
    expect(rename.status).toBe(409);
  });

  it('validates codes, names and parents', async () => {
    const org = await createOrg(t);
    const other = await createOrg(t);
    const foreign = await createGroup(t, other, 'F');
    for (const body of [
      { code: '', name: 'x' },
      { code: 'has space', name: 'x' },
      { code: 'A'.repeat(33), name: 'x' },
      { code: 'OK', name: '' },
      { code: 'OK', name: 'x', parentId: 'nope' },
    ]) {
      const res = await t.api('post', groupsUrl(org), org.manager.token).send(body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    const res = await t
      .api('post', groupsUrl(org), org.manager.token)
      .send({ code: 'OK', name: 'x', parentId: foreign });
    expect(res.status).toBe(404);
    const rows = await t.dataSource.query('SELECT COUNT(*) AS n FROM org_groups WHERE organization_id = ?', [
      org.orgId,
    ]);
    expect(Number(rows[0].n)).toBe(0);
  });

  it('moves a subtree and refuses cycles', async () => {
    const org = await createOrg(t);
    const a = await createGroup(t, org, 'A');
    const b = await createGroup(t, org, 'B', a);
    const c = await createGroup(t, org, 'C', b);
    const d = await createGroup(t, org, 'D');
    const groups = t.app.get(GroupsService);

    for (const parentId of [a, b, c]) {
      const res = await t.api('patch', `${groupsUrl(org)}/${a}`, org.manager.token).send({ parentId });
      expect(res.status).toBe(400);
      expect(res.body.details.fields.parentId).toBeDefined();
    }
    await expectClosureConsistent(org.orgId);

    const moved = await t
      .api('patch', `${groupsUrl(org)}/${b}`, org.manager.token)
      .send({ parentId: d, name: '移動' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ parentId: d, name: '移動', code: 'B' });
    expect((await groups.subtreeGroupIds(org.orgId, d)).sort()).toEqual([b, c, d].sort());
    expect(await groups.subtreeGroupIds(org.orgId, a)).toEqual([a]);
    await expectClosureConsistent(org.orgId);

    const top = await t.api('patch', `${groupsUrl(org)}/${b}`, org.manager.token).send({ parentId: null });
    expect(top.body.parentId).toBeNull();
    expect((await groups.subtreeGroupIds(org.orgId, d)).sort()).toEqual([d]);
    await expectClosureConsistent(org.orgId);
  });

  it('answers the subtree of a deep tree from the closure table and keeps it right through moves', async () => {
    const org = await createOrg(t);
    const chain: string[] = [];
    for (let i = 0; i < 40; i++) chain.push(await createGroup(t, org, `L${i}`, chain[i - 1] ?? null));
    const groups = t.app.get(GroupsService);
    expect((await groups.subtreeGroupIds(org.orgId, chain[0])).length).toBe(40);
    expect((await groups.subtreeGroupIds(org.orgId, chain[30])).sort()).toEqual(chain.slice(30).sort());
    expect(await groups.isInSubtree(org.orgId, chain[5], chain[39])).toBe(true);
    expect(await groups.isInSubtree(org.orgId, chain[39], chain[5])).toBe(false);

    // Hang the bottom half under a new root: both halves answer correctly.
    const other = await createGroup(t, org, 'OTHER');
    await t
      .api('patch', `${groupsUrl(org)}/${chain[20]}`, org.manager.token)
      .send({ parentId: other })
      .expect(200);
    expect((await groups.subtreeGroupIds(org.orgId, chain[0])).sort()).toEqual(chain.slice(0, 20).sort());
    expect((await groups.subtreeGroupIds(org.orgId, other)).sort()).toEqual(
      [other, ...chain.slice(20)].sort(),
    );
    await expectClosureConsistent(org.orgId);
  });

  it('refuses to delete a group with child groups or members (409 GROUP_NOT_EMPTY) and deletes an empty one', async () => {
    const org = await createOrg(t);
    const parent = await createGroup(t, org, 'P');
    const child = await createGroup(t, org, 'C', parent);
    const member = await addMember(t, org.orgId);
    await placeInGroup(t, member.id, child);

    const withChild = await t.api('delete', `${groupsUrl(org)}/${parent}`, org.manager.token);
    expect(withChild.status).toBe(409);
    expect(withChild.body).toMatchObject({ code: 'GROUP_NOT_EMPTY', details: { reason: 'children' } });
    const withMember = await t.api('delete', `${groupsUrl(org)}/${child}`, org.manager.token);
    expect(withMember.status).toBe(409);
    expect(withMember.body).toMatchObject({ code: 'GROUP_NOT_EMPTY', details: { reason: 'members' } });

    await placeInGroup(t, member.id, null);
    expect((await t.api('delete', `${groupsUrl(org)}/${child}`, org.manager.token)).status).toBe(204);
    expect((await t.api('delete', `${groupsUrl(org)}/${parent}`, org.manager.token)).status).toBe(204);
    const rows = await t.dataSource.query(
      'SELECT COUNT(*) AS n FROM org_group_closure WHERE organization_id = ?',
      [org.orgId],
    );
    expect(Number(rows[0].n)).toBe(0);
    expect((await t.api('get', `${groupsUrl(org)}/${child}`, org.manager.token)).status).toBe(404);
  });

  it('clears a member’s group when they move to another organization', async () => {
    const org = await createOrg(t);
    const g = await createGroup(t, org, 'G');
    const member = await addMember(t, org.orgId);
    await placeInGroup(t, member.id, g);
    const to = await createOrg(t);
    await t.api('put', '/me/organization', member.token).send({ code: to.code }).expect(200);
    const [row] = await t.dataSource.query('SELECT group_id FROM users WHERE id = ?', [member.id]);
    expect(row.group_id).toBeNull();
    expect((await t.api('delete', `${groupsUrl(org)}/${g}`, org.manager.token)).status).toBe(204);
  });
});
