/**
 * FieldCipher contexts of TOTP secrets: bound to the user and to the column, so a ciphertext copied to another
 * user's row (or from pending to active) does not decrypt.
 */
export const totpSecretContext = (userId: string) => `user_otp.totp_secret:${userId}`;
export const pendingTotpSecretContext = (userId: string) => `user_otp.totp_pending_secret:${userId}`;
