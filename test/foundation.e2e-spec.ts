import { Logger } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { createTestApp, OPERATOR, type TestApp } from './support/test-app';
import {
  createAccount,
  DEFAULT_PASSWORD,
  loginAs,
  loginAsOperator,
  uniqueLoginId,
} from './support/factories';

describe('Foundation: a runnable Kanri with the first secure slice', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('HTTP ground rules (SPEC §0)', () => {
    it('serves the OpenAPI document and Swagger UI', async () => {
      const json = await t.http.get('/api/docs-json');
      expect(json.status).toBe(200);
      expect(json.body.openapi).toMatch(/^3\./);
      expect(Object.keys(json.body.paths)).toEqual(
        expect.arrayContaining(['/api/v1/auth/login', '/api/v1/users']),
      );
      const ui = await t.http.get('/api/docs/');
      expect(ui.status).toBe(200);
      expect(ui.text).toContain('swagger');
    });

    it('gives every DTO a schema of its own (two classes of one name would share, and misdocument, one)', () => {
      const warn = jest.spyOn(Logger, 'warn').mockImplementation(() => undefined);
      try {
        const document = SwaggerModule.createDocument(t.app, new DocumentBuilder().build());
        expect(Object.keys(document.components?.schemas ?? {}).length).toBeGreaterThan(50);
        const duplicates = warn.mock.calls
          .map(([message]) => String(message))
          .filter((m) => m.includes('Duplicate DTO'));
        expect(duplicates).toEqual([]);
      } finally {
        warn.mockRestore();
      }
    });

    it('answers malformed JSON with 400 in the error shape', async () => {
      const res = await t
        .api('post', '/auth/login')
        .set('Content-Type', 'application/json')
        .send('{"loginId": "abc",');
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ statusCode: 400, code: 'MALFORMED_REQUEST', message: expect.any(String) });
    });

    it('rejects unknown fields with 400 VALIDATION_FAILED naming the field', async () => {
      const res = await t
        .api('post', '/auth/login')
        .send({ loginId: 'abc123', password: 'x', isAdmin: true });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.fields.isAdmin).toEqual([expect.stringContaining('should not exist')]);
    });

    it('answers unknown routes with 404 in the error shape', async () => {
      const res = await t.api('get', '/no/such/route');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ statusCode: 404, code: 'NOT_FOUND', message: expect.any(String) });
    });

    it('puts a request id and security headers on every response', async () => {
      const res = await t.api('get', '/health');
      expect(res.status).toBe(200);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      const echoed = await t.api('get', '/health').set('X-Request-Id', 'proxy-id-12345');
      expect(echoed.headers['x-request-id']).toBe('proxy-id-12345');
      const injected = await t.api('get', '/health').set('X-Request-Id', 'bad id <script> with spaces');
      expect(injected.headers['x-request-id']).not.toContain('bad');
    });

    it('needs a token on every non-public route', async () => {
      const res = await t.api('get', '/auth/me');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
      const forged = await t.api('get', '/auth/me', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.');
      expect(forged.status).toBe(401);
    });
  });

  describe('operator bootstrap and accounts (SPEC §4, §11)', () => {
    it('lets the bootstrapped operator sign in and see themselves', async () => {
      const token = await loginAsOperator(t);
      const me = await t.api('get', '/auth/me', token);
      expect(me.status).toBe(200);
      expect(me.body.user.loginId).toBe(OPERATOR.loginId);
      expect(me.body.isSystemOperator).toBe(true);
      expect(JSON.stringify(me.body)).not.toMatch(/hash|\$argon2/i);
    });

    it('creates and lists accounts outside organizations, never showing a hash', async () => {
      const account = await createAccount(t, { familyName: '髙橋', givenName: '花子' });
      const token = await loginAsOperator(t);
      const list = await t.api('get', '/users?perPage=100', token);
      expect(list.status).toBe(200);
      const item = list.body.items.find((u: { id: string }) => u.id === account.id);
      expect(item).toMatchObject({ loginId: account.loginId, familyName: '髙橋', organizationId: null });
      expect(JSON.stringify(list.body)).not.toMatch(/argon2|passwordHash|confirmationHash/);
      const rows = await t.dataSource.query(
        'SELECT password_hash, confirmation_hash FROM users WHERE id = ?',
        [account.id],
      );
      expect(rows[0].password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(rows[0].confirmation_hash).toMatch(/^\$argon2id\$/);
    });

    it('answers a duplicate login ID with 409 CONFLICT and creates nothing', async () => {
      const account = await createAccount(t);
      const token = await loginAsOperator(t);
      const res = await t
        .api('post', '/users', token)
        .send({ loginId: account.loginId, password: DEFAULT_PASSWORD, familyName: '別', givenName: '人' });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('CONFLICT');
      const [{ n }] = await t.dataSource.query('SELECT COUNT(*) AS n FROM users WHERE login_id = ?', [
        account.loginId,
      ]);
      expect(Number(n)).toBe(1);
    });

    it('treats login IDs as case-sensitive', async () => {
      const loginId = `Ab${uniqueLoginId('c')}`.slice(0, 12);
      await createAccount(t, { loginId });
      const token = await loginAsOperator(t);
      const twin = await t.api('post', '/users', token).send({
        loginId: loginId.toLowerCase(),
        password: DEFAULT_PASSWORD,
        familyName: '別',
        givenName: '人',
      });
      expect(twin.status).toBe(201);
      const wrongCase = await t
        .api('post', '/auth/login')
        .send({ loginId: loginId.toUpperCase(), password: DEFAULT_PASSWORD });
      expect(wrongCase.status).toBe(401);
    });

    it('validates account fields and the password policy without echoing the password', async () => {
      const token = await loginAsOperator(t);
      const res = await t.api('post', '/users', token).send({
        loginId: 'abc',
        password: 'short',
        familyName: '',
        givenName: 'x',
        familyNameKana: 'やまだ',
        email: 'nope',
        allowedIps: ['10.0.0.0/33'],
      });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.details.fields)).toEqual(
        expect.arrayContaining(['loginId', 'familyName', 'familyNameKana', 'email', 'allowedIps']),
      );
      const weak = await t
        .api('post', '/users', token)
        .send({ loginId: uniqueLoginId(), password: 'onlyletters', familyName: 'a', givenName: 'b' });
      expect(weak.status).toBe(400);
      expect(weak.body.code).toBe('PASSWORD_POLICY_VIOLATED');
      expect(JSON.stringify(weak.body)).not.toContain('onlyletters');
    });

    it('refuses account administration to a non-operator with 403', async () => {
      const account = await createAccount(t);
      const token = await loginAs(t, account.loginId);
      expect((await t.api('get', '/users', token)).status).toBe(403);
      expect((await t.api('post', '/users', token).send({})).status).toBe(403);
    });
  });

  describe('sign-in and sessions (SPEC §3.2, §3.6)', () => {
    it('answers unknown users and wrong passwords with the same 401 body and records both', async () => {
      const account = await createAccount(t);
      const unknown = await t
        .api('post', '/auth/login')
        .send({ loginId: 'nobody999', password: 'whatever1' });
      const wrong = await t
        .api('post', '/auth/login')
        .send({ loginId: account.loginId, password: 'wrong-pass1' });
      expect(unknown.status).toBe(401);
      expect(wrong.status).toBe(401);
      expect(unknown.body).toEqual(wrong.body);
      expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
      const rows = await t.dataSource.query(
        'SELECT action, login_id_typed, user_id FROM login_history WHERE login_id_typed IN (?, ?) ORDER BY occurred_at',
        ['nobody999', account.loginId],
      );
      expect(rows).toEqual([
        { action: 'USER_NOT_FOUND', login_id_typed: 'nobody999', user_id: null },
        { action: 'LOGIN_WRONG_PASSWORD', login_id_typed: account.loginId, user_id: account.id },
      ]);
    });

    it('issues a token bound to a session, and the token stops working after logout', async () => {
      const account = await createAccount(t);
      const res = await t
        .api('post', '/auth/login')
        .send({ loginId: account.loginId, password: account.password });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        expiresIn: 12 * 3600,
        passwordChangeRequired: false,
      });
      const token = res.body.accessToken;
      expect((await t.api('get', '/auth/me', token)).status).toBe(200);
      expect((await t.api('post', '/auth/logout', token)).status).toBe(204);
      const after = await t.api('get', '/auth/me', token);
      expect(after.status).toBe(401);
      const [logout] = await t.dataSource.query(
        "SELECT action, session_seconds FROM login_history WHERE user_id = ? AND action = 'LOGOUT'",
        [account.id],
      );
      expect(logout.session_seconds).toBeGreaterThanOrEqual(0);
      const [session] = await t.dataSource.query('SELECT end_reason FROM sessions WHERE user_id = ?', [
        account.id,
      ]);
      expect(session.end_reason).toBe('logout');
    });

    it('ends a session after 30 minutes without activity, and after 12 hours in any case', async () => {
      const account = await createAccount(t);
      const token = await loginAs(t, account.loginId);
      t.clock.advanceMinutes(29);
      expect((await t.api('get', '/auth/me', token)).status).toBe(200);
      t.clock.advanceMinutes(31);
      expect((await t.api('get', '/auth/me', token)).status).toBe(401);

      const busy = await loginAs(t, account.loginId);
      for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
        t.clock.advanceMinutes(20);
        expect((await t.api('get', '/auth/me', busy)).status).toBe(200);
      }
      t.clock.advanceMinutes(20);
      expect((await t.api('get', '/auth/me', busy)).status).toBe(401);
      const reasons = await t.dataSource.query(
        'SELECT end_reason FROM sessions WHERE user_id = ? ORDER BY created_at',
        [account.id],
      );
      expect(reasons.map((r: { end_reason: string }) => r.end_reason)).toEqual([
        'idle_timeout',
        'absolute_timeout',
      ]);
      t.clock.set(new Date());
    });

    it('restricts a forced-change token to password change, logout and me until the password changes', async () => {
      const account = await createAccount(t, { mustChangePassword: true });
      const login = await t
        .api('post', '/auth/login')
        .send({ loginId: account.loginId, password: account.password });
      expect(login.body.passwordChangeRequired).toBe(true);
      const token = login.body.accessToken;
      expect((await t.api('get', '/auth/me', token)).status).toBe(200);
      const blocked = await t.api('get', '/users', token);
      expect(blocked.status).toBe(403);
      expect(blocked.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
      const bad = await t
        .api('post', '/auth/password', token)
        .send({ currentPassword: 'wrong-one1', newPassword: 'NewPassw0rd' });
      expect(bad.status).toBe(401);
      const ok = await t
        .api('post', '/auth/password', token)
        .send({ currentPassword: account.password, newPassword: 'NewPassw0rd' });
      expect(ok.status).toBe(204);
      const me = await t.api('get', '/auth/me', token);
      expect(me.body.user.mustChangePassword).toBe(false);
      expect(
        (await t.api('post', '/auth/login').send({ loginId: account.loginId, password: 'NewPassw0rd' }))
          .status,
      ).toBe(200);
    });

    it('ends the other sessions when a password changes', async () => {
      const account = await createAccount(t);
      const first = await loginAs(t, account.loginId);
      const second = await loginAs(t, account.loginId);
      expect(
        (
          await t
            .api('post', '/auth/password', second)
            .send({ currentPassword: account.password, newPassword: 'Another1pass' })
        ).status,
      ).toBe(204);
      expect((await t.api('get', '/auth/me', first)).status).toBe(401);
      expect((await t.api('get', '/auth/me', second)).status).toBe(200);
    });
  });
});
