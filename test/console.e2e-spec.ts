import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccount } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * SPEC §12: the console served at `/` by the same process with a strict CSP, and its session cookie — set only
 * for the console's own requests, read only together with its header, cleared by sign-out.
 */
const CONSOLE = { 'X-Kanri-Console': '1' } as const;

function credentials(a: { loginId: string; password: string }) {
  return { loginId: a.loginId, password: a.password };
}

function sessionCookie(res: { headers: Record<string, unknown> }): string | undefined {
  const raw = res.headers['set-cookie'];
  const list = Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
  return list.find((c) => c.startsWith('kanri_session='));
}

describe('Web console: serving, CSP and the session cookie', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kanri-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><title>Kanri</title><script type="module" src="/assets/app.js"></script>',
    );
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log("kanri")');
    t = await createTestApp({ env: { KANRI_CONSOLE_DIR: dir } });
  });

  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('serving', () => {
    it('answers the console at / with a CSP that allows only its own scripts and styles', async () => {
      const res = await t.http.get('/').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('/assets/app.js');
      const csp = res.headers['content-security-policy'] as string;
      const directives = Object.fromEntries(
        csp.split(';').map((d) => {
          const [name, ...values] = d.trim().split(/\s+/);
          return [name, values];
        }),
      );
      expect(directives['script-src']).toEqual(["'self'"]);
      expect(directives['style-src']).toEqual(["'self'"]);
      expect(directives['default-src']).toEqual(["'self'"]);
      expect(directives['img-src']).toEqual(["'self'", 'data:']);
      expect(directives['object-src']).toEqual(["'none'"]);
      expect(directives['frame-ancestors']).toEqual(["'none'"]);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https:|\*/);
    });

    it('answers index.html for any screen path, so a reload keeps the screen (state in the URL)', async () => {
      const res = await t.http.get('/members?page=3&perPage=50').expect(200);
      expect(res.text).toContain('<title>Kanri</title>');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    });

    it('serves the hashed assets with long caching, and 404 for a missing one (not index.html)', async () => {
      const res = await t.http.get('/assets/app.js').expect(200);
      expect(res.headers['content-type']).toMatch(/javascript/);
      expect(res.headers['cache-control']).toContain('immutable');
      const missing = await t.http.get('/assets/nope.js').expect(404);
      expect(missing.text).not.toContain('<title>Kanri</title>');
    });

    it('leaves the API alone: unknown API paths answer the error shape, the docs still load', async () => {
      const res = await t.http.get('/api/v1/no-such-route').expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      expect(res.headers['content-security-policy']).not.toBe(
        (await t.http.get('/')).headers['content-security-policy'],
      );
      const docs = await t.http.get('/api/docs-json').expect(200);
      expect(docs.body.openapi).toMatch(/^3\./);
      await t.http.get('/api/docs/').expect(200);
    });

    it('does not answer index.html to writes outside the API', async () => {
      const res = await t.http.post('/sign-in').send({});
      expect(res.status).toBe(404);
      expect(res.text).not.toContain('<title>Kanri</title>');
    });
  });

  describe('session cookie', () => {
    let account: { loginId: string; password: string };
    beforeAll(async () => {
      account = await createAccount(t);
    });

    async function consoleSignIn(): Promise<string> {
      const res = await t.api('post', '/auth/login').set(CONSOLE).send(credentials(account)).expect(200);
      const cookie = sessionCookie(res);
      expect(cookie).toBeDefined();
      return cookie!.split(';')[0];
    }

    it("sets an HttpOnly, SameSite=Strict cookie scoped to the API on the console's sign-in, and keeps the token out of the body", async () => {
      const res = await t.api('post', '/auth/login').set(CONSOLE).send(credentials(account)).expect(200);
      const cookie = sessionCookie(res)!;
      const attributes = cookie.split(';').map((a) => a.trim().toLowerCase());
      expect(attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/api/v1']));
      expect(attributes.some((a) => a.startsWith('max-age='))).toBe(true);
      // plain HTTP here: Secure would make the browser drop it; over HTTPS (req.secure) it is added
      expect(attributes).not.toContain('secure');
      expect(res.body.accessToken).toBeUndefined();
      expect(res.body).toMatchObject({ passwordChangeRequired: false });
    });

    it('leaves API clients as they were: no header, the token in the body and no cookie', async () => {
      const res = await t.api('post', '/auth/login').send(credentials(account)).expect(200);
      expect(typeof res.body.accessToken).toBe('string');
      expect(sessionCookie(res)).toBeUndefined();
    });

    it('accepts the cookie only together with the console header (a cross-site form cannot send it)', async () => {
      const cookie = await consoleSignIn();
      await t.http.get('/api/v1/auth/me').set('Cookie', cookie).expect(401);
      await t.http.get('/api/v1/auth/me').set('Cookie', cookie).set('X-Kanri-Console', 'yes').expect(401);
      const me = await t.http.get('/api/v1/auth/me').set('Cookie', cookie).set(CONSOLE).expect(200);
      expect(me.body.user.loginId).toBe(account.loginId);
      // a form post cannot carry the header either
      await t.http
        .post('/api/v1/auth/password')
        .set('Cookie', cookie)
        .type('form')
        .send({ currentPassword: account.password, newPassword: 'Another-pass-9' })
        .expect(401);
    });

    it('prefers the Authorization header over the cookie', async () => {
      const cookie = await consoleSignIn();
      const other = await createAccount(t);
      const token = (await t.api('post', '/auth/login').send(credentials(other)).expect(200)).body
        .accessToken as string;
      const me = await t.http
        .get('/api/v1/auth/me')
        .set('Cookie', cookie)
        .set(CONSOLE)
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      expect(me.body.user.loginId).toBe(other.loginId);
    });

    it('sign-out ends the server session and clears the cookie, even when the session had already ended', async () => {
      const cookie = await consoleSignIn();
      const out = await t.http.post('/api/v1/auth/logout').set('Cookie', cookie).set(CONSOLE).expect(204);
      const cleared = sessionCookie(out)!;
      expect(cleared).toMatch(/^kanri_session=;/);
      expect(cleared.toLowerCase()).toContain('max-age=0');
      expect(cleared.toLowerCase()).toContain('path=/api/v1');
      // the old cookie value is worthless now: the session row ended
      await t.http.get('/api/v1/auth/me').set('Cookie', cookie).set(CONSOLE).expect(401);
      const again = await t.http.post('/api/v1/auth/logout').set('Cookie', cookie).set(CONSOLE).expect(401);
      expect(sessionCookie(again)).toMatch(/^kanri_session=;/);
    });
  });
});
