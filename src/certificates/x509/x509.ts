import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

// @peculiar/x509 works on WebCrypto; Node's implementation is the one to use (it also backs node:crypto's checks).
x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export { x509, webcrypto };

/** The CA's signature algorithm: ECDSA P-384 with SHA-384 for every certificate and CRL Kanri signs. */
export const CA_KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-384' } as const;
export const CA_SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-384' } as const;

export type CryptoKey = webcrypto.CryptoKey;

/** PEM text as files carry it: ending with a newline, so that PEM blocks can be concatenated into a chain. */
export function pemWithNewline(certificate: x509.X509Certificate): string {
  return `${certificate.toString('pem').trimEnd()}\n`;
}
