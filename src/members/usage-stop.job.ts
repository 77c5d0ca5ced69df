import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { JobRunner } from '@kanri/common/jobs/job-runner.service';
import { UsageStopService } from './usage-stop.service';

export const USAGE_STOP_JOB = 'usage-stop';

/**
 * Usage-stop deletion (SPEC §4, §10): once per business day in APP_TIMEZONE, and once at start to catch up on a day
 * the process was down. It ticks hourly at minute 5, so the day's run comes at 00:05 local time in any whole-hour
 * zone, and a day whose first tick fell while every instance was down is still served; the occurrence is the
 * business date, so across instances it runs once per day (JobRunner) and the other ticks are no-ops. A crashed run
 * is resumed by the next attempt, and the work is idempotent (usage-stop.service.ts).
 */
@Injectable()
export class UsageStopJob implements OnApplicationBootstrap {
  constructor(
    private readonly runner: JobRunner,
    private readonly service: UsageStopService,
  ) {}

  @Cron('5 * * * *', { name: USAGE_STOP_JOB })
  async onSchedule(): Promise<void> {
    if (!this.runner.schedulesEnabled) return;
    await this.runToday();
  }

  /** Catch-up at start, in the background so that start-up does not wait for it. */
  onApplicationBootstrap(): void {
    if (!this.runner.schedulesEnabled) return;
    void this.runToday();
  }

  /** Today's occurrence through the job runner; 'skipped' when another instance has (had) it. */
  async runToday(): Promise<'ran' | 'skipped' | 'failed'> {
    const date = this.service.today();
    return await this.runner.tryOnce(USAGE_STOP_JOB, date, `usage stop ${date}`, async () => {
      await this.service.deleteStoppedAccounts(date);
    });
  }
}
