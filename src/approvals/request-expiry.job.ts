import { Logger } from '@nestjs/common';
import { CronExpression } from '@nestjs/schedule';
import { Job, ScheduledJob } from '@kanri/common/jobs/scheduled-job';
import { ApprovalRequestsService } from './approval-requests.service';

/**
 * Pending-request expiry (SPEC §5, §10): once per business day across all instances, every pending request whose
 * execution date has passed becomes `expired` and its amount leaves the daily limits. Ticks hourly so a day whose
 * first tick fell while every instance was down is still served; the daily slot makes the other ticks no-ops.
 * Audited as the system actor. Idempotent and resumable (each request ends in its own transaction).
 */
@ScheduledJob({
  name: 'request-expiry',
  label: 'request expiry',
  cron: CronExpression.EVERY_HOUR,
  slot: 'business-day',
  audit: { screen: '依頼の期限切れ', operation: 'update', details: (before) => ({ before }) },
})
export class RequestExpiryJob extends Job<number> {
  private readonly logger = new Logger(RequestExpiryJob.name);

  constructor(private readonly requests: ApprovalRequestsService) {
    super();
  }

  protected async work(): Promise<number> {
    const expired = await this.requests.expireStale();
    if (expired) this.logger.log(`${expired} stale request(s) expired`);
    return expired;
  }

  /** Today's audited work, callable directly (tests): how many requests expired. */
  async expire(): Promise<number> {
    return (await this.runWork()) ?? 0;
  }
}
