import { CronExpression } from '@nestjs/schedule';
import { Job, ScheduledJob } from '@kanri/common/jobs/scheduled-job';
import { AuditRetentionService } from './audit-retention.service';

/**
 * Audit retention (SPEC §10): once per business day across all instances, only when AUDIT_RETENTION_DAYS is set.
 * It ticks hourly so a day whose first tick fell while every instance was down is still served. The purge records
 * its own system row (with the period and cut-off it applied).
 */
@ScheduledJob({
  name: 'audit-retention',
  label: 'audit retention',
  cron: CronExpression.EVERY_HOUR,
  slot: 'business-day',
  enabledWhen: (config) => config.auditRetentionDays > 0,
})
export class AuditRetentionJob extends Job {
  constructor(private readonly retention: AuditRetentionService) {
    super();
  }

  protected async work(): Promise<void> {
    await this.retention.purgeExpired();
  }
}
