import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Permission } from '@kanri/access/permission';
import { UsageStopJob } from '../src/members/usage-stop.job';
import { UsageStopService } from '../src/members/usage-stop.service';
import { DEFAULT_PASSWORD, loginAs } from './support/factories';
import { addMember, createOrg, type CreatedOrg, operatorToken, orgCodeOf } from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';
import { sameDatabase, type TestDatabase, testDatabaseKind } from './support/test-database';
import { createOrgUser, signInWithConfirmation, useJwtStrategyOf } from './support/user-admin';

// Jest 29 ignores the e2e project's `testTimeout`; these files boot the app and create many accounts.
jest.setTimeout(60_000);

/** 10:00 in Tokyo on 2026-03-10 (APP_TIMEZONE defaults to Asia/Tokyo). */
const MORNING = '2026-03-10T01:00:00Z';
/** 23:59 in Tokyo, still 2026-03-10. */
const LAST_MINUTE = '2026-03-10T14:59:00Z';
/** 00:05 in Tokyo on 2026-03-11: the job's time. */
const NEXT_DAY = '2026-03-10T15:05:00Z';

/**
 * 利用停止日 (SPEC §4; manual: 組織内ユーザーの利用停止日を設定する): managers set, clear and list them; the user
 * can sign in through that date and not from 00:00 of the next day; the daily job deletes the account once, on one
 * instance, and keeps a stopped last manager while members remain (the organization is flagged managerRequired).
 */
describe('usage stop dates', () => {
  let t: TestApp;
  let org: CreatedOrg;
  let managerToken: string;
  const stopDate = (userId: string, date: string | null, token = managerToken, orgId = org.orgId) =>
    t.api('put', `/organizations/${orgId}/users/${userId}/usage-stop-date`, token).send({ date });
  const exists = async (id: string) =>
    ((await t.dataSource.query('SELECT id FROM users WHERE id = ?', [id])) as unknown[]).length === 1;
  const deletionRows = async (loginId: string) =>
    (
      (await t.dataSource.query(
        "SELECT details, operator_login_id FROM operation_history WHERE route = 'job:usage-stop' AND details LIKE ?",
        [`%${loginId}%`],
      )) as { details: string; operator_login_id: string }[]
    ).filter((r) => JSON.parse(r.details).body.action === 'usage_stop_delete');

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(MORNING);
    org = await createOrg(t);
    managerToken = org.manager.token;
  });
  afterAll(() => t.close());

  /** Signs the organization's manager in again (moving the clock by days ends sessions). */
  const refreshManager = async () => {
    managerToken = await loginAs(t, org.manager.loginId, org.manager.password);
  };

  describe('setting, clearing, listing', () => {
    it('a manager sets a date (today or later) and clears it', async () => {
      const user = await createOrgUser(t, org, {}, managerToken);
      const set = await stopDate(user.id, '2026-03-31');
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({ id: user.id, loginId: user.loginId, usageStopDate: '2026-03-31' });
      expect((await stopDate(user.id, '2026-03-10')).status).toBe(200);
      const listed = await t.api(
        'get',
        `/organizations/${org.orgId}/users/usage-stop-dates?scheduledOnly=true`,
        managerToken,
      );
      expect(listed.status).toBe(200);
      expect(listed.body.items).toEqual([
        expect.objectContaining({ id: user.id, usageStopDate: '2026-03-10' }),
      ]);
      const cleared = await stopDate(user.id, null);
      expect(cleared.body.usageStopDate).toBeNull();
      const all = await t.api('get', `/organizations/${org.orgId}/users/usage-stop-dates`, managerToken);
      expect(all.body.total).toBeGreaterThanOrEqual(2);
      expect(all.body.items.every((i: { usageStopDate: string | null }) => i.usageStopDate === null)).toBe(
        true,
      );
    });

    it('refuses past dates and non-dates', async () => {
      const user = await createOrgUser(t, org, {}, managerToken);
      for (const date of ['2026-03-09', '2026-02-30', '20260331', 'tomorrow']) {
        const res = await stopDate(user.id, date);
        expect({ date, status: res.status }).toEqual({ date, status: 400 });
      }
    });

    it('is for managers: administrators with users.manage are refused (403), and the user list field too', async () => {
      const admin = await createOrgUser(t, org, { permissions: [{ permission: Permission.UsersManage }] });
      const adminToken = await signInWithConfirmation(t, admin);
      const user = await createOrgUser(t, org, {}, managerToken);
      expect((await stopDate(user.id, '2026-03-31', adminToken)).status).toBe(403);
      expect(
        (await t.api('get', `/organizations/${org.orgId}/users/usage-stop-dates`, adminToken)).status,
      ).toBe(403);
      const patch = await t
        .api('patch', `/organizations/${org.orgId}/users/${user.id}`, adminToken)
        .send({ confirmationPassword: 'Confirm-456', usageStopDate: '2026-03-31' });
      expect(patch.status).toBe(403);
    });

    it('another organization’s user is 404', async () => {
      const other = await createOrg(t);
      expect((await stopDate(other.manager.id, '2026-03-31')).status).toBe(404);
    });

    it('refuses the last manager while other members remain (MANAGER_REQUIRED)', async () => {
      const res = await stopDate(org.manager.id, '2026-03-31');
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('MANAGER_REQUIRED');
    });
  });

  describe('sign-in and the daily job', () => {
    it('signs in through the stop date, is refused from the next day, and is deleted once by the job', async () => {
      t.clock.set(MORNING);
      await refreshManager();
      const user = await createOrgUser(t, org, {}, managerToken);
      await stopDate(user.id, '2026-03-10');
      t.clock.set(LAST_MINUTE);
      const lastDay = await t
        .api('post', '/auth/login')
        .send({ loginId: user.loginId, password: user.password });
      expect(lastDay.status).toBe(200);
      const session = lastDay.body.accessToken as string;

      t.clock.set('2026-03-10T15:00:00Z');
      const refused = await t
        .api('post', '/auth/login')
        .send({ loginId: user.loginId, password: user.password });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('ACCOUNT_STOPPED');

      t.clock.set(NEXT_DAY);
      const service = t.app.get(UsageStopService);
      const first = await service.deleteStoppedAccounts();
      expect(first).toMatchObject({ date: '2026-03-11', deleted: 1, kept: 0 });
      expect(await exists(user.id)).toBe(false);
      expect((await t.api('get', '/auth/me', session)).status).toBe(401);
      const again = await service.deleteStoppedAccounts();
      expect(again.deleted).toBe(0);
      const rows = await deletionRows(user.loginId);
      expect(rows).toHaveLength(1);
      expect(rows[0].operator_login_id).toBe('system');
      const history: unknown[] = await t.dataSource.query(
        'SELECT id FROM login_history WHERE login_id_typed = ?',
        [user.loginId],
      );
      expect(history.length).toBeGreaterThan(0);
    });

    it('runs once per business day through the job runner', async () => {
      t.clock.set(MORNING);
      await refreshManager();
      const user = await createOrgUser(t, org, {}, managerToken);
      await stopDate(user.id, '2026-03-10');
      t.clock.set(NEXT_DAY);
      const job = t.app.get(UsageStopJob);
      expect(await job.runToday()).toBe('ran');
      expect(await job.runToday()).toBe('skipped');
      expect(await exists(user.id)).toBe(false);
      expect(await deletionRows(user.loginId)).toHaveLength(1);
    });

    it('keeps a stopped last manager while members remain, flags the organization, and deletes them once a manager is appointed', async () => {
      t.clock.set(MORNING);
      const solo = await createOrg(t);
      // Alone in the organization, the manager may set their own stop date (nobody is left without a manager).
      expect((await stopDate(solo.manager.id, '2026-03-10', solo.manager.token, solo.orgId)).status).toBe(
        200,
      );
      const member = await addMember(t, solo.orgId);

      t.clock.set(NEXT_DAY);
      const service = t.app.get(UsageStopService);
      expect(await service.deleteStoppedAccounts()).toMatchObject({ deleted: 0, kept: 1 });
      expect(await exists(solo.manager.id)).toBe(true);
      expect(await exists(member.id)).toBe(true);
      const [flag] = await t.dataSource.query('SELECT manager_required FROM organizations WHERE id = ?', [
        solo.orgId,
      ]);
      expect(Number(flag.manager_required)).toBe(1);
      const stopped = await t
        .api('post', '/auth/login')
        .send({ loginId: solo.manager.loginId, password: DEFAULT_PASSWORD });
      expect(stopped.body.code).toBe('ACCOUNT_STOPPED');
      const flagged: { details: string }[] = await t.dataSource.query(
        "SELECT details FROM operation_history WHERE organization_id = ? AND route = 'job:usage-stop' AND operation = 'update'",
        [solo.orgId],
      );
      expect(flagged.map((r) => JSON.parse(r.details).body.action)).toEqual(['manager_required']);

      // Running again changes nothing and audits nothing new.
      expect(await service.deleteStoppedAccounts()).toMatchObject({ deleted: 0, kept: 1 });
      expect(
        (await t.dataSource.query(
          "SELECT id FROM operation_history WHERE organization_id = ? AND route = 'job:usage-stop' AND operation = 'update'",
          [solo.orgId],
        )) as unknown[],
      ).toHaveLength(1);

      // The help desk appoints the member; the flag clears and the next run deletes the old manager.
      const appointed = await t
        .api('put', `/organizations/${solo.orgId}/managers`, await operatorToken(t, true))
        .send({ managerUserIds: [member.id] });
      expect(appointed.status).toBe(200);
      const [cleared] = await t.dataSource.query('SELECT manager_required FROM organizations WHERE id = ?', [
        solo.orgId,
      ]);
      expect(Number(cleared.manager_required)).toBe(0);
      expect(await service.deleteStoppedAccounts()).toMatchObject({ deleted: 1, kept: 0 });
      expect(await exists(solo.manager.id)).toBe(false);
      expect(await exists(member.id)).toBe(true);
    });

    it('deletes the last member too when nobody else remains (the system actor may)', async () => {
      t.clock.set(MORNING);
      const solo = await createOrg(t);
      await stopDate(solo.manager.id, '2026-03-10', solo.manager.token, solo.orgId);
      t.clock.set(NEXT_DAY);
      expect((await t.app.get(UsageStopService).deleteStoppedAccounts()).deleted).toBe(1);
      expect(await exists(solo.manager.id)).toBe(false);
      expect(await orgCodeOf(t, solo.orgId)).toEqual(expect.any(String));
    });
  });

  describe('several instances', () => {
    let b: TestApp;
    beforeAll(async () => {
      b = testDatabaseKind === 'mysql' ? await createTestApp({ database: sameDatabase(t.database) }) : t;
      useJwtStrategyOf(t);
    });
    afterAll(async () => {
      if (b !== t) await b.close();
      useJwtStrategyOf(t);
    });

    it('deletes each stopped user once when two instances run the job at the same moment', async () => {
      t.clock.set(MORNING);
      await refreshManager();
      const users = [];
      for (let i = 0; i < 6; i++) users.push(await createOrgUser(t, org, {}, managerToken));
      for (const u of users) await stopDate(u.id, '2026-03-10');
      t.clock.set('2026-03-11T15:05:00Z');
      b.clock.set('2026-03-11T15:05:00Z');
      const services = [t.app.get(UsageStopService), b.app.get(UsageStopService)];
      const jobs = [t.app.get(UsageStopJob), b.app.get(UsageStopJob)];
      const results = await Promise.all([
        ...services.map((s) => s.deleteStoppedAccounts()),
        ...services.map((s) => s.deleteStoppedAccounts()),
        ...jobs.map((j) => j.runToday()),
      ]);
      expect(results.slice(4).filter((r) => r === 'ran')).toHaveLength(1);
      for (const u of users) {
        expect(await exists(u.id)).toBe(false);
        expect(await deletionRows(u.loginId)).toHaveLength(1);
      }
    });
  });

  describe('catch-up at start', () => {
    it('an instance that starts after a missed run deletes the stopped accounts', async () => {
      t.clock.set(MORNING);
      await refreshManager();
      const user = await createOrgUser(t, org, {}, managerToken);
      // The date passed while no instance was running.
      await t.dataSource.query('UPDATE users SET usage_stop_date = ? WHERE id = ?', ['2020-01-01', user.id]);
      let dir: string | null = null;
      let database: TestDatabase = sameDatabase(t.database);
      if (testDatabaseKind !== 'mysql') {
        // An in-memory SQLite database cannot be shared: rebuild the situation in a file database.
        dir = mkdtempSync(join(tmpdir(), 'kanri-usage-stop-'));
        database = { url: `sqlite:${join(dir, 'kanri.sqlite')}`, drop: async () => undefined };
        const seed = await createTestApp({ database });
        const seeded = await createOrg(seed);
        const target = await createOrgUser(seed, seeded);
        await seed.dataSource.query('UPDATE users SET usage_stop_date = ? WHERE id = ?', [
          '2020-01-01',
          target.id,
        ]);
        await seed.close();
        useJwtStrategyOf(t);
        await t.dataSource.query('UPDATE users SET usage_stop_date = NULL WHERE id = ?', [user.id]);
        user.id = target.id;
      }
      const late = await createTestApp({ database, env: { SCHEDULER_ENABLED: 'true' } });
      try {
        let gone = false;
        for (let i = 0; i < 100 && !gone; i++) {
          gone =
            ((await late.dataSource.query('SELECT id FROM users WHERE id = ?', [user.id])) as unknown[])
              .length === 0;
          if (!gone) await new Promise((r) => setTimeout(r, 50));
        }
        expect(gone).toBe(true);
      } finally {
        await late.close();
        useJwtStrategyOf(t);
        if (dir) rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
