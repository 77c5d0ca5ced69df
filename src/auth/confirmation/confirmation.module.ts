import { Global, Module } from '@nestjs/common';
import { UsersModule } from '../../users/users.module';
import { LockoutModule } from '../lockout/lockout.module';
import { PasskeyStepUpModule } from '../passkeys/step-up/passkey-step-up.module';
import { ConfirmationService } from './confirmation.service';

/**
 * Global so that the confirmation guard of the global chain (auth.module.ts) and the upload routes, which check the
 * confirmation password in their service once the multipart body is read, share one ConfirmationService.
 */
@Global()
@Module({
  imports: [UsersModule, LockoutModule, PasskeyStepUpModule],
  providers: [ConfirmationService],
  exports: [ConfirmationService],
})
export class ConfirmationModule {}
