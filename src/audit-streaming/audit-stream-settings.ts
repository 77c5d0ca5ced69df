import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '@kanri/common/config/app-config';

/** Audit streaming's settings (AUDIT_STREAM_*, validated at start with the rest of the configuration), in ms. */
@Injectable()
export class AuditStreamSettings {
  /** How often each instance looks for records to deliver. */
  readonly pollMs: number;
  /** Events per webhook request or syslog connection. */
  readonly batchSize: number;
  /** The longest wait between attempts of a failing destination. */
  readonly backoffMaxMs: number;
  /** A destination failing this long is flagged `failing`. */
  readonly failingAfterMs: number;
  /** Connect and answer timeout of one delivery. */
  readonly timeoutMs: number;
  readonly production: boolean;

  constructor(@Inject(AppConfig) config: AppConfig) {
    this.pollMs = config.auditStream.pollMs;
    this.batchSize = config.auditStream.batchSize;
    this.backoffMaxMs = config.auditStream.backoffMaxSeconds * 1000;
    this.failingAfterMs = config.auditStream.failingAfterSeconds * 1000;
    this.timeoutMs = config.auditStream.timeoutSeconds * 1000;
    this.production = config.production;
  }

  /** Exponential backoff: 1 s, 2 s, 4 s, … up to the maximum, with up to 20 % random spread. */
  backoffMs(consecutiveFailures: number): number {
    const base = Math.min(this.backoffMaxMs, 1000 * 2 ** Math.min(30, Math.max(0, consecutiveFailures - 1)));
    return Math.round(base * (0.8 + Math.random() * 0.2));
  }
}
