import { Logger } from '@nestjs/common';
import { CronExpression } from '@nestjs/schedule';
import { Job, ScheduledJob } from '@kanri/common/jobs/scheduled-job';
import { CrlService } from './crl.service';
import { RootCrlService } from './root-crl.service';

/**
 * CRL refresh (SPEC §10): checks hourly, once across all instances, and re-signs the CRL (and the root's) when half
 * of its validity has passed, well before `nextUpdate`; a run that re-signs is audited as the system (the checks
 * that find nothing to do are not, or the history would fill with an hourly no-op). Revocations re-sign the CRL on
 * their own at once.
 */
@ScheduledJob({
  name: 'crl-refresh',
  label: 'CRL refresh',
  cron: CronExpression.EVERY_HOUR,
  slot: 'hour',
  audit: { screen: 'CRL更新', operation: 'update' },
})
export class CrlRefreshJob extends Job {
  private readonly logger = new Logger(CrlRefreshJob.name);

  constructor(
    private readonly crl: CrlService,
    private readonly rootCrl: RootCrlService,
  ) {
    super();
  }

  protected override async isDue(): Promise<boolean> {
    return (await this.crl.isRefreshDue()) || (await this.rootCrl.isRefreshDue());
  }

  protected async work(): Promise<void> {
    if (await this.crl.refreshIfDue()) this.logger.log('CRL re-signed');
    if (await this.rootCrl.refreshIfDue()) this.logger.log("root's CRL re-signed");
  }
}
