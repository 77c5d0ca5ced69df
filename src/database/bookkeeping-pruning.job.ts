import { Logger } from '@nestjs/common';
import { CronExpression } from '@nestjs/schedule';
import { Job, ScheduledJob } from '@kanri/common/jobs/scheduled-job';
import { BookkeepingPruning, type PruneCounts } from './bookkeeping-pruning';

/**
 * Bookkeeping pruning: once per business day across all instances, drops guard rows no transaction has written for a
 * day and job-run rows of occurrences a month past (bookkeeping-pruning.ts). It ticks hourly so a day whose first
 * tick fell while every instance was down is still served. Internal rows only: no audit row.
 */
@ScheduledJob({
  name: 'bookkeeping-pruning',
  label: 'bookkeeping pruning',
  cron: CronExpression.EVERY_HOUR,
  slot: 'business-day',
})
export class BookkeepingPruningJob extends Job<PruneCounts> {
  private readonly logger = new Logger(BookkeepingPruningJob.name);

  constructor(private readonly pruning: BookkeepingPruning) {
    super();
  }

  protected async work(): Promise<PruneCounts> {
    const pruned = await this.pruning.prune(this.clock.now());
    if (pruned.lockGuards || pruned.jobRuns)
      this.logger.log(`pruned ${pruned.lockGuards} guard row(s) and ${pruned.jobRuns} job run(s)`);
    return pruned;
  }
}
