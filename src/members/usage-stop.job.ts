import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { AppConfig } from '@kanri/common/config/app-config';
import { JobRunner } from '@kanri/common/jobs/job-runner.service';
import { UsageStopService } from './usage-stop.service';

export const USAGE_STOP_JOB = 'usage-stop';

/** APP_TIMEZONE as the process saw it at start: `@Cron` options are read when the class is declared. */
const TIME_ZONE = process.env.APP_TIMEZONE || 'Asia/Tokyo';

/**
 * Usage-stop deletion (SPEC §4, §10): every day at 00:05 in APP_TIMEZONE, and once at start to catch up on a day the
 * process was down. The occurrence is the business date: across instances it runs once per day (JobRunner); a
 * crashed run is resumed by the next attempt, and the work is idempotent (usage-stop.service.ts).
 */
@Injectable()
export class UsageStopJob implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsageStopJob.name);

  constructor(
    private readonly runner: JobRunner,
    private readonly service: UsageStopService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @Cron('5 0 * * *', { name: USAGE_STOP_JOB, timeZone: TIME_ZONE })
  async onSchedule(): Promise<void> {
    if (!this.runner.schedulesEnabled) return;
    await this.runToday();
  }

  /** Catch-up at start, in the background so that start-up does not wait for it. */
  onApplicationBootstrap(): void {
    if (!this.runner.schedulesEnabled) return;
    if (this.config.timeZone !== TIME_ZONE) {
      this.logger.warn(`the schedule runs in ${TIME_ZONE}; APP_TIMEZONE is ${this.config.timeZone}`);
    }
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
