import { createHash, createPublicKey } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { x509 } from '../x509/x509';

/** A PKCS#10 request that parsed, passed the key policy and proved possession of its key. */
export interface VerifiedCsr {
  /** The public key, the only part of the request a certificate is built from besides validated names. */
  publicKey: x509.PublicKey;
  keyKind: 'rsa' | 'ec';
  /** `RSA-2048`, `RSA-3072`, `EC-P256`, `EC-P384`, ... */
  keyAlgorithm: string;
  publicKeySha256: string;
  /** The subject's CN as requested (to be validated by the profile), if any. */
  commonName: string | null;
  /** dNSName entries of a requested subjectAltName, read (never copied) so a server profile can validate them. */
  requestedDnsNames: string[];
}

const PEM =
  /^-----BEGIN (NEW )?CERTIFICATE REQUEST-----\r?\n([A-Za-z0-9+/=\r\n]+)-----END (NEW )?CERTIFICATE REQUEST-----$/;
const SUBJECT_ALT_NAME = '2.5.29.17';
const RSA_MIN_BITS = 2048;
/** Beyond this, verifying signatures gets slow enough to be a nuisance and no policy asks for it. */
const RSA_MAX_BITS = 8192;
const CURVES: Record<string, string> = { prime256v1: 'P256', secp384r1: 'P384' };

const malformed = (message: string) => new AppError(ErrorCode.CsrMalformed, HttpStatus.BAD_REQUEST, message);
const keyRefused = (message: string, keyAlgorithm: string) =>
  AppError.unprocessable(ErrorCode.CsrKeyNotAllowed, message, { keyAlgorithm });

/**
 * Parses a PEM CSR, applies the key policy (RSA ≥ 2048 bits with e = 65537, or ECDSA on P-256/P-384) and checks
 * the self-signature (proof of possession). Garbage and broken signatures are 400; acceptable requests for keys
 * Kanri refuses are 422.
 */
export async function verifyCsr(pem: string): Promise<VerifiedCsr> {
  const match = PEM.exec(pem.trim());
  if (!match) throw malformed('The CSR must be a PEM "CERTIFICATE REQUEST" block (PKCS#10)');
  let request: x509.Pkcs10CertificateRequest;
  try {
    // Stryker disable next-line Regex: dropping whitespace a run or a character at a time gives the same base64 text
    request = new x509.Pkcs10CertificateRequest(Buffer.from(match[2].replace(/\s+/g, ''), 'base64'));
  } catch {
    throw malformed('The CSR could not be read as PKCS#10');
  }
  const spki = Buffer.from(request.publicKey.rawData);
  const { keyKind, keyAlgorithm } = checkKeyPolicy(spki);
  let verified: boolean;
  try {
    verified = await request.verify();
  } catch {
    verified = false;
  }
  if (!verified) {
    throw new AppError(
      ErrorCode.CsrSignatureInvalid,
      HttpStatus.BAD_REQUEST,
      'The CSR signature does not verify with its own public key (no proof of possession)',
    );
  }
  let requestedDnsNames: string[] = [];
  let commonName: string | null = null;
  try {
    commonName = request.subjectName.getField('CN')[0] ?? null;
    const san = request.getExtension(SUBJECT_ALT_NAME);
    if (san) {
      requestedDnsNames = new x509.SubjectAlternativeNameExtension(san.rawData).names
        .toJSON()
        .filter((n) => n.type === 'dns')
        .map((n) => n.value);
    }
  } catch {
    throw malformed('The CSR subject or requested extensions could not be read');
  }
  return {
    publicKey: request.publicKey,
    keyKind,
    keyAlgorithm,
    publicKeySha256: createHash('sha256').update(spki).digest('hex'),
    commonName,
    requestedDnsNames,
  };
}

/** The key policy of SPEC §7 on a SubjectPublicKeyInfo; throws 422 CSR_KEY_NOT_ALLOWED. */
export function checkKeyPolicy(spki: Buffer): { keyKind: 'rsa' | 'ec'; keyAlgorithm: string } {
  let key;
  try {
    key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  } catch {
    throw keyRefused('The CSR public key is of a kind Kanri does not accept', 'unknown');
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') {
    const bits = details.modulusLength ?? 0;
    const name = `RSA-${bits}`;
    if (bits < RSA_MIN_BITS) throw keyRefused(`RSA keys must have at least ${RSA_MIN_BITS} bits`, name);
    if (bits > RSA_MAX_BITS) throw keyRefused(`RSA keys may have at most ${RSA_MAX_BITS} bits`, name);
    if (details.publicExponent !== 65537n)
      throw keyRefused('RSA keys must use the public exponent 65537', name);
    return { keyKind: 'rsa', keyAlgorithm: name };
  }
  if (key.asymmetricKeyType === 'ec') {
    // Stryker disable next-line StringLiteral: equivalent, no fallback text is a curve of CURVES
    const curve = CURVES[details.namedCurve ?? ''];
    if (!curve) {
      // Stryker disable next-line StringLiteral: only EC keys with explicit curve parameters lack a curve name; test keys cannot
      throw keyRefused('ECDSA keys must be on the P-256 or P-384 curve', `EC-${details.namedCurve ?? '?'}`);
    }
    return { keyKind: 'ec', keyAlgorithm: `EC-${curve}` };
  }
  // RSA-PSS-only keys, EdDSA, DSA and anything else.
  // Stryker disable next-line StringLiteral: every key createPublicKey reads names its type; the fallback is defence
  throw keyRefused('Only RSA and ECDSA keys are accepted', String(key.asymmetricKeyType ?? 'unknown'));
}
