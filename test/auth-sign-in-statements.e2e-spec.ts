import { addMailableMember, countActions, login, setOrgSettings } from './support/auth-helpers';
import { createOrg, type CreatedOrg } from './support/org-factories';
import { statementLog, type StatementCounter } from './support/statement-log';
import { createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(60_000);

/**
 * The statements one password sign-in sends to the database, counted (not timed): sign-in runs an argon2
 * verification whose time the rest must not double (bench:login), and every statement is a round trip and a hop of
 * the event loop. A change that adds a statement or a transaction to this path fails here and has to say why.
 */
describe('the statements of a password sign-in', () => {
  let t: TestApp;
  let org: CreatedOrg;
  let counted: StatementCounter;

  beforeAll(async () => {
    t = await createTestApp();
    org = await createOrg(t);
    // The organization's first sign-in starts its login-history chain (one more statement, once): done here.
    expect((await login(t, (await addMailableMember(t, org)).loginId)).status).toBe(200);
    counted = statementLog(t);
  });
  afterAll(() => t.close());

  const transactions = (sent: string[]) => sent.filter((s) => /^(START TRANSACTION|BEGIN)/i.test(s)).length;
  const mysql = () => t.database.url.startsWith('mysql');

  it('signs in with one read, one attempt slot and one transaction (session, failures, login history)', async () => {
    const m = await addMailableMember(t, org);
    const { result: res, sent } = await counted(() => login(t, m.loginId));
    expect(res.status).toBe(200);
    expect(res.body.accessToken).toEqual(expect.any(String));
    // 1 the account joined with its organization's settings; 2 the attempt slot (MariaDB: one autocommit UPDATE;
    // SQLite: BEGIN, UPDATE … RETURNING, COMMIT); then one transaction: BEGIN, failures cleared and last login,
    // session, chain head locked, login-history row, chain head, COMMIT.
    expect({ sent, transactions: transactions(sent) }).toEqual({
      sent: expect.any(Array),
      transactions: mysql() ? 1 : 2,
    });
    expect(sent).toHaveLength(mysql() ? 9 : 11);
    expect(sent[0]).toMatch(/^SELECT u\.id, u\.login_id/);
    expect(await countActions(t, m.id)).toEqual({ LOGIN_SUCCESS: 2 });
    const [row]: { failed_login_count: number | string; last_login_at: unknown }[] = await t.dataSource.query(
      'SELECT failed_login_count, last_login_at FROM users WHERE id = ?',
      [m.id],
    );
    expect(Number(row.failed_login_count)).toBe(0);
    expect(row.last_login_at).not.toBeNull();
  });

  it('a wrong password costs the read, the slot and the login-history row, no more', async () => {
    const m = await addMailableMember(t, org);
    const { result: res, sent } = await counted(() => login(t, m.loginId, 'Wrong-pass-1'));
    expect(res.status).toBe(401);
    // The slot as above; the LOGIN_WRONG_PASSWORD row through the audit group commit (BEGIN, head, INSERT, head,
    // COMMIT). Counted with ≤: another request's rows may share that commit, never add to it.
    expect(sent.length).toBeLessThanOrEqual(mysql() ? 7 : 9);
    expect(await countActions(t, m.id)).toMatchObject({ LOGIN_WRONG_PASSWORD: 1 });
    const [row]: { failed_login_count: number | string }[] = await t.dataSource.query(
      'SELECT failed_login_count FROM users WHERE id = ?',
      [m.id],
    );
    expect(Number(row.failed_login_count)).toBe(1);
  });

  it('reads the organization settings with the account, so a changed setting applies to the next attempt', async () => {
    const m = await addMailableMember(t, org);
    await setOrgSettings(t, org.orgId, { lockoutThreshold: 1 });
    try {
      const { result: res } = await counted(() => login(t, m.loginId, 'Wrong-pass-1'));
      expect(res.status).toBe(423);
      expect(await countActions(t, m.id)).toMatchObject({ LOGIN_LOCKED_OUT: 1 });
    } finally {
      await setOrgSettings(t, org.orgId, { lockoutThreshold: 3 });
    }
  });

  it('GET /health/live, the no-op route bench:floor measures, answers without a statement', async () => {
    const { result: res, sent } = await counted(() => t.api('get', '/health/live'));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    expect(sent).toEqual([]);
  });
});
