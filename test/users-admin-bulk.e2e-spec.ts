import { Permission } from '@kanri/access/permission';
import { DEFAULT_CONFIRMATION, loginAs } from './support/factories';
import { setOrgSettings } from './support/auth-helpers';
import { addMember, createGroup, createOrg, type CreatedOrg, setManagers } from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';
import { createOrgUser, signInWithConfirmation } from './support/user-admin';

// Jest 29 ignores the e2e project's `testTimeout`; these files boot the app and create many accounts.
jest.setTimeout(60_000);

/**
 * 一括削除・無効化・有効化 (SPEC §4 bulk): all or nothing, never the caller, refused in an organization of one user,
 * the manager rules respected, every affected user audited.
 */
describe('bulk delete / disable / enable', () => {
  let t: TestApp;
  let org: CreatedOrg;
  const bulk = (body: Record<string, unknown>, token = org.manager.token, orgId = org.orgId) =>
    t
      .api('post', `/organizations/${orgId}/users/bulk`, token)
      .send({ confirmationPassword: DEFAULT_CONFIRMATION, ...body });
  const rows = async (ids: string[]) =>
    (await t.dataSource.query(
      `SELECT id, is_disabled FROM users WHERE id IN (${ids.map(() => '?').join(', ')}) ORDER BY id`,
      ids,
    )) as { id: string; is_disabled: number | boolean }[];

  beforeAll(async () => {
    t = await createTestApp();
    org = await createOrg(t);
  });
  afterAll(() => t.close());

  it('disables several users at once, ends their sessions, audits each; enable brings them back', async () => {
    const a = await createOrgUser(t, org);
    const b = await createOrgUser(t, org);
    const token = await loginAs(t, a.loginId, a.password);
    const res = await bulk({ action: 'disable', userIds: [a.id, b.id] });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ action: 'disable', count: 2, userIds: [a.id, b.id] });
    expect((await rows([a.id, b.id])).map((r) => Number(r.is_disabled))).toEqual([1, 1]);
    expect((await t.api('get', '/auth/me', token)).status).toBe(401);
    const audited: { details: string }[] = await t.dataSource.query(
      "SELECT details FROM operation_history WHERE screen = 'ユーザー一括無効化' ORDER BY seq",
    );
    expect(audited.map((r) => JSON.parse(r.details).body.loginId).sort()).toEqual(
      [a.loginId, b.loginId].sort(),
    );

    expect((await bulk({ action: 'enable', userIds: [a.id, b.id] })).status).toBe(200);
    expect((await rows([a.id, b.id])).map((r) => Number(r.is_disabled))).toEqual([0, 0]);
    await loginAs(t, a.loginId, a.password);
  });

  it('deletes several users; each is gone with its sessions', async () => {
    const a = await createOrgUser(t, org);
    const b = await createOrgUser(t, org);
    const res = await bulk({ action: 'delete', userIds: [a.id, b.id] });
    expect(res.status).toBe(200);
    expect(await rows([a.id, b.id])).toEqual([]);
    const audited: { details: string }[] = await t.dataSource.query(
      "SELECT details FROM operation_history WHERE screen = 'ユーザー一括削除' AND operation = 'delete'",
    );
    expect(audited.map((r) => JSON.parse(r.details).body.userId)).toEqual(
      expect.arrayContaining([a.id, b.id]),
    );
  });

  it('one unknown id changes nothing and names the id (404)', async () => {
    const a = await createOrgUser(t, org);
    const stranger = await createOrg(t);
    for (const bad of ['00000000-0000-7000-8000-000000000000', stranger.manager.id]) {
      for (const action of ['delete', 'disable'] as const) {
        const res = await bulk({ action, userIds: [a.id, bad] });
        expect(res.status).toBe(404);
        expect(res.body.details.userIds).toEqual([bad]);
      }
    }
    expect((await rows([a.id])).map((r) => Number(r.is_disabled))).toEqual([0]);
  });

  it('never includes the caller: the whole request is refused', async () => {
    const a = await createOrgUser(t, org);
    const res = await bulk({ action: 'delete', userIds: [a.id, org.manager.id] });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('BULK_INCLUDES_SELF');
    expect(await rows([a.id])).toHaveLength(1);
  });

  it('is refused in an organization of a single user', async () => {
    const alone = await createOrg(t);
    const res = await bulk(
      { action: 'disable', userIds: [alone.manager.id] },
      alone.manager.token,
      alone.orgId,
    );
    // The only user is the caller: refused either way, and nothing changes.
    expect(res.status).toBe(422);
    expect(['BULK_INCLUDES_SELF', 'BULK_SINGLE_USER_ORGANIZATION']).toContain(res.body.code);
    const operator = await loginAs(t, 'operator1', 'Operator-pass-1');
    await t.api('put', '/auth/confirmation-password', operator).send({
      password: 'Operator-pass-1',
      confirmationPassword: DEFAULT_CONFIRMATION,
    });
    const byOperator = await bulk({ action: 'disable', userIds: [alone.manager.id] }, operator, alone.orgId);
    expect(byOperator.status).toBe(422);
    expect(byOperator.body.code).toBe('BULK_SINGLE_USER_ORGANIZATION');
    expect(Number((await rows([alone.manager.id]))[0].is_disabled)).toBe(0);
  });

  it('keeps the last manager: disabling or deleting them with others is refused (MANAGER_REQUIRED)', async () => {
    const other = await createOrg(t);
    const admin = await createOrgUser(t, other, { permissions: [{ permission: Permission.UsersManage }] });
    const adminToken = await signInWithConfirmation(t, admin);
    const member = await addMember(t, other.orgId);
    for (let i = 0; i < 3; i++) await addMember(t, other.orgId);
    for (const action of ['disable', 'delete'] as const) {
      const res = await bulk({ action, userIds: [member.id, other.manager.id] }, adminToken, other.orgId);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('MANAGER_REQUIRED');
    }
    expect((await rows([member.id, other.manager.id])).map((r) => Number(r.is_disabled))).toEqual([0, 0]);
    // With a second manager, one of them can go.
    await setManagers(t, other, [other.manager.id, member.id]);
    expect((await bulk({ action: 'disable', userIds: [member.id] }, adminToken, other.orgId)).status).toBe(
      200,
    );
  });

  it('a subtree administrator acts only inside their subtree', async () => {
    const tree = await createOrg(t);
    const mine = await createGroup(t, tree, 'MINE');
    const theirs = await createGroup(t, tree, 'THEIRS');
    const scoped = await createOrgUser(t, tree, {
      groupId: mine,
      permissions: [{ permission: Permission.UsersManage, scope: 'subtree' }],
    });
    const token = await signInWithConfirmation(t, scoped);
    const inside = await createOrgUser(t, tree, { groupId: mine });
    const outside = await createOrgUser(t, tree, { groupId: theirs });
    const res = await bulk({ action: 'disable', userIds: [inside.id, outside.id] }, token, tree.orgId);
    expect(res.status).toBe(404);
    expect(res.body.details.userIds).toEqual([outside.id]);
    expect((await rows([inside.id, outside.id])).map((r) => Number(r.is_disabled))).toEqual([0, 0]);
    expect((await bulk({ action: 'disable', userIds: [inside.id] }, token, tree.orgId)).status).toBe(200);
  });

  it('needs the confirmation password and a valid body', async () => {
    const a = await createOrgUser(t, org);
    const unconfirmed = await t
      .api('post', `/organizations/${org.orgId}/users/bulk`, org.manager.token)
      .send({
        action: 'disable',
        userIds: [a.id],
        confirmationPassword: 'not-it',
      });
    expect(unconfirmed.status).toBe(403);
    for (const body of [
      { action: 'archive', userIds: [a.id] },
      { action: 'disable', userIds: [] },
      { action: 'disable', userIds: [a.id, a.id] },
    ]) {
      expect((await bulk(body)).status).toBe(400);
    }
    expect(Number((await rows([a.id]))[0].is_disabled)).toBe(0);
  });

  it('two administrators deleting overlapping sets at once: one wins whole, the other changes nothing', async () => {
    const busy = await createOrg(t);
    // Confirmation answers in flight count toward the lockout threshold (auth module): allow ten per caller.
    await setOrgSettings(t, busy.orgId, { lockoutThreshold: 100 });
    const a1 = await createOrgUser(t, busy, { permissions: [{ permission: Permission.UsersManage }] });
    const a2 = await createOrgUser(t, busy, { permissions: [{ permission: Permission.UsersManage }] });
    const [t1, t2] = [await signInWithConfirmation(t, a1), await signInWithConfirmation(t, a2)];
    const victims: string[] = [];
    for (let i = 0; i < 10; i++) victims.push((await createOrgUser(t, busy)).id);
    const sets = [victims.slice(0, 6), victims.slice(4)];
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        bulk({ action: 'delete', userIds: sets[i % 2] }, i % 2 ? t1 : t2, busy.orgId),
      ),
    );
    // The sets overlap: whichever commits first makes every other request find users gone (404, nothing changed).
    const winners = answers.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    expect(answers.filter((r) => r.status !== 200).map((r) => [r.status, r.body.code])).toEqual(
      Array.from({ length: 19 }, () => [404, 'NOT_FOUND']),
    );
    const deleted = winners[0].body.userIds as string[];
    const left = (await rows(victims)).map((r) => r.id).sort();
    expect(left).toEqual(victims.filter((id) => !deleted.includes(id)).sort());
    expect(left).toHaveLength(4);
  });
});
