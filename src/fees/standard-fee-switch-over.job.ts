import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { AppConfig } from '@kanri/common/config/app-config';
import { businessDate } from '@kanri/common/clock/business-date';
import { Clock } from '@kanri/common/clock/clock';
import { JobRunner } from '@kanri/common/jobs/job-runner.service';
import { AuditRecorder } from '../audit/audit-recorder.service';
import { StandardFeesService } from './standard-fees.service';

/**
 * Standard-fee switch-over (SPEC §6, §10): once per business day across all instances, records (and audits as the
 * system actor) every standard version whose effective date has come. Pricing never waits for it — the version in
 * effect is chosen by date — so a late or missed run changes no fee; it ticks hourly so a day whose first tick fell
 * while every instance was down is still recorded. Idempotent.
 */
@Injectable()
export class StandardFeeSwitchOverJob {
  private readonly logger = new Logger(StandardFeeSwitchOverJob.name);

  constructor(
    private readonly runner: JobRunner,
    private readonly standard: StandardFeesService,
    private readonly recorder: AuditRecorder,
    private readonly clock: Clock,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  @Cron(CronExpression.EVERY_HOUR)
  async onSchedule(): Promise<void> {
    if (!this.runner.schedulesEnabled) return;
    const slot = businessDate(this.clock.now(), this.config.timeZone);
    await this.runner.tryOnce('standard-fee-switch-over', slot, 'standard fee switch-over', async () => {
      const revisions = await this.switchOver();
      if (revisions.length) this.logger.log(`standard fee revision(s) ${revisions.join(', ')} in effect`);
    });
  }

  /** The job's work, callable directly (tests): the revisions that took effect since the last run. */
  switchOver(): Promise<number[]> {
    return this.recorder.runAsSystem(
      {
        name: 'standard-fee-switch-over',
        screen: '基準手数料の切替',
        operation: 'update',
        details: { date: this.standard.today() },
      },
      () => this.standard.recordSwitchOvers(),
    );
  }
}
