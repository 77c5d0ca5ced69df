import { CronExpression } from '@nestjs/schedule';
import { Job, ScheduledJob } from '@kanri/common/jobs/scheduled-job';
import { TotpKeyRotation } from './totp-key-rotation.service';

/**
 * Re-encrypts TOTP secrets under the current field key (SPEC §8 "keys can rotate", docs/operations "Rotating the
 * field key"): checks hourly, once across all instances; a check that finds nothing to do is not audited (the
 * rotation records its own row when it re-encrypts).
 */
@ScheduledJob({
  name: 'totp-secret-key-rotation',
  label: 'TOTP secret key rotation',
  cron: CronExpression.EVERY_HOUR,
  slot: 'hour',
})
export class TotpKeyRotationJob extends Job {
  constructor(private readonly rotation: TotpKeyRotation) {
    super();
  }

  protected async work(): Promise<void> {
    await this.rotation.reencryptAll();
  }
}
