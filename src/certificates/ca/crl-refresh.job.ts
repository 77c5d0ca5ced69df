import { Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { Clock } from '@kanri/common/clock/clock';
import { JobRunner } from '@kanri/common/jobs/job-runner.service';
import { AuditRecorder } from '../../audit/audit-recorder.service';
import { CrlService } from './crl.service';
import { RootCrlService } from './root-crl.service';

/**
 * CRL refresh (SPEC §10): checks hourly, once across all instances, and re-signs the CRL (and the root's) when half
 * of its validity has passed, well before `nextUpdate`; a run that re-signs is audited as the system (the checks
 * that find nothing to do are not, or the history would fill with an hourly no-op). Revocations re-sign the CRL on
 * their own at once.
 */
@Injectable()
export class CrlRefreshJob {
  private readonly logger = new Logger(CrlRefreshJob.name);

  constructor(
    private readonly runner: JobRunner,
    private readonly crl: CrlService,
    private readonly rootCrl: RootCrlService,
    private readonly audit: AuditRecorder,
    private readonly clock: Clock,
  ) {}

  @Cron(CronExpression.EVERY_HOUR)
  async onSchedule(): Promise<void> {
    if (!this.runner.schedulesEnabled) return;
    const slot = this.clock.now().toISOString().slice(0, 13);
    await this.runner.tryOnce('crl-refresh', slot, 'CRL refresh', async () => {
      if (!(await this.crl.isRefreshDue()) && !(await this.rootCrl.isRefreshDue())) return;
      await this.audit.runAsSystem(
        { name: 'crl-refresh', screen: 'CRL更新', operation: 'update' },
        async () => {
          if (await this.crl.refreshIfDue()) this.logger.log('CRL re-signed');
          if (await this.rootCrl.refreshIfDue()) this.logger.log("root's CRL re-signed");
        },
      );
    });
  }
}
