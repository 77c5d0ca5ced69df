import { CronExpression } from '@nestjs/schedule';
import { Job, ScheduledJob } from '@kanri/common/jobs/scheduled-job';
import { CaKeyRotation } from './ca-key-rotation.service';

/**
 * Re-encrypts the CA private keys under the current field key (SPEC §7 "keys encrypted at rest with the field
 * key", §8 "keys can rotate"): checks hourly, once across all instances; a check that finds nothing to do is not
 * audited (the rotation records its own row when it re-encrypts).
 */
@ScheduledJob({
  name: 'ca-private-key-rotation',
  label: 'CA private key rotation',
  cron: CronExpression.EVERY_HOUR,
  slot: 'hour',
})
export class CaKeyRotationJob extends Job {
  constructor(private readonly rotation: CaKeyRotation) {
    super();
  }

  protected async work(): Promise<void> {
    await this.rotation.reencryptAll();
  }
}
