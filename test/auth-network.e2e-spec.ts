import { UserAccounts } from '../src/users/user-accounts.service';
import { lastLoginHistory } from './support/auth-helpers';
import { DEFAULT_PASSWORD, uniqueLoginId } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

// Jest 29 ignores the e2e project's testTimeout: booting the app on MariaDB under load needs more than 5 s.
jest.setTimeout(60_000);

/**
 * Where a request comes from (SPEC §3.2 step 2, §11): per-user IP allow-lists (addresses and CIDR, IPv4 and IPv6),
 * whether X-Forwarded-For is believed (TRUST_PROXY), and the per-address rate limit on public auth routes.
 */
describe('client addresses: allow-lists, TRUST_PROXY and rate limiting', () => {
  async function account(t: TestApp, allowedIps: string[] = []) {
    const loginId = uniqueLoginId('n');
    const user = await t.app.get(UserAccounts).createAccount({
      loginId,
      password: DEFAULT_PASSWORD,
      familyName: '網',
      givenName: '太郎',
      email: `${loginId}@example.jp`,
      allowedIps,
    });
    return { id: user.id, loginId };
  }
  const loginFrom = (t: TestApp, loginId: string, forwardedFor?: string) => {
    const req = t.api('post', '/auth/login');
    if (forwardedFor) req.set('X-Forwarded-For', forwardedFor);
    return req.send({ loginId, password: DEFAULT_PASSWORD });
  };

  describe('behind a trusted proxy (TRUST_PROXY=true)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env: { TRUST_PROXY: 'true' } });
    });
    afterAll(() => t.close());

    it('takes the client address from X-Forwarded-For and matches it against IPv4 blocks', async () => {
      const a = await account(t, ['203.0.113.0/24', '198.51.100.7']);
      expect((await loginFrom(t, a.loginId, '203.0.113.9')).status).toBe(200);
      expect((await lastLoginHistory(t, a.loginId)).ip).toBe('203.0.113.9');
      expect((await loginFrom(t, a.loginId, '198.51.100.7')).status).toBe(200);
      const refused = await loginFrom(t, a.loginId, '198.51.100.8');
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('IP_NOT_ALLOWED');
      expect(await lastLoginHistory(t, a.loginId)).toMatchObject({
        action: 'LOGIN_IP_NOT_ALLOWED',
        ip: '198.51.100.8',
      });
    });

    it('believes only the hop the proxy added, not addresses a client wrote in front of it', async () => {
      const a = await account(t, ['203.0.113.0/24']);
      expect((await loginFrom(t, a.loginId, '203.0.113.9, 192.0.2.50')).status).toBe(403);
      expect((await lastLoginHistory(t, a.loginId)).ip).toBe('192.0.2.50');
    });

    it('matches IPv6 addresses and blocks, and IPv4-mapped IPv6 as IPv4', async () => {
      const a = await account(t, ['2001:db8:abcd::/48', '192.0.2.0/28']);
      expect((await loginFrom(t, a.loginId, '2001:db8:abcd:12::1')).status).toBe(200);
      expect((await lastLoginHistory(t, a.loginId)).ip).toBe('2001:db8:abcd:12::1');
      expect((await loginFrom(t, a.loginId, '2001:db8:abce::1')).status).toBe(403);
      expect((await loginFrom(t, a.loginId, '::ffff:192.0.2.3')).status).toBe(200);
      expect((await loginFrom(t, a.loginId, '::ffff:192.0.2.99')).status).toBe(403);
    });

    it('lets anyone in when the allow-list is empty', async () => {
      const a = await account(t);
      expect((await loginFrom(t, a.loginId, '192.0.2.200')).status).toBe(200);
    });
  });

  describe('without a trusted proxy (TRUST_PROXY unset)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    it('ignores X-Forwarded-For: the socket address decides', async () => {
      const a = await account(t, ['203.0.113.0/24']);
      const res = await loginFrom(t, a.loginId, '203.0.113.9');
      expect(res.status).toBe(403);
      expect((await lastLoginHistory(t, a.loginId)).ip).toMatch(/^(127\.0\.0\.1|::1)$/);
      const b = await account(t, ['127.0.0.1', '::1']);
      expect((await loginFrom(t, b.loginId, '203.0.113.9')).status).toBe(200);
    });
  });

  describe('rate limit on the public auth routes (AUTH_RATE_LIMIT)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ env: { AUTH_RATE_LIMIT: '5', TRUST_PROXY: 'true' } });
    });
    afterAll(() => t.close());

    it('stops one address spraying passwords over many accounts, across routes, and not other addresses', async () => {
      const accounts = await Promise.all(Array.from({ length: 6 }, () => account(t)));
      const sprayer = '198.51.100.66';
      for (const a of accounts.slice(0, 5)) {
        const res = await t
          .api('post', '/auth/login')
          .set('X-Forwarded-For', sprayer)
          .send({ loginId: a.loginId, password: 'Guess-123' });
        expect(res.status).toBe(401);
      }
      const limited = await t
        .api('post', '/auth/login')
        .set('X-Forwarded-For', sprayer)
        .send({ loginId: accounts[5].loginId, password: 'Guess-123' });
      expect(limited.status).toBe(429);
      expect(limited.body.code).toBe('TOO_MANY_REQUESTS');
      const otherRoute = await t
        .api('post', '/auth/password-reset/request')
        .set('X-Forwarded-For', sprayer)
        .send({ loginId: accounts[5].loginId, email: 'x@example.jp' });
      expect(otherRoute.status).toBe(429);
      // The limited attempt was never evaluated: no login-history row, no failure counted.
      const rows = await t.dataSource.query('SELECT COUNT(*) AS n FROM login_history WHERE user_id = ?', [
        accounts[5].id,
      ]);
      expect(Number(rows[0].n)).toBe(0);

      const someoneElse = await loginFrom(t, accounts[5].loginId, '198.51.100.67');
      expect(someoneElse.status).toBe(200);
      // Signed-in routes are not part of the public budget.
      const me = await t.api('get', '/auth/me', someoneElse.body.accessToken).set('X-Forwarded-For', sprayer);
      expect(me.status).toBe(200);
    });
  });
});
