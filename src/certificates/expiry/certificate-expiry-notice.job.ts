import { Inject, Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppConfig } from '@kanri/common/config/app-config';
import { businessDate } from '@kanri/common/clock/business-date';
import { Clock } from '@kanri/common/clock/clock';
import { JobRunner } from '@kanri/common/jobs/job-runner.service';
import { AuditRecorder } from '../../audit/audit-recorder.service';
import { ExpiryNoticesService } from './expiry-notices.service';

/**
 * Certificate expiry notices (SPEC §10): one run per business day across all instances, audited as the system. It ticks hourly so a
 * day whose first tick fell while every instance was down is still served; the daily slot makes the other
 * ticks no-ops.
 */
@Injectable()
export class CertificateExpiryNoticeJob {
  constructor(
    private readonly runner: JobRunner,
    private readonly notices: ExpiryNoticesService,
    private readonly audit: AuditRecorder,
    private readonly clock: Clock,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @Cron(CronExpression.EVERY_HOUR)
  async onSchedule(): Promise<void> {
    if (!this.runner.schedulesEnabled) return;
    const slot = businessDate(this.clock.now(), this.config.timeZone);
    await this.runner.tryOnce('certificate-expiry-notices', slot, 'certificate expiry notices', () =>
      this.audit.runAsSystem(
        { name: 'certificate-expiry-notices', screen: '証明書有効期限通知', operation: 'register' },
        async () => {
          await this.notices.sendDue();
        },
      ),
    );
  }
}
