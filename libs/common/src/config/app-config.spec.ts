import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAppConfig } from './app-config';
import { ConfigError } from './environment';

const dataDir = () => mkdtempSync(join(tmpdir(), 'kanri-config-'));
const key = Buffer.alloc(32, 1).toString('base64');

describe('loadAppConfig (SPEC §11)', () => {
  it('needs no configuration in development: SQLite under ./data, port 3000, Tokyo time', () => {
    const dir = dataDir();
    const config = loadAppConfig({ KANRI_DATA_DIR: dir });
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ type: 'sqlite', path: join(dir, 'kanri.sqlite') });
    expect(config.timeZone).toBe('Asia/Tokyo');
    expect(config.authRateLimit).toBe(300);
    expect(config.trustProxy).toBe(false);
  });

  it('generates the JWT secret and field key once and keeps them (mode 600) for the next start', () => {
    const dir = dataDir();
    const first = loadAppConfig({ KANRI_DATA_DIR: dir });
    const second = loadAppConfig({ KANRI_DATA_DIR: dir });
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(second.fieldKeys[0].key.equals(first.fieldKeys[0].key)).toBe(true);
    expect(statSync(join(dir, 'jwt-secret')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, 'jwt-secret'), 'utf8').length).toBeGreaterThanOrEqual(32);
  });

  it.each([
    ['PORT', 'eighty', 'PORT'],
    ['PORT', '70000', 'PORT'],
    ['DATABASE_URL', 'postgres://x', 'DATABASE_URL'],
    ['APP_TIMEZONE', 'Mars/Olympus', 'APP_TIMEZONE'],
    ['TRUST_PROXY', 'perhaps', 'TRUST_PROXY'],
    ['AUTH_RATE_LIMIT', '-1', 'AUTH_RATE_LIMIT'],
    ['JWT_SECRET', 'short', 'JWT_SECRET'],
    ['FIELD_ENCRYPTION_KEY', 'c2hvcnQ=', 'FIELD_ENCRYPTION_KEY'],
    ['KANRI_ADMIN_LOGIN_ID', 'ab', 'KANRI_ADMIN_LOGIN_ID'],
  ])('stops with a message naming %s when it is %p', (name, value, named) => {
    expect(() => loadAppConfig({ KANRI_DATA_DIR: dataDir(), [name]: value })).toThrow(ConfigError);
    expect(() => loadAppConfig({ KANRI_DATA_DIR: dataDir(), [name]: value })).toThrow(new RegExp(named));
  });

  it('honours the test-build switches (audit off, guard rows off) with NODE_ENV=test only, never in production', () => {
    const switches = { KANRI_TEST_AUDIT_OFF: '1', KANRI_TEST_GUARDS_OFF: 'true' };
    const inTest = loadAppConfig({ NODE_ENV: 'test', KANRI_DATA_DIR: dataDir(), ...switches });
    expect([inTest.testAuditOff, inTest.testGuardsOff]).toEqual([true, true]);
    const production = loadAppConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(32),
      FIELD_ENCRYPTION_KEY: key,
      KANRI_PUBLIC_URL: 'https://kanri.example.jp',
      KANRI_DATA_DIR: dataDir(),
      ...switches,
    });
    expect([production.testAuditOff, production.testGuardsOff]).toEqual([false, false]);
    const development = loadAppConfig({ KANRI_DATA_DIR: dataDir(), ...switches });
    expect([development.testAuditOff, development.testGuardsOff]).toEqual([false, false]);
    expect(() =>
      loadAppConfig({ NODE_ENV: 'test', KANRI_DATA_DIR: dataDir(), KANRI_TEST_GUARDS_OFF: 'perhaps' }),
    ).toThrow(/KANRI_TEST_GUARDS_OFF/);
  });

  it('requires the secrets in production and names both', () => {
    expect(() => loadAppConfig({ NODE_ENV: 'production', KANRI_DATA_DIR: dataDir() })).toThrow(
      /JWT_SECRET[\s\S]*FIELD_ENCRYPTION_KEY/,
    );
  });

  it('requires KANRI_PUBLIC_URL in production, where the CA writes it into certificates', () => {
    const secrets = { JWT_SECRET: 'x'.repeat(32), FIELD_ENCRYPTION_KEY: key, KANRI_DATA_DIR: dataDir() };
    expect(() => loadAppConfig({ NODE_ENV: 'production', ...secrets })).toThrow(/KANRI_PUBLIC_URL/);
    const config = loadAppConfig({
      NODE_ENV: 'production',
      ...secrets,
      KANRI_PUBLIC_URL: 'http://PKI.Example.jp:8080/kanri/',
    });
    expect(config.publicUrl).toBe('http://pki.example.jp:8080/kanri');
    expect(loadAppConfig({ KANRI_DATA_DIR: dataDir() }).publicUrl).toBeNull();
  });

  it.each([
    ['pki.example.jp', 'not an absolute URL'],
    ['ftp://pki.example.jp', 'http or https'],
    ['https://user:secret@pki.example.jp', 'user name or password'],
    ['https://pki.example.jp/?x=1', 'query or fragment'],
    ['https://pki.example.jp/#top', 'query or fragment'],
    ['https://pki.example.jp/api/v1', 'without /api/v1'],
  ])('refuses KANRI_PUBLIC_URL=%s (%s)', (value, problem) => {
    const load = () => loadAppConfig({ KANRI_DATA_DIR: dataDir(), KANRI_PUBLIC_URL: value });
    expect(load).toThrow(/KANRI_PUBLIC_URL/);
    expect(load).toThrow(problem);
  });

  it('prints log levels up to LOG_LEVEL', () => {
    expect(loadAppConfig({ KANRI_DATA_DIR: dataDir() }).logLevels).toEqual(['fatal', 'error', 'warn', 'log']);
    expect(loadAppConfig({ KANRI_DATA_DIR: dataDir(), LOG_LEVEL: 'warn' }).logLevels).toEqual([
      'fatal',
      'error',
      'warn',
    ]);
    expect(() => loadAppConfig({ KANRI_DATA_DIR: dataDir(), LOG_LEVEL: 'chatty' })).toThrow(/LOG_LEVEL/);
  });

  it('reads a key ring whose first key encrypts', () => {
    const config = loadAppConfig({
      KANRI_DATA_DIR: dataDir(),
      FIELD_ENCRYPTION_KEY: `new:${key},old:${Buffer.alloc(32, 2).toString('base64')}`,
    });
    expect(config.fieldKeys.map((k) => k.id)).toEqual(['new', 'old']);
  });

  it.each([
    ['the same id twice', 'a', 'a'],
    ['ids that differ only in case', 'New', 'new'],
  ])('refuses a key ring with %s, naming FIELD_ENCRYPTION_KEY', (_, first, second) => {
    const other = Buffer.alloc(32, 3).toString('base64');
    expect(() =>
      loadAppConfig({
        KANRI_DATA_DIR: dataDir(),
        FIELD_ENCRYPTION_KEY: `${first}:${key},${second}:${other}`,
      }),
    ).toThrow(/FIELD_ENCRYPTION_KEY: key id "\w+" appears twice/);
  });

  it('picks MySQL or another SQLite file from DATABASE_URL', () => {
    expect(
      loadAppConfig({ KANRI_DATA_DIR: dataDir(), DATABASE_URL: 'mysql://u:p@db:3306/kanri' }).database,
    ).toEqual({ type: 'mysql', url: 'mysql://u:p@db:3306/kanri' });
    expect(
      loadAppConfig({ KANRI_DATA_DIR: dataDir(), DATABASE_URL: 'sqlite:/tmp/other.sqlite' }).database,
    ).toEqual({ type: 'sqlite', path: '/tmp/other.sqlite' });
  });

  it('takes the passkey relying party from WEBAUTHN_*, by default localhost on the port npm start uses', () => {
    expect(loadAppConfig({ KANRI_DATA_DIR: dataDir() }).webAuthn).toEqual({
      rpId: 'localhost',
      rpName: 'Kanri',
      origins: ['http://localhost:3000'],
    });
    expect(loadAppConfig({ KANRI_DATA_DIR: dataDir(), PORT: '8080' }).webAuthn.origins).toEqual([
      'http://localhost:8080',
    ]);
    expect(
      loadAppConfig({
        KANRI_DATA_DIR: dataDir(),
        WEBAUTHN_RP_ID: 'example.jp',
        WEBAUTHN_ORIGINS: 'https://kanri.example.jp, https://example.jp/',
      }).webAuthn,
    ).toEqual({
      rpId: 'example.jp',
      rpName: 'Kanri',
      origins: ['https://kanri.example.jp', 'https://example.jp'],
    });
  });

  it.each([
    [{ WEBAUTHN_RP_ID: 'https://kanri.example.jp' }, /WEBAUTHN_RP_ID/],
    [
      { WEBAUTHN_RP_ID: 'example.jp', WEBAUTHN_ORIGINS: 'https://other.example.com' },
      /WEBAUTHN_ORIGINS.*not WEBAUTHN_RP_ID/,
    ],
    [{ WEBAUTHN_RP_ID: 'example.jp', WEBAUTHN_ORIGINS: 'http://kanri.example.jp' }, /must use https/],
    [{ WEBAUTHN_ORIGINS: 'http://localhost:3000/console' }, /origin only/],
    [{ WEBAUTHN_ORIGINS: 'localhost' }, /WEBAUTHN_ORIGINS/],
  ])('stops at a bad relying party setting %j, naming the variable', (env, message) => {
    expect(() => loadAppConfig({ KANRI_DATA_DIR: dataDir(), ...env })).toThrow(message);
  });
});
