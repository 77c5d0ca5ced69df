import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { Clock } from '@kanri/common/clock/clock';
import { JobRunner } from '@kanri/common/jobs/job-runner.service';
import { TotpKeyRotation } from './totp-key-rotation.service';

/**
 * Re-encrypts TOTP secrets under the current field key (SPEC §8 "keys can rotate", README "Rotating the field
 * key"): checks hourly, once across all instances; a check that finds nothing to do is not audited.
 */
@Injectable()
export class TotpKeyRotationJob {
  constructor(
    private readonly runner: JobRunner,
    private readonly rotation: TotpKeyRotation,
    private readonly clock: Clock,
  ) {}

  @Cron(CronExpression.EVERY_HOUR)
  async onSchedule(): Promise<void> {
    if (!this.runner.schedulesEnabled) return;
    const slot = this.clock.now().toISOString().slice(0, 13);
    await this.runner.tryOnce('totp-secret-key-rotation', slot, 'TOTP secret key rotation', async () => {
      await this.rotation.reencryptAll();
    });
  }
}
