import { x509, CA_SIGNING_ALGORITHM, type CryptoKey } from '../x509/x509';

export interface CrlSigner {
  certificate: x509.X509Certificate;
  privateKey: CryptoKey;
  /** Hex key identifier of the CA's subjectKeyIdentifier, repeated as the CRL's authorityKeyIdentifier. */
  keyId: string;
}

export interface CrlEntryInput {
  serial: string;
  revokedAt: Date;
  reasonCode: number;
}

const CRL_NUMBER_OID = '2.5.29.20';

/** DER INTEGER of a non-negative number (RFC 5280 §5.2.3: CRLNumber ::= INTEGER (0..MAX)). */
export function derInteger(value: number): Buffer {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new Error('CRL numbers are non-negative safe integers');
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let body = Buffer.from(hex, 'hex');
  if (body[0] & 0x80) body = Buffer.concat([Buffer.from([0]), body]);
  return Buffer.concat([Buffer.from([0x02, body.length]), body]);
}

/** A v2 CRL signed by the CA, with the CRL number and authority key identifier extensions (RFC 5280 §5.2). */
export async function buildCrl(
  signer: CrlSigner,
  crlNumber: number,
  thisUpdate: Date,
  nextUpdate: Date,
  entries: CrlEntryInput[],
): Promise<Buffer> {
  const crl = await x509.X509CrlGenerator.create({
    issuer: signer.certificate.subjectName,
    thisUpdate,
    nextUpdate,
    signingAlgorithm: CA_SIGNING_ALGORITHM,
    signingKey: signer.privateKey,
    extensions: [
      new x509.Extension(CRL_NUMBER_OID, false, derInteger(crlNumber)),
      new x509.AuthorityKeyIdentifierExtension(signer.keyId),
    ],
    entries: entries.map((e) => ({
      serialNumber: e.serial,
      revocationDate: e.revokedAt,
      reason: e.reasonCode,
    })),
  });
  return Buffer.from(crl.rawData);
}
