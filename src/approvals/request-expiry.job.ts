import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppConfig } from '@kanri/common/config/app-config';
import { businessDate } from '@kanri/common/clock/business-date';
import { Clock } from '@kanri/common/clock/clock';
import { JobRunner } from '@kanri/common/jobs/job-runner.service';
import { AuditRecorder } from '../audit/audit-recorder.service';
import { ApprovalRequestsService } from './approval-requests.service';

/**
 * Pending-request expiry (SPEC §5, §10): once per business day across all instances, every pending request whose
 * execution date has passed becomes `expired` and its amount leaves the daily limits. Ticks hourly so a day whose
 * first tick fell while every instance was down is still served; the daily slot makes the other ticks no-ops.
 * Audited as the system actor. Idempotent and resumable (each request ends in its own transaction).
 */
@Injectable()
export class RequestExpiryJob {
  private readonly logger = new Logger(RequestExpiryJob.name);

  constructor(
    private readonly runner: JobRunner,
    private readonly requests: ApprovalRequestsService,
    private readonly recorder: AuditRecorder,
    private readonly clock: Clock,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @Cron(CronExpression.EVERY_HOUR)
  async onSchedule(): Promise<void> {
    if (!this.runner.schedulesEnabled) return;
    const slot = businessDate(this.clock.now(), this.config.timeZone);
    await this.runner.tryOnce('request-expiry', slot, 'request expiry', async () => {
      const expired = await this.expire();
      if (expired) this.logger.log(`${expired} stale request(s) expired`);
    });
  }

  /** The job's work, callable directly (tests). */
  expire(): Promise<number> {
    return this.recorder.runAsSystem(
      {
        name: 'request-expiry',
        screen: '依頼の期限切れ',
        operation: 'update',
        details: { before: this.requests.today() },
      },
      () => this.requests.expireStale(),
    );
  }
}
