import { Logger } from '@nestjs/common';
import { CronExpression } from '@nestjs/schedule';
import { Job, ScheduledJob } from '@kanri/common/jobs/scheduled-job';
import { RetireePurgeService } from './retiree-purge.service';

/**
 * Retiree personal-number purge (SPEC §10): one run per business day (APP_TIMEZONE) across all instances. It ticks
 * hourly so that a day whose first tick fell while every instance was down is still served; the daily slot makes
 * the other ticks no-ops. The purge records one system row per organization it acts on.
 */
@ScheduledJob({
  name: 'personal-number-retiree-purge',
  label: 'retiree purge',
  cron: CronExpression.EVERY_HOUR,
  slot: 'business-day',
})
export class RetireePurgeJob extends Job {
  private readonly logger = new Logger(RetireePurgeJob.name);

  constructor(private readonly purge: RetireePurgeService) {
    super();
  }

  protected async work(): Promise<void> {
    const done = await this.purge.purgeDue();
    if (done.records) this.logger.log(`deleted ${done.records} records of ${done.employees} retirees`);
  }
}
