import { randomUUID } from 'node:crypto';
import { acquireMigrationLock, MIGRATION_LOCK_TABLE } from '../src/database/migrate';
import { addMembers, createOrg, setManagers } from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';
import { testDatabaseKind } from './support/test-database';

// Jest 29 ignores the e2e project's `testTimeout`; this file boots the app.
jest.setTimeout(120_000);

/**
 * What makes Kanri safe on a Galera cluster, seen on one database: a row locked for update is also written (its guard
 * row in `lock_guards`), and the migration lock is a leased row taken by conditional UPDATE. The cluster drills
 * (`npm run test:cluster`) show the effect across nodes; these show the mechanism on MariaDB, and that SQLite, whose
 * writers are serialized anyway, writes no guard rows.
 */
describe('guard rows and the migration lease', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const guardVersion = async (key: string) => {
    const rows = (await t.dataSource.query('SELECT version FROM lock_guards WHERE guard_key = ?', [key])) as {
      version: number | string;
    }[];
    return rows.length ? Number(rows[0].version) : null;
  };

  it('writes the guard row of the organization every time a manager change locks it (MariaDB only)', async () => {
    const org = await createOrg(t);
    const [m1] = await addMembers(t, org.orgId, 5);
    const before = await guardVersion(`organizations:${org.orgId}`);
    await setManagers(t, org, [org.manager.id, m1.id]);
    await setManagers(t, org, [org.manager.id]);
    const after = await guardVersion(`organizations:${org.orgId}`);
    if (testDatabaseKind === 'mysql') {
      expect(before).not.toBeNull();
      expect(after).toBeGreaterThanOrEqual((before ?? 0) + 2);
      // The users locked by the change are guarded too.
      expect(await guardVersion(`users:${m1.id}`)).not.toBeNull();
    } else {
      expect([before, after]).toEqual([null, null]);
    }
  });

  const describeOnMysql = testDatabaseKind === 'mysql' ? describe : describe.skip;

  describeOnMysql('the test-build switch KANRI_TEST_GUARDS_OFF (cluster drill 1g)', () => {
    it('locks without writing guard rows in a test build, so the drill can show what they are for', async () => {
      const off = await createTestApp({ env: { KANRI_TEST_GUARDS_OFF: '1' } });
      try {
        expect(off.config.testGuardsOff).toBe(true);
        const org = await createOrg(off);
        const [m1] = await addMembers(off, org.orgId, 5);
        await setManagers(off, org, [org.manager.id, m1.id]);
        const rows = (await off.dataSource.query('SELECT COUNT(*) AS n FROM lock_guards')) as {
          n: number | string;
        }[];
        expect(Number(rows[0].n)).toBe(0);
        // The rule itself still holds on one server: the row locks order the transactions.
        const managers = (await off.dataSource.query(
          'SELECT COUNT(*) AS n FROM users WHERE organization_id = ? AND is_manager = 1',
          [org.orgId],
        )) as { n: number | string }[];
        expect(Number(managers[0].n)).toBe(2);
      } finally {
        await off.close();
      }
    });
  });
  describeOnMysql('migration lease', () => {
    it('is held by one instance at a time; the next gets it once it is given back', async () => {
      const first = t.dataSource.createQueryRunner();
      const second = t.dataSource.createQueryRunner();
      try {
        const a = randomUUID();
        const b = randomUUID();
        await acquireMigrationLock(first, a);
        let secondGotIt = false;
        const waiting = acquireMigrationLock(second, b).then(() => (secondGotIt = true));
        // The second keeps asking while the first holds the lease.
        for (let i = 0; i < 5; i++) await first.query(`SELECT holder FROM ${MIGRATION_LOCK_TABLE}`);
        await new Promise((r) => setTimeout(r, 700));
        expect(secondGotIt).toBe(false);
        const [held] = (await first.query(`SELECT holder FROM ${MIGRATION_LOCK_TABLE} WHERE id = 1`)) as {
          holder: string;
        }[];
        expect(held.holder).toBe(a);
        await first.query(
          `UPDATE ${MIGRATION_LOCK_TABLE} SET holder = NULL, expires_at = 0 WHERE holder = ?`,
          [a],
        );
        await waiting;
        const [now] = (await first.query(`SELECT holder FROM ${MIGRATION_LOCK_TABLE} WHERE id = 1`)) as {
          holder: string;
        }[];
        expect(now.holder).toBe(b);
        await first.query(
          `UPDATE ${MIGRATION_LOCK_TABLE} SET holder = NULL, expires_at = 0 WHERE holder = ?`,
          [b],
        );
      } finally {
        await first.release();
        await second.release();
      }
    });

    it('lets a lapsed lease be taken over (a crashed holder does not block starts)', async () => {
      const runner = t.dataSource.createQueryRunner();
      try {
        await runner.query(
          `UPDATE ${MIGRATION_LOCK_TABLE} SET holder = 'crashed-instance', expires_at = UNIX_TIMESTAMP() - 1 WHERE id = 1`,
        );
        const c = randomUUID();
        await acquireMigrationLock(runner, c);
        const [row] = (await runner.query(`SELECT holder FROM ${MIGRATION_LOCK_TABLE} WHERE id = 1`)) as {
          holder: string;
        }[];
        expect(row.holder).toBe(c);
        await runner.query(
          `UPDATE ${MIGRATION_LOCK_TABLE} SET holder = NULL, expires_at = 0 WHERE holder = ?`,
          [c],
        );
      } finally {
        await runner.release();
      }
    });
  });
});
