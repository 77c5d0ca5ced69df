// The shapes every confirmation shares: the confirm step, the popup and the forms that confirm in place.

/** Errors already in words: per field (input name → message) and for the form as a whole. */
export interface StepErrors {
  fields: Record<string, string>;
  form?: string;
}

/**
 * What confirms a confirm operation, spread into its request body: the 確認用パスワード, or — where the organization
 * requires it (SPEC §17) — the token of a passkey step-up taken when 確定 is pressed.
 */
export interface Confirmation {
  confirmationPassword?: string;
  stepUpToken?: string;
  /** The current authenticator code, where the organization confirms with a one-time password (confirmWithOtp). */
  otp?: string;
}
