import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@kanri/common/config/app-config';

function readNumber(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new Error(`${name} must be a number from ${min} to ${max}`);
  }
  return value;
}

/**
 * Tuning of audit streaming, from the environment (read once at start; a bad value stops the process naming the
 * variable). Kept beside the feature because nothing else reads them.
 */
@Injectable()
export class AuditStreamSettings {
  /** AUDIT_STREAM_POLL_MS: how often each instance looks for records to deliver. */
  readonly pollMs: number;
  /** AUDIT_STREAM_BATCH: events per webhook request or syslog connection. */
  readonly batchSize: number;
  /** AUDIT_STREAM_BACKOFF_MAX_SECONDS: the longest wait between attempts of a failing destination. */
  readonly backoffMaxMs: number;
  /** AUDIT_STREAM_FAILING_AFTER_SECONDS: a destination failing this long is flagged `failing`. */
  readonly failingAfterMs: number;
  /** AUDIT_STREAM_TIMEOUT_SECONDS: connect and answer timeout of one delivery. */
  readonly timeoutMs: number;
  readonly production: boolean;

  constructor(@Inject(AppConfig) config: AppConfig) {
    const env = process.env;
    this.pollMs = readNumber(env, 'AUDIT_STREAM_POLL_MS', 1000, 50, 600_000);
    this.batchSize = readNumber(env, 'AUDIT_STREAM_BATCH', 200, 1, 1000);
    this.backoffMaxMs = readNumber(env, 'AUDIT_STREAM_BACKOFF_MAX_SECONDS', 300, 1, 86_400) * 1000;
    this.failingAfterMs = readNumber(env, 'AUDIT_STREAM_FAILING_AFTER_SECONDS', 900, 1, 30 * 86_400) * 1000;
    this.timeoutMs = readNumber(env, 'AUDIT_STREAM_TIMEOUT_SECONDS', 10, 1, 300) * 1000;
    this.production = config.production;
  }

  /** Exponential backoff: 1 s, 2 s, 4 s, … up to the maximum, with up to 20 % random spread. */
  backoffMs(consecutiveFailures: number): number {
    const base = Math.min(this.backoffMaxMs, 1000 * 2 ** Math.min(30, Math.max(0, consecutiveFailures - 1)));
    return Math.round(base * (0.8 + Math.random() * 0.2));
  }
}
