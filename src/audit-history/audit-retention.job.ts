import { Inject, Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppConfig } from '@kanri/common/config/app-config';
import { businessDate } from '@kanri/common/clock/business-date';
import { Clock } from '@kanri/common/clock/clock';
import { JobRunner } from '@kanri/common/jobs/job-runner.service';
import { AuditRetentionService } from './audit-retention.service';

/**
 * Audit retention (SPEC §10): once per business day across all instances, only when AUDIT_RETENTION_DAYS is set.
 * It ticks hourly so a day whose first tick fell while every instance was down is still served.
 */
@Injectable()
export class AuditRetentionJob {
  constructor(
    private readonly runner: JobRunner,
    private readonly retention: AuditRetentionService,
    private readonly clock: Clock,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @Cron(CronExpression.EVERY_HOUR)
  async onSchedule(): Promise<void> {
    if (!this.runner.schedulesEnabled || !this.config.auditRetentionDays) return;
    const slot = businessDate(this.clock.now(), this.config.timeZone);
    await this.runner.tryOnce('audit-retention', slot, 'audit retention', async () => {
      await this.retention.purgeExpired();
    });
  }
}
