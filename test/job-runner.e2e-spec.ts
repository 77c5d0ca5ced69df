import { Logger } from '@nestjs/common';
import { JobRun } from '@kanri/common/jobs/job-run.entity';
import { JobRunner } from '@kanri/common/jobs/job-runner.service';
import { createTestApp, type TestApp } from './support/test-app';
import { sameDatabase, testDatabaseKind } from './support/test-database';

/**
 * SPEC §0 "Multi-instance": each scheduled job runs once per schedule across all instances, and a crashed
 * holder does not block it forever. Two real app instances share one database here (on SQLite an in-memory
 * database cannot be shared between instances, so there both runners live in one app).
 */
describe('JobRunner across instances', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await createTestApp();
    b = testDatabaseKind === 'mysql' ? await createTestApp({ database: sameDatabase(a.database) }) : a;
  });
  afterAll(async () => {
    if (b !== a) await b.close();
    await a.close();
  });

  const runners = () => [
    a.app.get(JobRunner),
    b.app.get(JobRunner),
    a.app.get(JobRunner),
    b.app.get(JobRunner),
  ];

  it('runs one occurrence once when every instance fires at the same moment', async () => {
    let effects = 0;
    const work = async () => {
      effects += 1;
      await new Promise((r) => setTimeout(r, 50));
    };
    const outcomes = await Promise.all(runners().map((r) => r.runOnce('test-job', '2026-11-22', work)));
    expect(effects).toBe(1);
    expect(outcomes.filter((o) => o === 'ran')).toHaveLength(1);
    const rows = await a.dataSource.query("SELECT state FROM job_runs WHERE name = 'test-job'");
    expect(rows).toEqual([{ state: 'done' }]);
  });

  it('does not run a finished occurrence again, but runs the next one', async () => {
    let effects = 0;
    const work = async () => {
      effects += 1;
    };
    expect(await b.app.get(JobRunner).runOnce('test-job', '2026-11-22', work)).toBe('skipped');
    expect(await b.app.get(JobRunner).runOnce('test-job', '2026-11-23', work)).toBe('ran');
    expect(effects).toBe(1);
  });

  it('takes over an occurrence whose holder crashed once its lease has lapsed', async () => {
    const past = new Date(Date.now() - 60_000);
    await a.dataSource.getRepository(JobRun).insert([
      {
        name: 'crashy',
        slot: 's1',
        holder: 'dead-instance',
        state: 'running',
        leaseUntil: past,
        startedAt: past,
        finishedAt: null,
      },
      {
        name: 'crashy',
        slot: 's2',
        holder: 'live-instance',
        state: 'running',
        leaseUntil: new Date(Date.now() + 600_000),
        startedAt: past,
        finishedAt: null,
      },
    ]);
    let effects = 0;
    const work = async () => {
      effects += 1;
    };
    expect(await b.app.get(JobRunner).runOnce('crashy', 's1', work)).toBe('ran');
    expect(await b.app.get(JobRunner).runOnce('crashy', 's2', work)).toBe('skipped');
    expect(effects).toBe(1);
  });

  it('gives the occurrence back when the work fails, so it can be resumed', async () => {
    await expect(
      a.app.get(JobRunner).runOnce('flaky', 's1', async () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    let resumed = false;
    expect(
      await b.app.get(JobRunner).runOnce('flaky', 's1', async () => {
        resumed = true;
      }),
    ).toBe('ran');
    expect(resumed).toBe(true);
  });

  it('as a schedule calls it, answers a failure with "failed" and a warning, and gives the occurrence back', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    try {
      expect(
        await a.app
          .get(JobRunner)
          .tryOnce('flaky', 's2', 'flaky job', async () => Promise.reject(new Error('boom'))),
      ).toBe('failed');
      expect(warn.mock.calls.map(([m]) => String(m))).toContain('flaky job failed: boom');
    } finally {
      warn.mockRestore();
    }
    expect(await b.app.get(JobRunner).tryOnce('flaky', 's2', 'flaky job', async () => undefined)).toBe('ran');
  });
});
