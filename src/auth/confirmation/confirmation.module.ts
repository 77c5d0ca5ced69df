import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OtpService } from '@kanri/security/otp.service';
import { OrganizationsModule } from '../../organizations/organizations.module';
import { UsersModule } from '../../users/users.module';
import { LockoutModule } from '../lockout/lockout.module';
import { TotpCodes } from '../second-factor/totp-codes.service';
import { UserOtp } from '../second-factor/user-otp.entity';
import { UserOtpStore } from '../second-factor/user-otp.store';
import { PasskeyStepUpModule } from '../passkeys/step-up/passkey-step-up.module';
import { ConfirmationService } from './confirmation.service';

/**
 * Global so that the confirmation guard of the global chain (auth.module.ts) and the upload routes, which check the
 * confirmation password in their service once the multipart body is read, share one ConfirmationService. It also
 * provides TotpCodes, the one rule for accepting an authenticator code, to sign-in (auth.module.ts).
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([UserOtp]),
    UsersModule,
    LockoutModule,
    OrganizationsModule,
    PasskeyStepUpModule,
  ],
  providers: [ConfirmationService, TotpCodes, UserOtpStore, OtpService],
  exports: [ConfirmationService, TotpCodes],
})
export class ConfirmationModule {}
