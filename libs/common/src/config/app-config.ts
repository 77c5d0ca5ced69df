import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError, parseEnvironment } from './environment';

export type DatabaseConfig = { type: 'sqlite'; path: string } | { type: 'mysql'; url: string };

/** Nest logger levels, least to most verbose; LOG_LEVEL names the most verbose one printed. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/** Every setting, by name (SPEC §11). */
export interface AppConfigValues {
  production: boolean;
  port: number;
  database: DatabaseConfig;
  timeZone: string;
  jwtSecret: string;
  /** Key ring: the first key encrypts, every key decrypts. */
  fieldKeys: { id: string; key: Buffer }[];
  smtpUrl: string | undefined;
  /** The From address of mail sent through SMTP_URL (SMTP_FROM). */
  smtpFrom: string;
  /** Where the built web console is served from (KANRI_CONSOLE_DIR); null: dist/web beside the server. */
  consoleDir: string | null;
  trustProxy: boolean;
  authRateLimit: number;
  corsOrigins: string[];
  adminLoginId: string | undefined;
  adminPassword: string | undefined;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  dataDir: string;
  schedulerEnabled: boolean;
  /** KANRI_TEST_AUDIT_OFF, honoured with NODE_ENV=test only: transactions skip the audit participant. */
  testAuditOff: boolean;
  /** KANRI_TEST_GUARDS_OFF, honoured with NODE_ENV=test only: `lockForUpdate` writes no guard rows. */
  testGuardsOff: boolean;
  /** Minutes an emailed one-time password stays valid (SPEC §3.3). */
  otpTtlMinutes: number;
  /** Wrong one-time passwords in a row that suspend them (SPEC §3.3). */
  otpMaxAttempts: number;
  /** Days audit rows are kept (AUDIT_RETENTION_DAYS); 0 = forever (SPEC §9 retention). */
  auditRetentionDays: number;
  /** Audit streaming tuning (AUDIT_STREAM_*, docs/api/audit-streaming.md). */
  auditStream: {
    pollMs: number;
    batchSize: number;
    backoffMaxSeconds: number;
    failingAfterSeconds: number;
    timeoutSeconds: number;
  };
  /** TLS_CERT / TLS_KEY / TLS_CLIENT_CA: serve HTTPS, and request client certificates when a client CA is set. */
  tls: TlsFiles | null;
  /** Years a retiree's individual numbers are kept after 退職日 (PERSONAL_NUMBER_RETENTION_YEARS, SPEC §8). */
  personalNumberRetentionYears: number;
  /** The most verbose log level printed (LOG_LEVEL). */
  logLevel: LogLevelName;
  /**
   * KANRI_PUBLIC_URL without a trailing slash: the base the CA's CRL, CA certificates and OCSP responder are
   * published under (`<publicUrl>/api/v1/...`). Null in development when unset: certificates then carry no URLs.
   */
  publicUrl: string | null;
  /** Passkeys (WEBAUTHN_RP_ID, WEBAUTHN_RP_NAME, WEBAUTHN_ORIGINS; SPEC §17). */
  webAuthn: WebAuthnConfig;
}

/** The WebAuthn relying party: assertions are accepted only for this RP ID and from these origins. */
export interface WebAuthnConfig {
  rpId: string;
  rpName: string;
  origins: string[];
}

/**
 * The validated configuration, injected wherever a setting is needed (provide it with `AppConfig` as the token).
 * Built once at start by `loadAppConfig`; tests build their own with overrides. Settings are passed by name, so
 * adding one cannot shift the others.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- the interface lists the fields the constructor assigns
export interface AppConfig extends Readonly<AppConfigValues> {}
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class AppConfig {
  constructor(values: AppConfigValues) {
    Object.assign(this, values);
    Object.freeze(this);
  }

  /** The Nest logger levels up to `logLevel`. */
  get logLevels(): LogLevelName[] {
    return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(this.logLevel) + 1);
  }
}

/** PEM files for HTTPS (SPEC §3.6 client-certificate sign-in), as absolute paths checked readable at start. */
export interface TlsFiles {
  certPath: string;
  keyPath: string;
  /** CA certificates whose client certificates the TLS layer asks for (Kanri's chain, GET /api/v1/ca/certificates). */
  clientCaPath: string | null;
}

/**
 * Reads and validates the environment (SPEC §11). In development a missing JWT secret or field key is generated
 * once and kept under the data directory (mode 600); in production it stops the process with the variable's name.
 */
export function loadAppConfig(raw: Record<string, string | undefined> = process.env): AppConfig {
  const env = parseEnvironment(raw);
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(env.KANRI_DATA_DIR ?? 'data');
  const problems: string[] = [];
  const secret = (name: 'JWT_SECRET' | 'FIELD_ENCRYPTION_KEY', generate: () => string): string => {
    const given = env[name];
    if (given) return given;
    if (production) {
      problems.push(`${name} is required when NODE_ENV=production`);
      return '';
    }
    return persistentDevSecret(dataDir, name.toLowerCase().replace(/_/g, '-'), generate);
  };
  const jwtSecret = secret('JWT_SECRET', () => randomBytes(48).toString('base64url'));
  const fieldKeyText = secret('FIELD_ENCRYPTION_KEY', () => randomBytes(32).toString('base64'));
  let fieldKeys: { id: string; key: Buffer }[] = [];
  if (fieldKeyText) {
    try {
      fieldKeys = parseKeyRing(fieldKeyText);
    } catch (e) {
      problems.push(`FIELD_ENCRYPTION_KEY: ${(e as Error).message}`);
    }
  }
  const tls = tlsFiles(env, problems);
  const publicUrl = publicBaseUrl(env.KANRI_PUBLIC_URL, production, problems);
  const webAuthn = webAuthnConfig(env, problems);
  if (problems.length) throw new ConfigError(problems);
  return new AppConfig({
    production,
    port: env.PORT ?? 3000,
    database: parseDatabaseUrl(env.DATABASE_URL ?? `sqlite:${join(dataDir, 'kanri.sqlite')}`),
    timeZone: env.APP_TIMEZONE ?? 'Asia/Tokyo',
    jwtSecret,
    fieldKeys,
    smtpUrl: env.SMTP_URL,
    smtpFrom: env.SMTP_FROM ?? 'kanri@localhost',
    consoleDir: env.KANRI_CONSOLE_DIR ? resolve(env.KANRI_CONSOLE_DIR) : null,
    trustProxy: env.TRUST_PROXY ?? false,
    authRateLimit: env.AUTH_RATE_LIMIT ?? 300,
    corsOrigins: (env.CORS_ORIGINS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    adminLoginId: env.KANRI_ADMIN_LOGIN_ID,
    adminPassword: env.KANRI_ADMIN_PASSWORD,
    sessionIdleMinutes: env.SESSION_IDLE_MINUTES ?? 30,
    sessionMaxHours: env.SESSION_MAX_HOURS ?? 12,
    dataDir,
    schedulerEnabled: env.SCHEDULER_ENABLED ?? true,
    testAuditOff: env.NODE_ENV === 'test' && env.KANRI_TEST_AUDIT_OFF === true,
    testGuardsOff: env.NODE_ENV === 'test' && env.KANRI_TEST_GUARDS_OFF === true,
    otpTtlMinutes: env.OTP_TTL_MINUTES ?? 5,
    otpMaxAttempts: env.OTP_MAX_ATTEMPTS ?? 5,
    auditRetentionDays: env.AUDIT_RETENTION_DAYS ?? 0,
    auditStream: {
      pollMs: env.AUDIT_STREAM_POLL_MS ?? 1000,
      batchSize: env.AUDIT_STREAM_BATCH ?? 200,
      backoffMaxSeconds: env.AUDIT_STREAM_BACKOFF_SECONDS ?? 300,
      failingAfterSeconds: env.AUDIT_STREAM_FAILING_SECONDS ?? 900,
      timeoutSeconds: env.AUDIT_STREAM_TIMEOUT_SECONDS ?? 10,
    },
    tls,
    personalNumberRetentionYears: env.PERSONAL_NUMBER_RETENTION_YEARS ?? 7,
    logLevel: (env.LOG_LEVEL as LogLevelName | undefined) ?? 'log',
    publicUrl,
    webAuthn,
  });
}

/**
 * WEBAUTHN_*: every origin must be an http(s) origin (no path) whose host is the RP ID or one of its subdomains, as
 * browsers require; plain http is accepted for localhost only (a secure context). Defaults fit `npm start`.
 */
export function webAuthnConfig(
  env: { WEBAUTHN_RP_ID?: string; WEBAUTHN_RP_NAME?: string; WEBAUTHN_ORIGINS?: string; PORT?: number },
  problems: string[],
): WebAuthnConfig {
  const rpId = env.WEBAUTHN_RP_ID ?? 'localhost';
  const origins = (env.WEBAUTHN_ORIGINS ?? `http://localhost:${env.PORT ?? 3000}`)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!origins.length) problems.push('WEBAUTHN_ORIGINS must name at least one origin');
  for (const origin of origins) {
    let url: URL | null = null;
    try {
      url = new URL(origin);
    } catch {
      problems.push(`WEBAUTHN_ORIGINS: "${origin}" is not an origin such as https://kanri.example.jp`);
      continue;
    }
    if (url.origin !== origin.replace(/\/+$/, ''))
      problems.push(`WEBAUTHN_ORIGINS: "${origin}" must be an origin only (scheme, host, port; no path)`);
    else if (url.hostname !== rpId && !url.hostname.endsWith(`.${rpId}`))
      problems.push(`WEBAUTHN_ORIGINS: the host of "${origin}" is not WEBAUTHN_RP_ID (${rpId}) or below it`);
    else if (url.protocol !== 'https:' && !(url.protocol === 'http:' && url.hostname === 'localhost'))
      problems.push(
        `WEBAUTHN_ORIGINS: "${origin}" must use https (plain http is allowed for localhost only)`,
      );
  }
  return {
    rpId,
    rpName: env.WEBAUTHN_RP_NAME ?? 'Kanri',
    origins: origins.map((o) => o.replace(/\/+$/, '')),
  };
}

function tlsFiles(
  env: { TLS_CERT?: string; TLS_KEY?: string; TLS_CLIENT_CA?: string },
  problems: string[],
): TlsFiles | null {
  if (!env.TLS_CERT && !env.TLS_KEY && !env.TLS_CLIENT_CA) return null;
  if (!env.TLS_CERT || !env.TLS_KEY) {
    problems.push('TLS_CERT and TLS_KEY must be set together (and both are needed for TLS_CLIENT_CA)');
    return null;
  }
  for (const name of ['TLS_CERT', 'TLS_KEY', 'TLS_CLIENT_CA'] as const) {
    const path = env[name];
    if (!path) continue;
    try {
      readFileSync(path);
    } catch {
      problems.push(`${name}: cannot read the file ${path}`);
    }
  }
  return {
    certPath: resolve(env.TLS_CERT),
    keyPath: resolve(env.TLS_KEY),
    clientCaPath: env.TLS_CLIENT_CA ? resolve(env.TLS_CLIENT_CA) : null,
  };
}

/**
 * KANRI_PUBLIC_URL: an absolute http(s) URL without credentials, query or fragment, kept without its trailing
 * slash. Required in production: Kanri always runs its CA, and a certificate issued without the URLs cannot be
 * fixed afterwards (relying parties would never find its CRL or OCSP responder).
 */
export function publicBaseUrl(
  value: string | undefined,
  production: boolean,
  problems: string[],
): string | null {
  if (!value) {
    if (production)
      problems.push(
        'KANRI_PUBLIC_URL is required when NODE_ENV=production (the CA writes it into every certificate)',
      );
    return null;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    problems.push(`KANRI_PUBLIC_URL: "${value}" is not an absolute URL`);
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    problems.push('KANRI_PUBLIC_URL must be http or https');
  else if (url.username || url.password)
    problems.push('KANRI_PUBLIC_URL must not carry a user name or password');
  else if (url.search || url.hash || value.includes('?') || value.includes('#'))
    problems.push('KANRI_PUBLIC_URL must not have a query or fragment');
  else if (/\/api\/v1\/?$/.test(url.pathname))
    problems.push('KANRI_PUBLIC_URL is the base URL without /api/v1 (Kanri appends it)');
  else return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  return null;
}

export function parseDatabaseUrl(url: string): DatabaseConfig {
  if (url.startsWith('mysql://')) return { type: 'mysql', url };
  const path = url.slice('sqlite:'.length);
  return { type: 'sqlite', path: path === ':memory:' || isAbsolute(path) ? path : resolve(path) };
}

export function parseKeyRing(text: string): { id: string; key: Buffer }[] {
  const entries = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const ring = entries.map((entry, index) => {
    const [id, b64] = entry.includes(':') ? entry.split(':', 2) : [`k${index + 1}`, entry];
    const key = Buffer.from(b64, 'base64');
    if (key.length !== 32) throw new Error('each key must be base64 of exactly 32 bytes');
    if (!/^[A-Za-z0-9_-]{1,16}$/.test(id)) throw new Error('key ids are 1-16 letters, digits, _ or -');
    return { id, key };
  });
  // Every ciphertext names its key by id, and the rotation jobs find what is still pending by comparing ids as the
  // database compares text (case-insensitively on MariaDB): two keys whose ids differ only in case would open each
  // other's data with the wrong key, and a rotation to one of them would look finished while it is not.
  const seen = new Set<string>();
  for (const { id } of ring) {
    if (seen.has(id.toLowerCase()))
      throw new Error(`key id "${id}" appears twice (ids are compared without case)`);
    seen.add(id.toLowerCase());
  }
  return ring;
}

function persistentDevSecret(dataDir: string, file: string, generate: () => string): string {
  const path = join(dataDir, file);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const value = generate();
  writeFileSync(path, value, { mode: 0o600, flag: 'wx' });
  return value;
}
