/** One of the signed-in user's passkeys. The public key and counter stay on the server. */
export class PasskeyView {
  id!: string;
  name!: string;
  /** Synced by its provider (iCloud Keychain, Google Password Manager, ...) rather than bound to one device. */
  backedUp!: boolean;
  createdAt!: string;
  lastUsedAt!: string | null;
}

export class PasskeyListView {
  items!: PasskeyView[];
}

/** The answer of a passkey step-up: put `stepUpToken` into the body of the next confirm operation. */
export class PasskeyStepUpView {
  /** Good for one confirm operation of this session, until `expiresAt`. Never logged. */
  stepUpToken!: string;
  expiresAt!: string;
}
