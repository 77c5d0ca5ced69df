import { TransactionService } from '@kanri/common/database/transaction.service';
import { MembershipService } from '../src/organizations/membership.service';
import {
  addMember,
  addMembers,
  createOrg,
  createSignedInAccount,
  operatorToken,
  type CreatedOrg,
  type OrgMember,
} from './support/org-factories';
import { loginAs } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

// Jest 29 ignores the e2e project's `testTimeout`; these files boot the app and create many accounts.
jest.setTimeout(60_000);

/** 管理責任者の追加削除 (SPEC §2; manual 000 "管理責任者追加時の制限について" / "管理責任者削除時の制限について"). */
describe('organization managers (管理責任者)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const managersUrl = (org: CreatedOrg) => `/organizations/${org.orgId}/managers`;
  const managerIdsInDb = async (orgId: string): Promise<string[]> =>
    (
      (await t.dataSource.query(
        'SELECT id FROM users WHERE organization_id = ? AND is_manager = 1 ORDER BY id',
        [orgId],
      )) as { id: string }[]
    ).map((r) => r.id);
  const put = (org: CreatedOrg, ids: string[], token = org.manager.token) =>
    t.api('put', managersUrl(org), token).send({ managerUserIds: ids });

  describe('the list (管理責任者修正画面)', () => {
    it('shows every member with the manager flag, the count, the cap and overCap', async () => {
      const org = await createOrg(t);
      const [a, b] = await addMembers(t, org.orgId, 2);
      const res = await t.api('get', managersUrl(org), org.manager.token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ memberCount: 3, maxManagers: 1, overCap: false });
      expect(res.body.members).toHaveLength(3);
      expect(res.body.members).toEqual(
        expect.arrayContaining([
          {
            id: org.manager.id,
            loginId: org.manager.loginId,
            familyName: '管理',
            givenName: '責任者',
            isManager: true,
          },
          expect.objectContaining({ id: a.id, loginId: a.loginId, isManager: false }),
          expect.objectContaining({ id: b.id, isManager: false }),
        ]),
      );
      const loginIds = res.body.members.map((m: { loginId: string }) => m.loginId);
      expect(loginIds).toEqual([...loginIds].sort());
      expect(JSON.stringify(res.body)).not.toMatch(/hash|password/i);
    });
  });

  describe('the cap: 20% of the members, rounded up', () => {
    it('follows the table from 1 to 16 members, refusing one more with MANAGER_CAP_EXCEEDED', async () => {
      const org = await createOrg(t);
      const members: OrgMember[] = [org.manager];
      const expected = [1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4];
      for (let n = 1; n <= 16; n++) {
        if (n > 1) members.push(await addMember(t, org.orgId));
        const list = await t.api('get', managersUrl(org), org.manager.token);
        expect({ n, memberCount: list.body.memberCount, maxManagers: list.body.maxManagers }).toEqual({
          n,
          memberCount: n,
          maxManagers: expected[n - 1],
        });
        const max = expected[n - 1];
        const ok = await put(
          org,
          members.slice(0, max).map((m) => m.id),
        );
        expect({ n, status: ok.status }).toEqual({ n, status: 200 });
        if (max < n) {
          const over = await put(
            org,
            members.slice(0, max + 1).map((m) => m.id),
          );
          expect({ n, status: over.status, body: over.body }).toEqual({
            n,
            status: 422,
            body: {
              statusCode: 422,
              code: 'MANAGER_CAP_EXCEEDED',
              message: expect.any(String),
              details: { memberCount: n, maxManagers: max, requested: max + 1 },
            },
          });
        }
        expect(await managerIdsInDb(org.orgId)).toEqual(
          members
            .slice(0, max)
            .map((m) => m.id)
            .sort(),
        );
      }
    });
  });

  describe('replacing the set', () => {
    let org: CreatedOrg;
    let members: OrgMember[];
    beforeAll(async () => {
      org = await createOrg(t);
      members = await addMembers(t, org.orgId, 5); // 6 members: up to 2 managers
    });

    it('replaces the whole set in one step and answers the new list', async () => {
      const res = await put(org, [org.manager.id, members[0].id]);
      expect(res.status).toBe(200);
      expect(
        res.body.members
          .filter((m: { isManager: boolean }) => m.isManager)
          .map((m: { id: string }) => m.id)
          .sort(),
      ).toEqual([org.manager.id, members[0].id].sort());
      const swapped = await put(org, [org.manager.id, members[1].id]);
      expect(swapped.status).toBe(200);
      expect(await managerIdsInDb(org.orgId)).toEqual([org.manager.id, members[1].id].sort());
    });

    it('refuses a set with no manager: 422 MANAGER_REQUIRED, nothing changes', async () => {
      const before = await managerIdsInDb(org.orgId);
      const res = await put(org, []);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('MANAGER_REQUIRED');
      expect(await managerIdsInDb(org.orgId)).toEqual(before);
    });

    it('refuses a set whose only managers are disabled or stop-dated (nobody could answer for the members)', async () => {
      await t.dataSource.query('UPDATE users SET is_disabled = 1 WHERE id = ?', [members[3].id]);
      await t.dataSource.query("UPDATE users SET usage_stop_date = '2099-12-31' WHERE id = ?", [
        members[4].id,
      ]);
      for (const ids of [[members[3].id], [members[4].id], [members[3].id, members[4].id]]) {
        const res = await put(org, ids);
        expect(res.status).toBe(422);
        expect(res.body.code).toBe('MANAGER_REQUIRED');
      }
    });

    it('answers 404 for an id that is not a member of this organization', async () => {
      const outsider = await createSignedInAccount(t);
      const other = await createOrg(t);
      for (const id of [outsider.id, other.manager.id, '00000000-0000-7000-8000-000000000000']) {
        const res = await put(org, [org.manager.id, id]);
        expect(res.status).toBe(404);
      }
    });

    it('validates the body: an array of distinct ids', async () => {
      for (const body of [
        {},
        { managerUserIds: 'x' },
        { managerUserIds: ['nope'] },
        { managerUserIds: [org.manager.id, org.manager.id] },
      ]) {
        const res = await t.api('put', managersUrl(org), org.manager.token).send(body);
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
    });

    it('a general member gets 403 on the list and on changes', async () => {
      const general = members[2];
      expect((await t.api('get', managersUrl(org), general.token)).status).toBe(403);
      const res = await put(org, [general.id], general.token);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
      expect(await managerIdsInDb(org.orgId)).not.toContain(general.id);
      const removal = await t.api(
        'delete',
        `/organizations/${org.orgId}/members/${members[0].id}`,
        general.token,
      );
      expect(removal.status).toBe(403);
    });

    it('a demoted manager loses the rights on their very next request', async () => {
      const deputy = members[1];
      await put(org, [org.manager.id, deputy.id]).expect(200);
      expect((await t.api('get', managersUrl(org), deputy.token)).status).toBe(200);
      await put(org, [org.manager.id]).expect(200);
      expect((await t.api('get', managersUrl(org), deputy.token)).status).toBe(403);
      expect((await put(org, [deputy.id], deputy.token)).status).toBe(403);
    });

    it('lets a manager step down when another active manager stays', async () => {
      await put(org, [org.manager.id, members[0].id]).expect(200);
      const res = await put(org, [members[0].id]);
      expect(res.status).toBe(200);
      expect(await managerIdsInDb(org.orgId)).toEqual([members[0].id]);
      // Hand it back for the next tests: the creator is the factory's manager.
      await put(org, [org.manager.id], members[0].token).expect(200);
    });

    it('lets a system operator change the set', async () => {
      const res = await put(org, [org.manager.id, members[0].id], await operatorToken(t));
      expect(res.status).toBe(200);
      await put(org, [org.manager.id], await operatorToken(t)).expect(200);
    });

    it('clears the organization’s managerRequired flag once a manager is appointed', async () => {
      await t.dataSource.query('UPDATE organizations SET manager_required = 1 WHERE id = ?', [org.orgId]);
      expect(
        (await t.api('get', `/organizations/${org.orgId}`, org.manager.token)).body.managerRequired,
      ).toBe(true);
      await put(org, [org.manager.id]).expect(200);
      expect(
        (await t.api('get', `/organizations/${org.orgId}`, org.manager.token)).body.managerRequired,
      ).toBe(false);
    });
  });

  describe('over the cap after the membership shrank', () => {
    it('reports overCap, demotes nobody, allows removing managers and refuses adding (even a swap)', async () => {
      const org = await createOrg(t);
      const members = await addMembers(t, org.orgId, 5);
      await put(org, [org.manager.id, members[0].id]).expect(200);
      await t
        .api('delete', `/organizations/${org.orgId}/members/${members[4].id}`, org.manager.token)
        .expect(204);

      const list = await t.api('get', `/organizations/${org.orgId}/managers`, org.manager.token);
      expect(list.body).toMatchObject({ memberCount: 5, maxManagers: 1, overCap: true });
      expect(await managerIdsInDb(org.orgId)).toHaveLength(2);

      const same = await put(org, [org.manager.id, members[0].id]);
      expect(same.status).toBe(200);
      const swap = await put(org, [org.manager.id, members[1].id]);
      expect(swap.status).toBe(422);
      expect(swap.body).toMatchObject({
        code: 'MANAGER_CAP_EXCEEDED',
        details: { memberCount: 5, maxManagers: 1, requested: 2 },
      });
      const fewer = await put(org, [members[0].id]);
      expect(fewer.status).toBe(200);
      expect(fewer.body).toMatchObject({ overCap: false, maxManagers: 1 });
    });

    it('judges the body before the cap: an unknown field gets 400, not MANAGER_CAP_EXCEEDED', async () => {
      const org = await createOrg(t);
      const [a] = await addMembers(t, org.orgId, 1);
      const res = await t
        .api('put', managersUrl(org), org.manager.token)
        .send({ managerUserIds: [org.manager.id, a.id], extra: true });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { fields: { extra: expect.any(Array) } },
      });
      expect(await managerIdsInDb(org.orgId)).toEqual([org.manager.id]);
      const overCap = await put(org, [org.manager.id, a.id]);
      expect(overCap.status).toBe(422);
      expect(overCap.body.code).toBe('MANAGER_CAP_EXCEEDED');
    });
  });

  describe('removing members (DELETE /organizations/:orgId/members/:userId)', () => {
    it('takes a general member out: the account stays without organization, its grants are gone', async () => {
      const org = await createOrg(t);
      const member = await addMember(t, org.orgId);
      await t
        .api('put', `/organizations/${org.orgId}/users/${member.id}/permissions`, org.manager.token)
        .send({ confirmationPassword: 'Confirm-456', permissions: [{ permission: 'audit.read' }] })
        .expect(200);
      const res = await t.api(
        'delete',
        `/organizations/${org.orgId}/members/${member.id}`,
        org.manager.token,
      );
      expect(res.status).toBe(204);
      const [row] = await t.dataSource.query('SELECT organization_id, is_manager FROM users WHERE id = ?', [
        member.id,
      ]);
      expect(row.organization_id).toBeNull();
      const grants = await t.dataSource.query(
        'SELECT COUNT(*) AS n FROM user_permissions WHERE user_id = ?',
        [member.id],
      );
      expect(Number(grants[0].n)).toBe(0);
      expect((await t.api('get', `/organizations/${org.orgId}`, member.token)).status).toBe(404);
    });

    it('refuses the last active manager while others remain (422 MANAGER_REQUIRED), for operators too', async () => {
      const org = await createOrg(t);
      await addMember(t, org.orgId);
      for (const token of [org.manager.token, await operatorToken(t)]) {
        const res = await t.api('delete', `/organizations/${org.orgId}/members/${org.manager.id}`, token);
        expect(res.status).toBe(422);
        expect(res.body.code).toBe('MANAGER_REQUIRED');
      }
      expect(await managerIdsInDb(org.orgId)).toEqual([org.manager.id]);
    });

    it('a disabled manager does not count: the last active one still cannot go', async () => {
      const org = await createOrg(t);
      const members = await addMembers(t, org.orgId, 5);
      await put(org, [org.manager.id, members[0].id]).expect(200);
      await t.dataSource.query('UPDATE users SET is_disabled = 1 WHERE id = ?', [members[0].id]);
      const res = await t.api(
        'delete',
        `/organizations/${org.orgId}/members/${org.manager.id}`,
        await operatorToken(t),
      );
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('MANAGER_REQUIRED');
    });

    it('removes the last member only at a system operator’s hand (the help-desk path)', async () => {
      const org = await createOrg(t);
      const self = await t.api(
        'delete',
        `/organizations/${org.orgId}/members/${org.manager.id}`,
        org.manager.token,
      );
      expect(self.status).toBe(422);
      expect(self.body.code).toBe('MANAGER_REQUIRED');
      expect(await managerIdsInDb(org.orgId)).toEqual([org.manager.id]);

      const byOperator = await t.api(
        'delete',
        `/organizations/${org.orgId}/members/${org.manager.id}`,
        await operatorToken(t),
      );
      expect(byOperator.status).toBe(204);
      const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM users WHERE organization_id = ?', [
        org.orgId,
      ]);
      expect(Number(n)).toBe(0);
      // The former manager signs in again and can issue a new code (the manual's successor path).
      const token = await loginAs(t, org.manager.loginId);
      expect((await t.api('post', '/organizations', token).send({ name: '後継組織' })).status).toBe(201);
    });

    it('answers 404 for someone who is not a member of this organization', async () => {
      const org = await createOrg(t);
      const other = await createOrg(t);
      const res = await t.api(
        'delete',
        `/organizations/${org.orgId}/members/${other.manager.id}`,
        org.manager.token,
      );
      expect(res.status).toBe(404);
      const [row] = await t.dataSource.query('SELECT organization_id FROM users WHERE id = ?', [
        other.manager.id,
      ]);
      expect(row.organization_id).toBe(other.orgId);
    });
  });

  describe('the check other modules call before a member leaves (MembershipService)', () => {
    // Deleting, disabling and stop-dating users arrive with user administration; their transactions call this.
    const mayLeave = (
      orgId: string,
      userId: string,
      reason: 'delete' | 'disable' | 'stop',
      isSystemOperator = false,
    ) =>
      t.app
        .get(TransactionService)
        .run((em) =>
          t.app.get(MembershipService).assertMemberMayLeave(em, orgId, userId, reason, { isSystemOperator }),
        );

    it.each(['delete', 'disable', 'stop'] as const)(
      'refuses %s of the last active manager while others remain',
      async (reason) => {
        const org = await createOrg(t);
        const member = await addMember(t, org.orgId);
        await expect(mayLeave(org.orgId, org.manager.id, reason)).rejects.toMatchObject({
          code: 'MANAGER_REQUIRED',
          status: 422,
        });
        await expect(mayLeave(org.orgId, member.id, reason)).resolves.toBeUndefined();
      },
    );

    it.each(['delete', 'disable', 'stop'] as const)(
      'allows %s of a manager when another active one stays',
      async (reason) => {
        const org = await createOrg(t);
        const members = await addMembers(t, org.orgId, 5);
        await put(org, [org.manager.id, members[0].id]).expect(200);
        await expect(mayLeave(org.orgId, org.manager.id, reason)).resolves.toBeUndefined();
      },
    );

    it('lets only a system operator delete the last member', async () => {
      const org = await createOrg(t);
      await expect(mayLeave(org.orgId, org.manager.id, 'delete')).rejects.toMatchObject({
        code: 'MANAGER_REQUIRED',
      });
      await expect(mayLeave(org.orgId, org.manager.id, 'delete', true)).resolves.toBeUndefined();
    });

    it('refuses adding members beyond the plan limit', async () => {
      const org = await createOrg(t);
      await t
        .api('put', `/organizations/${org.orgId}/plan`, await operatorToken(t))
        .send({ planUserLimit: 2 })
        .expect(200);
      const add = (n: number) =>
        t.app
          .get(TransactionService)
          .run((em) => t.app.get(MembershipService).assertMayAddMembers(em, org.orgId, n));
      await expect(add(1)).resolves.toBeUndefined();
      await expect(add(2)).rejects.toMatchObject({ code: 'USER_LIMIT_REACHED' });
    });
  });
});
