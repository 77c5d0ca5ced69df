import { CronExpression } from '@nestjs/schedule';
import { Job, ScheduledJob } from '@kanri/common/jobs/scheduled-job';
import { ExpiryNoticesService } from './expiry-notices.service';

/**
 * Certificate expiry notices (SPEC §10): one run per business day across all instances, audited as the system. It
 * ticks hourly so a day whose first tick fell while every instance was down is still served; the daily slot makes
 * the other ticks no-ops.
 */
@ScheduledJob({
  name: 'certificate-expiry-notices',
  label: 'certificate expiry notices',
  cron: CronExpression.EVERY_HOUR,
  slot: 'business-day',
  audit: { screen: '証明書有効期限通知', operation: 'register' },
})
export class CertificateExpiryNoticeJob extends Job {
  constructor(private readonly notices: ExpiryNoticesService) {
    super();
  }

  protected async work(): Promise<void> {
    await this.notices.sendDue();
  }
}
