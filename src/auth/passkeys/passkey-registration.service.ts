import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import {
  type AuthenticatorTransportFuture,
  generateRegistrationOptions,
  type PublicKeyCredentialCreationOptionsJSON,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { AppConfig } from '@kanri/common/config/app-config';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { newId } from '@kanri/common/ids/new-id';
import type { Principal } from '@kanri/access/actor';
import type { RequestOrigin } from '@kanri/access/request-origin';
import { LoginHistoryService } from '../../audit/login-history.service';
import { UserAccounts } from '../../users/user-accounts.service';
import type { VerifyRegistrationDto } from './dto/passkey.dto';
import type { PasskeyView } from './dto/passkey.view';
import { Passkey } from './passkey.entity';
import { PasskeyCredentials, toPasskeyView } from './passkey-credentials.service';
import { CEREMONY_TIMEOUT_MS, expectedParty, userHandleOf } from './relying-party';
import { WebAuthnChallenges } from './webauthn-challenges.service';

/** Passkeys per user: enough for a phone, a laptop and two security keys, and a bound on the options' size. */
export const MAX_PASSKEYS_PER_USER = 10;

/**
 * Registering a passkey for the signed-in user (navigator.credentials.create). Discoverable credentials with user
 * verification are required, so every passkey can sign in without a login ID and serve as the step-up; attestation
 * is `none` (Kanri trusts the user's choice of authenticator, as the synced-passkey guidance of NIST SP 800-63B-4
 * allows).
 */
@Injectable()
export class PasskeyRegistration {
  constructor(
    private readonly credentials: PasskeyCredentials,
    private readonly challenges: WebAuthnChallenges,
    private readonly accounts: UserAccounts,
    private readonly loginHistory: LoginHistoryService,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async options(principal: Principal): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const user = await this.accounts.findById(principal.userId);
    if (!user) throw AppError.notFound('User');
    const own = await this.credentials.ofUser(user.id);
    if (own.length >= MAX_PASSKEYS_PER_USER) throw tooMany();
    const options = await generateRegistrationOptions({
      rpName: this.config.webAuthn.rpName,
      rpID: this.config.webAuthn.rpId,
      userID: userHandleOf(user.id),
      userName: user.loginId,
      userDisplayName: `${user.familyName} ${user.givenName}`.trim() || user.loginId,
      attestationType: 'none',
      excludeCredentials: own.map((p) => ({
        id: p.credentialId,
        transports: p.transports?.split(',') as AuthenticatorTransportFuture[] | undefined,
      })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
      timeout: CEREMONY_TIMEOUT_MS,
    });
    await this.challenges.issue(options.challenge, 'register', principal);
    return options;
  }

  async verify(
    principal: Principal,
    dto: VerifyRegistrationDto,
    origin: RequestOrigin,
  ): Promise<PasskeyView> {
    const challenge = await this.tx.run((em) =>
      this.challenges.consume(em, dto.credential.response.clientDataJSON, 'register', principal.userId),
    );
    let verification: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
    try {
      verification = await verifyRegistrationResponse({
        response: dto.credential as Parameters<typeof verifyRegistrationResponse>[0]['response'],
        expectedChallenge: challenge,
        ...expectedParty(this.config.webAuthn),
      });
    } catch {
      throw invalidRegistration();
    }
    if (!verification.verified) throw invalidRegistration();
    const { credential, credentialBackedUp } = verification.registrationInfo;
    const now = this.clock.now();
    const passkey: Passkey = {
      id: newId(now.getTime()),
      userId: principal.userId,
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      signCount: credential.counter,
      transports: credential.transports?.length ? credential.transports.join(',').slice(0, 255) : null,
      name: dto.name ?? `パスキー ${now.toISOString().slice(0, 10)}`,
      backedUp: credentialBackedUp,
      createdAt: now,
      lastUsedAt: null,
    };
    await this.tx.run(async (em) => {
      const count = await em.getRepository(Passkey).count({ where: { userId: principal.userId } });
      if (count >= MAX_PASSKEYS_PER_USER) throw tooMany();
      // The credential ID is unique system-wide; a duplicate is answered 409 CONFLICT by the error filter.
      await em.insert(Passkey, passkey);
      await this.loginHistory.record(
        {
          action: 'PASSKEY_REGISTERED',
          loginIdTyped: principal.loginId,
          userId: principal.userId,
          organizationId: principal.organizationId,
          ip: origin.ip,
          userAgent: origin.userAgent,
        },
        em,
      );
    });
    return toPasskeyView(passkey);
  }
}

const invalidRegistration = () =>
  new AppError(ErrorCode.PasskeyInvalid, HttpStatus.BAD_REQUEST, 'The new passkey could not be verified');

const tooMany = () =>
  AppError.conflict(`At most ${MAX_PASSKEYS_PER_USER} passkeys per user; delete one first`);
