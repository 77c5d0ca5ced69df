import { Logger } from '@nestjs/common';
import { CronExpression } from '@nestjs/schedule';
import { Job, ScheduledJob } from '@kanri/common/jobs/scheduled-job';
import { StandardFeesService } from './standard-fees.service';

/**
 * Standard-fee switch-over (SPEC §6, §10): once per business day across all instances, records (and audits as the
 * system actor) every standard version whose effective date has come. Pricing never waits for it — the version in
 * effect is chosen by date — so a late or missed run changes no fee; it ticks hourly so a day whose first tick fell
 * while every instance was down is still recorded. Idempotent.
 */
@ScheduledJob({
  name: 'standard-fee-switch-over',
  label: 'standard fee switch-over',
  cron: CronExpression.EVERY_HOUR,
  slot: 'business-day',
  audit: { screen: '基準手数料の切替', operation: 'update', details: (date) => ({ date }) },
})
export class StandardFeeSwitchOverJob extends Job<number[]> {
  private readonly logger = new Logger(StandardFeeSwitchOverJob.name);

  constructor(private readonly standard: StandardFeesService) {
    super();
  }

  protected async work(): Promise<number[]> {
    const revisions = await this.standard.recordSwitchOvers();
    if (revisions.length) this.logger.log(`standard fee revision(s) ${revisions.join(', ')} in effect`);
    return revisions;
  }

  /** Today's audited work, callable directly (tests): the revisions that took effect since the last run. */
  async switchOver(): Promise<number[]> {
    return (await this.runWork()) ?? [];
  }
}
