import { Logger } from '@nestjs/common';
import { CronExpression } from '@nestjs/schedule';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { Job, ScheduledJob } from '@kanri/common/jobs/scheduled-job';
import { LockoutStatements } from './lockout-statements';

/**
 * Temporary lockout expiry (SPEC §10): clears temporary locks whose time is up, so user lists stop showing them
 * as locked. Sign-in does not depend on it: an expired temporary lock is cleared by the next attempt anyway.
 * Idempotent; one run per minute across all instances.
 */
@ScheduledJob({
  name: 'lockout-expiry',
  label: 'lockout expiry',
  cron: CronExpression.EVERY_MINUTE,
  slot: 'minute',
})
export class LockoutExpiryJob extends Job<number> {
  private readonly logger = new Logger(LockoutExpiryJob.name);

  constructor(
    private readonly statements: LockoutStatements,
    private readonly tx: TransactionService,
  ) {
    super();
  }

  protected async work(): Promise<number> {
    const cleared = await this.expire();
    if (cleared) this.logger.log(`${cleared} temporary lockout(s) ended`);
    return cleared;
  }

  /** Ends every temporary lockout whose end has passed; returns how many. */
  expire(): Promise<number> {
    return this.tx.run((em) => this.statements.expireTemporaryLocks(em, this.clock.now()));
  }
}
