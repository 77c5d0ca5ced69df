import {
  addMembers,
  createOrg,
  createSignedInAccount,
  operatorToken,
  setManagers,
  type CreatedOrg,
  type OrgMember,
} from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';

// Jest 29 ignores the e2e project's `testTimeout`; these files boot the app and create many accounts.
jest.setTimeout(60_000);

/**
 * SPEC §2 "Both rules hold under concurrent requests": real HTTP requests fired together, then the DATABASE is
 * checked. Meant for MariaDB (`KANRI_TEST_DB=mysql`), where the requests really overlap; on SQLite they pass
 * through the single-writer queue and the same assertions hold.
 */
describe('organization invariants under concurrent requests', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const managersInDb = async (orgId: string) =>
    (await t.dataSource.query(
      'SELECT id, is_disabled, usage_stop_date FROM users WHERE organization_id = ? AND is_manager = 1 ORDER BY id',
      [orgId],
    )) as { id: string }[];
  const memberCount = async (orgId: string) =>
    Number(
      (await t.dataSource.query('SELECT COUNT(*) AS n FROM users WHERE organization_id = ?', [orgId]))[0].n,
    );

  /** An organization of `size` members whose managers are the creator and `extraManagers` of the others. */
  async function orgWithManagers(size: number, extraManagers: number) {
    const org = await createOrg(t);
    const members = await addMembers(t, org.orgId, size - 1);
    await setManagers(t, org, [org.manager.id, ...members.slice(0, extraManagers).map((m) => m.id)]);
    const managers: OrgMember[] = [org.manager, ...members.slice(0, extraManagers)];
    return { org, members, managers };
  }

  it('two managers leaving at the same moment: at least one stays (moving out by code)', async () => {
    for (let round = 0; round < 3; round++) {
      const { org, managers } = await orgWithManagers(6, 1);
      const elsewhere = await createOrg(t);
      const answers = await Promise.all(
        managers.map((m) => t.api('put', '/me/organization', m.token).send({ code: elsewhere.code })),
      );
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses).toEqual([200, 422]);
      expect(answers.find((r) => r.status === 422)!.body.code).toBe('MANAGER_REQUIRED');
      const left = await managersInDb(org.orgId);
      expect(left).toHaveLength(1);
      expect(await memberCount(org.orgId)).toBe(5);
    }
  });

  it('two managers demoting each other at the same moment: never zero managers', async () => {
    for (let round = 0; round < 3; round++) {
      const { org, managers } = await orgWithManagers(6, 1);
      const [a, b] = managers;
      const answers = await Promise.all([
        t.api('put', `/organizations/${org.orgId}/managers`, a.token).send({ managerUserIds: [b.id] }),
        t.api('put', `/organizations/${org.orgId}/managers`, b.token).send({ managerUserIds: [a.id] }),
      ]);
      // Whichever runs second is still a manager (the first demoted only itself) and appoints the first back:
      // exactly one manager remains, never zero and never both.
      expect(answers.map((r) => r.status)).toEqual([200, 200]);
      const left = (await managersInDb(org.orgId)).map((m) => m.id);
      expect(left).toHaveLength(1);
      expect([a.id, b.id]).toContain(left[0]);
    }
  });

  it('two managers removing each other at the same moment: at least one stays', async () => {
    for (let round = 0; round < 3; round++) {
      const { org, managers } = await orgWithManagers(6, 1);
      const [a, b] = managers;
      const answers = await Promise.all([
        t.api('delete', `/organizations/${org.orgId}/members/${b.id}`, a.token),
        t.api('delete', `/organizations/${org.orgId}/members/${a.id}`, b.token),
      ]);
      // The second caller is no longer a member by the time it is checked: refused by the lock-time re-check
      // (403), by the organization scope (404) if the first had already committed, or by the early policy guard
      // (422 MANAGER_REQUIRED: its target is now the last manager) if the first committed in between.
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses[0]).toBe(204);
      expect([403, 404, 422]).toContain(statuses[1]);
      const refused = answers.find((r) => r.status !== 204)!;
      if (refused.status === 422) expect(refused.body.code).toBe('MANAGER_REQUIRED');
      expect(await managersInDb(org.orgId)).toHaveLength(1);
      expect(await memberCount(org.orgId)).toBe(5);
    }
  });

  it('20 parallel manager-set changes: never above the cap, and the result is one of the requested sets', async () => {
    const { org, members } = await orgWithManagers(10, 0); // cap 2
    const candidates = members.map((m) => m.id);
    const sets: string[][] = [];
    for (let i = 0; i < 20; i++) {
      // Two thirds would be valid alone ({creator, one other}); the rest ask for three and must be refused.
      const others = i % 3 === 2 ? [candidates[i % 9], candidates[(i + 1) % 9]] : [candidates[i % 9]];
      sets.push([org.manager.id, ...others]);
    }
    const answers = await Promise.all(
      sets.map((ids) =>
        t.api('put', `/organizations/${org.orgId}/managers`, org.manager.token).send({ managerUserIds: ids }),
      ),
    );
    for (const [i, res] of answers.entries()) {
      if (sets[i].length > 2) {
        expect({ i, status: res.status, code: res.body.code }).toEqual({
          i,
          status: 422,
          code: 'MANAGER_CAP_EXCEEDED',
        });
      } else {
        expect({ i, status: res.status }).toEqual({ i, status: 200 });
      }
    }
    const final = (await managersInDb(org.orgId)).map((m) => m.id).sort();
    expect(final.length).toBeLessThanOrEqual(2);
    expect(sets.filter((s) => s.length <= 2).map((s) => [...s].sort())).toContainEqual(final);
  });

  it('20 parallel changes by two managers at once, while members leave: never above the cap, never zero', async () => {
    const { org, members, managers } = await orgWithManagers(11, 1); // 11 members: cap 3
    const [a, b] = managers;
    const others = members.slice(1);
    const leavers = others.slice(5, 8);
    const elsewhere = await createOrg(t);
    const requests = [];
    for (let i = 0; i < 20; i++) {
      const by = i % 2 ? a : b;
      const ids = [by.id, others[i % 5].id, others[(i + 1) % 5].id];
      requests.push(
        t.api('put', `/organizations/${org.orgId}/managers`, by.token).send({ managerUserIds: ids }),
      );
    }
    for (const l of leavers)
      requests.push(t.api('put', '/me/organization', l.token).send({ code: elsewhere.code }));
    const answers = await Promise.all(requests);
    for (const res of answers) expect([200, 403, 422]).toContain(res.status);
    const count = await memberCount(org.orgId);
    const final = await managersInDb(org.orgId);
    expect(final.length).toBeGreaterThanOrEqual(1);
    // Promotions are checked against the count of their moment; members leaving afterwards may leave the
    // organization over the cap (SPEC: nobody is demoted), so the bound is the cap before the departures.
    expect(final.length).toBeLessThanOrEqual(3);
    const list = await t.api('get', `/organizations/${org.orgId}/managers`, await operatorToken(t));
    expect(list.body.memberCount).toBe(count);
    expect(list.body.overCap).toBe(final.length > Math.ceil(count / 5));
  });

  it('50 parallel joins against a plan limit: never above it', async () => {
    const org: CreatedOrg = await createOrg(t);
    await t
      .api('put', `/organizations/${org.orgId}/plan`, await operatorToken(t))
      .send({ planUserLimit: 10 })
      .expect(200);
    const joiners: OrgMember[] = [];
    for (let i = 0; i < 50; i++) joiners.push(await createSignedInAccount(t));
    const answers = await Promise.all(
      joiners.map((j) => t.api('put', '/me/organization', j.token).send({ code: org.code })),
    );
    const ok = answers.filter((r) => r.status === 200);
    const refused = answers.filter((r) => r.status === 422);
    expect(ok).toHaveLength(9);
    expect(refused).toHaveLength(41);
    expect(refused.every((r) => r.body.code === 'USER_LIMIT_REACHED')).toBe(true);
    expect(await memberCount(org.orgId)).toBe(10);
    const joinedIds = (
      await t.dataSource.query('SELECT id FROM users WHERE organization_id = ?', [org.orgId])
    ).map((r: { id: string }) => r.id);
    const expectedIds = joiners.filter((_, i) => answers[i].status === 200).map((j) => j.id);
    expect(joinedIds.sort()).toEqual([org.manager.id, ...expectedIds].sort());
  });
  it('one account moved to three organizations by 15 requests at once: each answer 200 or 503 TRANSACTION_CONFLICT, one membership, counters right', async () => {
    const orgs = [await createOrg(t), await createOrg(t), await createOrg(t)];
    const account = await createSignedInAccount(t);
    const answers = await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        t.api('put', '/me/organization', account.token).send({ code: orgs[i % 3].code }),
      ),
    );
    const unexpected = answers.filter(
      (r) => r.status !== 200 && !(r.status === 503 && r.body.code === 'TRANSACTION_CONFLICT'),
    );
    expect(unexpected.map((r) => `${r.status} ${JSON.stringify(r.body)}`)).toEqual([]);
    expect(answers.filter((r) => r.status === 503).every((r) => r.headers['retry-after'])).toBe(true);
    const [where] = await t.dataSource.query('SELECT organization_id FROM users WHERE id = ?', [account.id]);
    expect(orgs.map((o) => o.orgId)).toContain(where.organization_id);
    for (const o of orgs) {
      const [counter] = await t.dataSource.query(
        'SELECT members FROM organization_member_counts WHERE organization_id = ?',
        [o.orgId],
      );
      expect({ org: o.code, counter: Number(counter?.members ?? 0) }).toEqual({
        org: o.code,
        counter: await memberCount(o.orgId),
      });
    }
  });
});
