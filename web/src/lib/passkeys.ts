import {
  browserSupportsWebAuthn,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
  startRegistration,
} from '@simplewebauthn/browser';
import { api, unwrap } from '../api/client';

/**
 * The browser's half of Kanri's passkey ceremonies (SPEC §17), shared by the sign-in screen, the passkeys screen and
 * the confirm step: ask the API for options, hand them to the WebAuthn API, send its answer back. Nothing here is
 * kept: the step-up token goes straight into the one request it confirms.
 */
export const passkeysSupported = (): boolean => browserSupportsWebAuthn();

/** Creates a passkey on this device and registers it for the signed-in user. */
export async function registerPasskey(name?: string) {
  const optionsJSON = unwrap(
    await api.POST('/api/v1/auth/passkeys/registration/options'),
  ) as unknown as PublicKeyCredentialCreationOptionsJSON;
  const credential = await startRegistration({ optionsJSON });
  return unwrap(
    await api.POST('/api/v1/auth/passkeys/registration/verify', {
      body: { credential: credential as never, ...(name ? { name } : {}) },
    }),
  );
}

/** Username-less sign-in: the browser offers the passkeys it holds for Kanri; the session cookie follows. */
export async function signInWithPasskey() {
  const optionsJSON = unwrap(
    await api.POST('/api/v1/auth/passkeys/sign-in/options'),
  ) as unknown as PublicKeyCredentialRequestOptionsJSON;
  const credential = await startAuthentication({ optionsJSON });
  return unwrap(
    await api.POST('/api/v1/auth/passkeys/sign-in/verify', { body: { credential: credential as never } }),
  );
}

/** The step-up for one confirm operation: answers the token to send as `stepUpToken`. */
export async function passkeyStepUp(): Promise<string> {
  const optionsJSON = unwrap(
    await api.POST('/api/v1/auth/passkeys/step-up/options'),
  ) as unknown as PublicKeyCredentialRequestOptionsJSON;
  const credential = await startAuthentication({ optionsJSON });
  const answer = unwrap(
    await api.POST('/api/v1/auth/passkeys/step-up/verify', { body: { credential: credential as never } }),
  );
  return answer.stepUpToken;
}
