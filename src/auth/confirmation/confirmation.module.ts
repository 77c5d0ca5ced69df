import { Global, Module } from '@nestjs/common';
import { UsersModule } from '../../users/users.module';
import { LockoutModule } from '../lockout/lockout.module';
import { ConfirmationGuard } from './confirmation.guard';
import { ConfirmationService } from './confirmation.service';

/** Global so that any feature module's controller can use `@Confirm()`. */
@Global()
@Module({
  imports: [UsersModule, LockoutModule],
  providers: [ConfirmationService, ConfirmationGuard],
  exports: [ConfirmationService, ConfirmationGuard],
})
export class ConfirmationModule {}
