import { createTestApp, type TestApp } from './support/test-app';
import { sameDatabase, testDatabaseKind } from './support/test-database';

// Jest 29 ignores the e2e project's `testTimeout`; this file boots two apps.
jest.setTimeout(120_000);

/**
 * The sign-in rate limit (AUTH_RATE_LIMIT) is counted in the database, so two instances on one database share one
 * budget per address: 2 × the limit of parallel attempts spread over both instances let exactly the limit through.
 * Instances share a database only on MySQL/MariaDB here (SQLite tests use one in-memory database per app).
 */
const describeOnMysql = testDatabaseKind === 'mysql' ? describe : describe.skip;

describeOnMysql('sign-in rate limit shared by two instances on one database', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    const env = { AUTH_RATE_LIMIT: '10', TRUST_PROXY: 'true' };
    a = await createTestApp({ env });
    b = await createTestApp({ env, database: sameDatabase(a.database) });
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  const attempt = (t: TestApp, address: string) =>
    t
      .api('post', '/auth/login')
      .set('X-Forwarded-For', address)
      .send({ loginId: 'nobody123', password: 'Guess-1234' });

  it('lets 10 of 40 parallel attempts from one address through, over both instances', async () => {
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => attempt(i % 2 ? a : b, '198.51.100.90')),
    );
    const through = answers.filter((r) => r.status !== 429);
    expect(through).toHaveLength(10);
    expect(through.every((r) => r.status === 401)).toBe(true);
    expect(answers.filter((r) => r.status === 429).every((r) => r.body.code === 'TOO_MANY_REQUESTS')).toBe(
      true,
    );
    const [row] = (await a.dataSource.query('SELECT hits FROM rate_limit_counters WHERE bucket_key LIKE ?', [
      '%198.51.100.90',
    ])) as { hits: number | string }[];
    expect(Number(row.hits)).toBe(40);
    // Another address has its own budget, on either instance.
    expect((await attempt(b, '198.51.100.91')).status).toBe(401);
    expect((await attempt(a, '198.51.100.91')).status).toBe(401);
  });

  it('opens a new window once the old one has ended', async () => {
    await a.dataSource.query('UPDATE rate_limit_counters SET window_ends_at = 0 WHERE bucket_key LIKE ?', [
      '%198.51.100.90',
    ]);
    expect((await attempt(b, '198.51.100.90')).status).toBe(401);
    const [row] = (await a.dataSource.query('SELECT hits FROM rate_limit_counters WHERE bucket_key LIKE ?', [
      '%198.51.100.90',
    ])) as { hits: number | string }[];
    expect(Number(row.hits)).toBe(1);
  });
});
