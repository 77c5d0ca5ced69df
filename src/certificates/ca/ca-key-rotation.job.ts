import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';
import { Clock } from '@kanri/common/clock/clock';
import { JobRunner } from '@kanri/common/jobs/job-runner.service';
import { CaKeyRotation } from './ca-key-rotation.service';

/**
 * Re-encrypts the CA private keys under the current field key (SPEC §7 "keys encrypted at rest with the field
 * key", §8 "keys can rotate"): checks hourly, once across all instances; a check that finds nothing to do is not
 * audited.
 */
@Injectable()
export class CaKeyRotationJob {
  constructor(
    private readonly runner: JobRunner,
    private readonly rotation: CaKeyRotation,
    private readonly clock: Clock,
  ) {}

  @Cron(CronExpression.EVERY_HOUR)
  async onSchedule(): Promise<void> {
    if (!this.runner.schedulesEnabled) return;
    const slot = this.clock.now().toISOString().slice(0, 13);
    await this.runner.tryOnce('ca-private-key-rotation', slot, 'CA private key rotation', async () => {
      await this.rotation.reencryptAll();
    });
  }
}
