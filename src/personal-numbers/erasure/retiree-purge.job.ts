import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { businessDate } from '@kanri/common/clock/business-date';
import { Clock } from '@kanri/common/clock/clock';
import { AppConfig } from '@kanri/common/config/app-config';
import { JobRunner } from '@kanri/common/jobs/job-runner.service';
import { RetireePurgeService } from './retiree-purge.service';

/**
 * Retiree personal-number purge (SPEC §10): one run per business day (APP_TIMEZONE) across all instances. It ticks
 * hourly so that a day whose first tick fell while every instance was down is still served; the daily slot makes
 * the other ticks no-ops.
 */
@Injectable()
export class RetireePurgeJob {
  private readonly logger = new Logger(RetireePurgeJob.name);

  constructor(
    private readonly runner: JobRunner,
    private readonly purge: RetireePurgeService,
    private readonly clock: Clock,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @Cron(CronExpression.EVERY_HOUR)
  async onSchedule(): Promise<void> {
    if (!this.runner.schedulesEnabled) return;
    const slot = businessDate(this.clock.now(), this.config.timeZone);
    await this.runner.tryOnce('personal-number-retiree-purge', slot, 'retiree purge', async () => {
      const done = await this.purge.purgeDue();
      if (done.records) this.logger.log(`deleted ${done.records} records of ${done.employees} retirees`);
    });
  }
}
