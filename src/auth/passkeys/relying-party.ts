import type { WebAuthnConfig } from '@kanri/common/config/app-config';

/** Every ceremony waits this long for the browser (and the challenge lives as long, webauthn-challenges.service). */
export const CEREMONY_TIMEOUT_MS = 5 * 60_000;

/** What the verifications of @simplewebauthn/server expect of every response (WEBAUTHN_RP_ID, WEBAUTHN_ORIGINS). */
export function expectedParty(config: WebAuthnConfig) {
  return { expectedOrigin: config.origins, expectedRPID: config.rpId, requireUserVerification: true };
}

/** A user handle for the authenticator: the user's id, which Kanri never reuses. */
export const userHandleOf = (userId: string) => new TextEncoder().encode(userId);
