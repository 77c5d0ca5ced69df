import { CronExpression } from '@nestjs/schedule';
import { Job, ScheduledJob } from '@kanri/common/jobs/scheduled-job';
import { KeyRotationService } from './key-rotation.service';

/**
 * Re-encrypts individual numbers under the current field key (SPEC §8 "keys can rotate"): checks hourly, once
 * across all instances; a check that finds nothing to do costs one indexed count and is not audited (the rotation
 * records its own row when it re-encrypts).
 */
@ScheduledJob({
  name: 'personal-number-key-rotation',
  label: 'individual-number key rotation',
  cron: CronExpression.EVERY_HOUR,
  slot: 'hour',
})
export class KeyRotationJob extends Job {
  constructor(private readonly rotation: KeyRotationService) {
    super();
  }

  protected async work(): Promise<void> {
    await this.rotation.reencryptAll();
  }
}
