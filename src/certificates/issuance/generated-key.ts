import { createHash, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { CertifiedKey } from '../certificate-issuer';
import { x509 } from '../x509/x509';
import { checkKeyPolicy } from './csr';

/** The keys Kanri generates for members without a CSR (SPEC §15): RSA 2048 or ECDSA P-256. */
export const GENERATED_KEY_ALGORITHMS = ['RSA-2048', 'EC-P256'] as const;
export type GeneratedKeyAlgorithm = (typeof GENERATED_KEY_ALGORITHMS)[number];

const generate = promisify(generateKeyPair);

/**
 * A fresh key pair, in memory only: the caller puts the private key in a password-protected PKCS#12 and lets it
 * go; it is never written to the database or a log.
 */
export async function generateKey(
  algorithm: GeneratedKeyAlgorithm,
): Promise<{ privateKey: KeyObject; key: CertifiedKey }> {
  const { publicKey, privateKey } =
    algorithm === 'RSA-2048'
      ? await generate('rsa', { modulusLength: 2048, publicExponent: 0x10001 })
      : await generate('ec', { namedCurve: 'P-256' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  return {
    privateKey,
    key: {
      publicKey: new x509.PublicKey(spki),
      ...checkKeyPolicy(spki),
      publicKeySha256: createHash('sha256').update(spki).digest('hex'),
    },
  };
}
