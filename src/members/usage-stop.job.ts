import { Job, ScheduledJob } from '@kanri/common/jobs/scheduled-job';
import type { JobOutcome } from '@kanri/common/jobs/job-runner.service';
import { UsageStopService } from './usage-stop.service';

/**
 * Usage-stop deletion (SPEC §4, §10): once per business day in APP_TIMEZONE, and once at start to catch up on a day
 * the process was down. It ticks hourly at minute 5, so the day's run comes at 00:05 local time in any whole-hour
 * zone, and a day whose first tick fell while every instance was down is still served. A crashed run is resumed by
 * the next attempt, and the work is idempotent (usage-stop.service.ts), which records one system row per
 * organization it acts on.
 */
@ScheduledJob({
  name: 'usage-stop',
  label: 'usage stop',
  cron: '5 * * * *',
  slot: 'business-day',
  atStart: true,
})
export class UsageStopJob extends Job {
  constructor(private readonly service: UsageStopService) {
    super();
  }

  protected async work(date: string): Promise<void> {
    await this.service.deleteStoppedAccounts(date);
  }

  /** Today's occurrence through the job runner; 'skipped' when another instance has (had) it. */
  runToday(): Promise<JobOutcome | 'failed'> {
    return this.runNow();
  }
}
