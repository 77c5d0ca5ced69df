import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { Clock } from '@kanri/common/clock/clock';
import { JobRunner } from '@kanri/common/jobs/job-runner.service';
import { KeyRotationService } from './key-rotation.service';

/**
 * Re-encrypts individual numbers under the current field key (SPEC §8 "keys can rotate"): checks hourly, once
 * across all instances; a check that finds nothing to do costs one indexed count and is not audited.
 */
@Injectable()
export class KeyRotationJob {
  constructor(
    private readonly runner: JobRunner,
    private readonly rotation: KeyRotationService,
    private readonly clock: Clock,
  ) {}

  @Cron(CronExpression.EVERY_HOUR)
  async onSchedule(): Promise<void> {
    if (!this.runner.schedulesEnabled) return;
    const slot = this.clock.now().toISOString().slice(0, 13);
    await this.runner.tryOnce(
      'personal-number-key-rotation',
      slot,
      'individual-number key rotation',
      async () => {
        await this.rotation.reencryptAll();
      },
    );
  }
}
