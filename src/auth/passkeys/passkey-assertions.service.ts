import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import {
  type AuthenticatorTransportFuture,
  generateAuthenticationOptions,
  type PublicKeyCredentialRequestOptionsJSON,
  verifyAuthenticationResponse,
} from '@simplewebauthn/server';
import { AppConfig } from '@kanri/common/config/app-config';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import type { AssertionCredentialDto } from './dto/passkey.dto';
import type { Passkey } from './passkey.entity';
import { PasskeyCredentials } from './passkey-credentials.service';
import { CEREMONY_TIMEOUT_MS, expectedParty } from './relying-party';
import type { ChallengePurpose } from './webauthn-challenge.entity';
import { WebAuthnChallenges } from './webauthn-challenges.service';

export const passkeyInvalid = (message = 'The passkey could not be verified') =>
  new AppError(ErrorCode.PasskeyInvalid, HttpStatus.UNAUTHORIZED, message);

/** Why an assertion was refused, for the login-history row; the passkey when it was one of ours. */
export class AssertionRefused extends Error {
  constructor(
    readonly answer: AppError,
    readonly passkey: Passkey | null,
  ) {
    super(answer.message);
  }
}

/**
 * Assertions (navigator.credentials.get), for sign-in and for the step-up: options with a server-side challenge,
 * then verification in a fixed order — the challenge is spent first (so the same response can never be tried
 * twice, right or wrong), the credential must be ours (and the user's, for a step-up), the signature, RP ID,
 * origin and user verification must hold, and the signature counter must grow (a counter that does not, when
 * either side is non-zero, means a cloned authenticator or a replay: refused).
 */
@Injectable()
export class PasskeyAssertions {
  constructor(
    private readonly credentials: PasskeyCredentials,
    private readonly challenges: WebAuthnChallenges,
    private readonly tx: TransactionService,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** Options for an assertion; `forUser` limits it to that user's passkeys (step-up), else any discoverable one. */
  async options(
    purpose: ChallengePurpose,
    forUser: { userId: string; sessionId: string } | null,
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    let allowCredentials: { id: string; transports?: AuthenticatorTransportFuture[] }[] | undefined;
    if (forUser) {
      const own = await this.credentials.ofUser(forUser.userId);
      if (!own.length)
        throw new AppError(ErrorCode.PasskeyNotRegistered, HttpStatus.CONFLICT, 'Register a passkey first');
      allowCredentials = own.map((p) => ({ id: p.credentialId, transports: transportsOf(p) }));
    }
    const options = await generateAuthenticationOptions({
      rpID: this.config.webAuthn.rpId,
      allowCredentials,
      userVerification: 'required',
      timeout: CEREMONY_TIMEOUT_MS,
    });
    await this.challenges.issue(options.challenge, purpose, forUser);
    return options;
  }

  /** Verifies the assertion as described above; throws AssertionRefused. */
  async verify(
    credential: AssertionCredentialDto,
    purpose: ChallengePurpose,
    userId: string | null,
  ): Promise<Passkey> {
    let challenge: string;
    try {
      challenge = await this.tx.run((em) =>
        this.challenges.consume(em, credential.response.clientDataJSON, purpose, userId),
      );
    } catch (e) {
      throw new AssertionRefused(e as AppError, null);
    }
    const passkey = await this.credentials.byCredentialId(credential.id);
    if (!passkey || (userId !== null && passkey.userId !== userId)) {
      throw new AssertionRefused(passkeyInvalid('This passkey is not registered'), null);
    }
    let verification: Awaited<ReturnType<typeof verifyAuthenticationResponse>>;
    try {
      verification = await verifyAuthenticationResponse({
        response: credential as Parameters<typeof verifyAuthenticationResponse>[0]['response'],
        expectedChallenge: challenge,
        ...expectedParty(this.config.webAuthn),
        credential: {
          id: passkey.credentialId,
          publicKey: Buffer.from(passkey.publicKey, 'base64url'),
          counter: passkey.signCount,
          transports: transportsOf(passkey),
        },
      });
    } catch {
      // The library's message may quote what the client sent; the answer stays generic.
      throw new AssertionRefused(passkeyInvalid(), passkey);
    }
    const { verified, authenticationInfo } = verification;
    if (!verified || !authenticationInfo.userVerified) throw new AssertionRefused(passkeyInvalid(), passkey);
    const handle = credential.response.userHandle;
    if (handle && Buffer.from(handle, 'base64url').toString('utf8') !== passkey.userId) {
      throw new AssertionRefused(passkeyInvalid(), passkey);
    }
    const advanced = await this.tx.run((em) =>
      this.credentials.advanceCounter(em, passkey.id, passkey.signCount, authenticationInfo.newCounter),
    );
    if (!advanced) throw new AssertionRefused(passkeyInvalid(), passkey);
    return passkey;
  }
}

function transportsOf(p: Passkey): AuthenticatorTransportFuture[] | undefined {
  return p.transports ? (p.transports.split(',') as AuthenticatorTransportFuture[]) : undefined;
}
