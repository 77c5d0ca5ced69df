import { addMailableMember, lastLoginHistory, login, TEST_USER_AGENT } from './support/auth-helpers';
import { createOrg, type CreatedOrg } from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';

// Jest 29 ignores the e2e project's testTimeout: booting the app on MariaDB under load needs more than 5 s.
jest.setTimeout(60_000);

/** SPEC §3.6: a user's own sessions, and tokens that stop working at once when the account changes. */
describe('own sessions and live tokens', () => {
  let t: TestApp;
  let org: CreatedOrg;

  beforeAll(async () => {
    t = await createTestApp();
    org = await createOrg(t);
  });
  afterAll(() => t.close());

  it('lists the open sessions of the caller only, marking the current one', async () => {
    const m = await addMailableMember(t, org);
    const second = (await login(t, m.loginId)).body.accessToken as string;
    const ended = (await login(t, m.loginId)).body.accessToken as string;
    await t.api('post', '/auth/logout', ended);
    await addMailableMember(t, org); // someone else's sessions must not show

    const res = await t.api('get', '/auth/sessions', second);
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    const current = res.body.items.find((s: { current: boolean }) => s.current);
    expect(current).toEqual({
      id: expect.any(String),
      createdAt: expect.any(String),
      lastSeenAt: expect.any(String),
      expiresAt: expect.any(String),
      ip: expect.stringMatching(/^(127\.0\.0\.1|::1)$/),
      userAgent: TEST_USER_AGENT,
      current: true,
    });
    const own: { id: string }[] = await t.dataSource.query(
      'SELECT id FROM sessions WHERE user_id = ? AND ended_at IS NULL',
      [m.id],
    );
    expect(res.body.items.map((s: { id: string }) => s.id).sort()).toEqual(own.map((s) => s.id).sort());
  });

  it('leaves out sessions that timed out from inactivity', async () => {
    const m = await addMailableMember(t, org);
    t.clock.advanceMinutes(31);
    try {
      const fresh = (await login(t, m.loginId)).body.accessToken as string;
      const res = await t.api('get', '/auth/sessions', fresh);
      expect(res.body.items).toHaveLength(1);
    } finally {
      t.clock.advanceMinutes(-31);
    }
  });

  it('revokes one of the own sessions: its token stops working, the others keep going', async () => {
    const m = await addMailableMember(t, org);
    const laptop = (await login(t, m.loginId)).body.accessToken as string;
    const list = await t.api('get', '/auth/sessions', m.token);
    const target = list.body.items.find((s: { current: boolean }) => !s.current);
    expect(target).toBeDefined();

    const res = await t
      .api('delete', `/auth/sessions/${target.id}`, m.token)
      .set('User-Agent', TEST_USER_AGENT);
    expect(res.status).toBe(204);
    expect((await t.api('get', '/auth/me', laptop)).status).toBe(401);
    expect((await t.api('get', '/auth/me', m.token)).status).toBe(200);
    const [row] = await t.dataSource.query('SELECT end_reason FROM sessions WHERE id = ?', [target.id]);
    expect(row.end_reason).toBe('revoked');
    const history = await lastLoginHistory(t, m.loginId);
    expect(history).toMatchObject({ action: 'LOGOUT', user_id: m.id });
    expect(Number(history.session_seconds)).toBeGreaterThanOrEqual(0);
    expect((await t.api('delete', `/auth/sessions/${target.id}`, m.token)).status).toBe(404);
  });

  it("answers 404 for another user's session and leaves it alone", async () => {
    const a = await addMailableMember(t, org);
    const b = await addMailableMember(t, org);
    const [bSession] = await t.dataSource.query('SELECT id FROM sessions WHERE user_id = ?', [b.id]);
    expect((await t.api('delete', `/auth/sessions/${bSession.id}`, a.token)).status).toBe(404);
    expect((await t.api('get', '/auth/me', b.token)).status).toBe(200);
  });

  it("refuses a disabled user's live token on the very next request", async () => {
    const m = await addMailableMember(t, org);
    expect((await t.api('get', '/auth/me', m.token)).status).toBe(200);
    await t.dataSource.query('UPDATE users SET is_disabled = ? WHERE id = ?', [true, m.id]);
    const res = await t.api('get', '/auth/me', m.token);
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });
});
