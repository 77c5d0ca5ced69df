import { JobRunner } from '@kanri/common/jobs/job-runner.service';
import { BookkeepingPruningJob } from '../src/database/bookkeeping-pruning.job';
import { createOrg } from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';
import { testDatabaseKind } from './support/test-database';

const DAY = 86_400_000;

/**
 * The bookkeeping pruning job (docs/operations/jobs.md): guard rows untouched for a day and job-run rows of
 * occurrences a month past go; guard rows written since and recent runs stay.
 */
describe('bookkeeping pruning', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const guards = async () =>
    (
      (await t.dataSource.query('SELECT guard_key, touched_at FROM lock_guards ORDER BY guard_key')) as {
        guard_key: string;
        touched_at: number | string;
      }[]
    ).map((r) => r.guard_key);
  const runs = async () =>
    (
      (await t.dataSource.query(
        `SELECT name, slot FROM job_runs WHERE name LIKE 'test-%' ORDER BY name`,
      )) as {
        name: string;
        slot: string;
      }[]
    ).map((r) => `${r.name}/${r.slot}`);

  it('drops guard rows untouched for a day and job runs a month past, and keeps the live ones', async () => {
    const now = t.clock.now().getTime();
    // A live guard row written by a transaction (MySQL/MariaDB write them; SQLite needs none) and rows stamped by hand.
    await createOrg(t);
    const written = await guards();
    if (testDatabaseKind === 'mysql') expect(written.length).toBeGreaterThan(0);
    await t.dataSource.query(
      'INSERT INTO lock_guards (guard_key, version, touched_at) VALUES (?, 3, ?), (?, 1, ?)',
      ['test:dead', now - DAY - 1_000, 'test:recent', now - DAY + 60_000],
    );
    // Job runs: one done 40 days ago, one abandoned (running, lease lapsed) 40 days ago, one done yesterday.
    const runner = t.app.get(JobRunner);
    for (const [name, ago] of [
      ['test-old-done', 40 * DAY],
      ['test-recent-done', DAY],
    ] as const) {
      t.clock.set(new Date(now - ago));
      await runner.runOnce(name, 'slot', () => Promise.resolve());
    }
    t.clock.set(new Date(now - 40 * DAY));
    await runner
      .runOnce('test-old-crashed', 'slot', () => Promise.reject(new Error('crash')), 1_000)
      .catch(() => undefined);
    t.clock.set(new Date(now));
    expect(await runs()).toEqual(['test-old-crashed/slot', 'test-old-done/slot', 'test-recent-done/slot']);

    const pruned = await t.app.get(BookkeepingPruningJob).runWork();

    expect(await guards()).toEqual([...written, 'test:recent'].sort());
    expect(await runs()).toEqual(['test-recent-done/slot']);
    expect(pruned).toEqual({ lockGuards: 1, jobRuns: 2 });
  });

  it('prunes in batches until nothing old is left', async () => {
    const now = t.clock.now().getTime();
    const keys = Array.from({ length: 1_203 }, (_, i) => `test:batch:${String(i).padStart(4, '0')}`);
    for (let i = 0; i < keys.length; i += 300) {
      const chunk = keys.slice(i, i + 300);
      await t.dataSource.query(
        `INSERT INTO lock_guards (guard_key, version, touched_at) VALUES ${chunk.map(() => '(?, 1, ?)').join(', ')}`,
        chunk.flatMap((k) => [k, now - 2 * DAY]),
      );
    }
    const pruned = await t.app.get(BookkeepingPruningJob).runWork();
    expect(pruned?.lockGuards).toBe(1_203);
    const [{ n }] = (await t.dataSource.query(
      `SELECT COUNT(*) AS n FROM lock_guards WHERE guard_key LIKE 'test:batch:%'`,
    )) as { n: number | string }[];
    expect(Number(n)).toBe(0);
  });
});
