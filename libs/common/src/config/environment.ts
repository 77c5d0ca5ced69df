import { Transform, plainToInstance } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === ''
    ? undefined
    : ['1', 'true', 'yes', 'on'].includes(String(value).toLowerCase())
      ? true
      : ['0', 'false', 'no', 'off'].includes(String(value).toLowerCase())
        ? false
        : value;

/** The environment variables Kanri reads (SPEC §11). Every one is optional in development. */
export class Environment {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV?: 'development' | 'production' | 'test';

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @Matches(/^(sqlite:.+|mysql:\/\/.+)$/, {
    message: 'DATABASE_URL must be sqlite:<path> or mysql://user:pass@host:port/db',
  })
  DATABASE_URL?: string;

  @IsOptional()
  @IsString()
  APP_TIMEZONE?: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  /** base64 of 32 bytes, or a key ring `id:base64,id:base64` whose first entry encrypts and all decrypt. */
  @IsOptional()
  @IsString()
  FIELD_ENCRYPTION_KEY?: string;

  @IsOptional()
  @Matches(/^smtps?:\/\/.+/, { message: 'SMTP_URL must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @IsOptional()
  @IsString()
  @MaxLength(254)
  SMTP_FROM?: string;

  @IsOptional()
  @IsString()
  @MaxLength(4096)
  KANRI_CONSOLE_DIR?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  TRUST_PROXY?: boolean;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  AUTH_RATE_LIMIT?: number;

  @IsOptional()
  @IsString()
  CORS_ORIGINS?: string;

  @IsOptional()
  @Matches(/^(?=.*[A-Za-z])(?=.*\d)[A-Za-z\d]{6,12}$/, {
    message: 'KANRI_ADMIN_LOGIN_ID must be 6-12 letters and digits with at least one of each',
  })
  KANRI_ADMIN_LOGIN_ID?: string;

  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'KANRI_ADMIN_PASSWORD must be at least 8 characters' })
  KANRI_ADMIN_PASSWORD?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1440)
  SESSION_IDLE_MINUTES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(168)
  SESSION_MAX_HOURS?: number;

  /** Minutes an emailed one-time password stays valid (SPEC §3.3, default 5). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(60)
  OTP_TTL_MINUTES?: number;

  /** Wrong one-time passwords in a row that suspend them until an administrator lifts it (default 5). */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  OTP_MAX_ATTEMPTS?: number;

  /** Days audit rows are kept before the retention job deletes them (SPEC §9); 0 or absent = kept forever. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(36500)
  AUDIT_RETENTION_DAYS?: number;

  /** Audit streaming (docs/api/audit-streaming.md): how often each instance looks for records to deliver. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(600000)
  AUDIT_STREAM_POLL_MS?: number;

  /** Audit streaming: events per webhook request or syslog connection. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  AUDIT_STREAM_BATCH?: number;

  /** Audit streaming: the longest wait between attempts of a failing destination. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(86400)
  AUDIT_STREAM_BACKOFF_SECONDS?: number;

  /** Audit streaming: a destination whose every attempt has failed this long is flagged `failing`. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(2592000)
  AUDIT_STREAM_FAILING_SECONDS?: number;

  /** Audit streaming: connect-and-answer timeout of one delivery. */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(300)
  AUDIT_STREAM_TIMEOUT_SECONDS?: number;

  /**
   * Years a retiree's individual numbers are kept after the retirement date before the daily job deletes them
   * (SPEC §8; default 7, the longest common tax-record retention; 0 = from the day after retirement).
   */
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(20)
  PERSONAL_NUMBER_RETENTION_YEARS?: number;

  /** PEM certificate (chain) for HTTPS; with TLS_KEY the server speaks HTTPS instead of HTTP. */
  @IsOptional()
  @IsString()
  TLS_CERT?: string;

  /** PEM private key of TLS_CERT. */
  @IsOptional()
  @IsString()
  TLS_KEY?: string;

  /** PEM CA certificates for client-certificate sign-in (Kanri's chain from GET /api/v1/ca/certificates). */
  @IsOptional()
  @IsString()
  TLS_CLIENT_CA?: string;

  /**
   * The base URL at which relying parties reach this Kanri (scheme, host, optional port and path, without
   * `/api/v1`): written into every certificate's CRL distribution point and authority information access.
   */
  @IsOptional()
  @IsString()
  KANRI_PUBLIC_URL?: string;

  @IsOptional()
  @IsString()
  KANRI_DATA_DIR?: string;

  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  SCHEDULER_ENABLED?: boolean;

  /** Test builds only (ignored unless NODE_ENV=test): transactions skip audit recording (cluster drills). */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  KANRI_TEST_AUDIT_OFF?: boolean;

  /**
   * Test builds only (ignored unless NODE_ENV=test): `lockForUpdate` writes no guard rows (cluster drills, to show
   * that without them the rules break across Galera nodes).
   */
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  KANRI_TEST_GUARDS_OFF?: boolean;

  /**
   * Passkeys (WebAuthn): the relying party ID, the host name the console is served under without scheme or port
   * (default `localhost`). A passkey registered under one RP ID works only there.
   */
  @IsOptional()
  @Matches(/^(?=.{1,253}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/, {
    message: 'WEBAUTHN_RP_ID must be a lower-case host name without scheme or port, e.g. kanri.example.jp',
  })
  WEBAUTHN_RP_ID?: string;

  /** The name authenticators show for Kanri (default `Kanri`). */
  @IsOptional()
  @IsString()
  WEBAUTHN_RP_NAME?: string;

  /** Comma-separated origins passkey ceremonies may come from (default `http://localhost:<PORT>`). */
  @IsOptional()
  @IsString()
  WEBAUTHN_ORIGINS?: string;

  /** The most verbose log level printed: fatal, error, warn, log (default), debug or verbose. */
  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL?: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export function parseEnvironment(raw: Record<string, string | undefined>): Environment {
  const env = plainToInstance(Environment, raw, { excludeExtraneousValues: false });
  const errors = validateSync(env, { whitelist: false, skipMissingProperties: false });
  const problems = errors.flatMap((e) =>
    Object.values(e.constraints ?? {}).map((m) => (m.includes(e.property) ? m : `${e.property}: ${m}`)),
  );
  if (env.APP_TIMEZONE && !isValidTimeZone(env.APP_TIMEZONE))
    problems.push(`APP_TIMEZONE: unknown time zone "${env.APP_TIMEZONE}"`);
  if (problems.length) throw new ConfigError(problems);
  return env;
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
