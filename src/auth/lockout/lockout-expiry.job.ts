import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { JobRunner } from '@kanri/common/jobs/job-runner.service';
import { LockoutStatements } from './lockout-statements';

/**
 * Temporary lockout expiry (SPEC §10): clears temporary locks whose time is up, so user lists stop showing them
 * as locked. Sign-in does not depend on it: an expired temporary lock is cleared by the next attempt anyway.
 * Idempotent; one run per minute across all instances.
 */
@Injectable()
export class LockoutExpiryJob {
  private readonly logger = new Logger(LockoutExpiryJob.name);

  constructor(
    private readonly runner: JobRunner,
    private readonly statements: LockoutStatements,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  @Cron(CronExpression.EVERY_MINUTE)
  async onSchedule(): Promise<void> {
    if (!this.runner.schedulesEnabled) return;
    const slot = this.clock.now().toISOString().slice(0, 16);
    await this.runner.tryOnce('lockout-expiry', slot, 'lockout expiry', async () => {
      const cleared = await this.expire();
      if (cleared) this.logger.log(`${cleared} temporary lockout(s) ended`);
    });
  }

  /** Ends every temporary lockout whose end has passed; returns how many. */
  expire(): Promise<number> {
    return this.tx.run((em) => this.statements.expireTemporaryLocks(em, this.clock.now()));
  }
}
