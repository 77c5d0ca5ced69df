/**
 * FieldCipher context of a CA's private key: bound to the CA row, so a sealed key copied onto the other CA's row
 * does not open.
 */
export const caPrivateKeyContext = (caId: string) => `certificate_authorities.private_key:${caId}`;
