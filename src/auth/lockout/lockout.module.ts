import { Module } from '@nestjs/common';
import { OrganizationsModule } from '../../organizations/organizations.module';
import { UsersModule } from '../../users/users.module';
import { SessionsModule } from '../sessions.module';
import { SignInSettings } from '../sign-in-settings.service';
import { LockoutStatements } from './lockout-statements';
import { LockoutExpiryJob } from './lockout-expiry.job';
import { LoginAttempts } from './login-attempts.service';
import { OwedSlots } from './owed-slots';

/** Failure counting and lockout, used by sign-in and by the confirmation password (SPEC §3.1, §3.2). */
@Module({
  imports: [UsersModule, OrganizationsModule, SessionsModule],
  providers: [LoginAttempts, LockoutStatements, OwedSlots, SignInSettings, LockoutExpiryJob],
  exports: [LoginAttempts, LockoutStatements, SignInSettings],
})
export class LockoutModule {}
