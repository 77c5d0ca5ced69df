import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../../users/users.module';
import { AuthModule } from '../auth.module';
import { LockoutModule } from '../lockout/lockout.module';
import { OwnPasskeys } from './own-passkeys.service';
import { Passkey } from './passkey.entity';
import { PasskeyAssertions } from './passkey-assertions.service';
import { PasskeyCredentials } from './passkey-credentials.service';
import { PasskeyRegistration } from './passkey-registration.service';
import { PasskeySignIn } from './passkey-sign-in.service';
import { PasskeyStepUpCeremony } from './passkey-step-up.service';
import { PasskeysController } from './passkeys.controller';
import { PasskeyStepUpModule } from './step-up/passkey-step-up.module';
import { WebAuthnChallenge } from './webauthn-challenge.entity';
import { WebAuthnChallenges } from './webauthn-challenges.service';

/** Passkeys (SPEC §17): registration, username-less sign-in, and the step-up for confirm operations. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Passkey, WebAuthnChallenge]),
    UsersModule,
    LockoutModule,
    AuthModule,
    PasskeyStepUpModule,
  ],
  controllers: [PasskeysController],
  providers: [
    PasskeyCredentials,
    PasskeyAssertions,
    WebAuthnChallenges,
    PasskeyRegistration,
    PasskeySignIn,
    PasskeyStepUpCeremony,
    OwnPasskeys,
  ],
})
export class PasskeysModule {}
