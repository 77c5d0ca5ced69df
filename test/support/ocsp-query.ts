import { createHash } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  BasicOCSPResponse,
  CertID,
  OCSPRequest,
  OCSPResponse,
  OCSPResponseStatus,
  Request,
  TBSRequest,
} from '@peculiar/asn1-ocsp';
import { AlgorithmIdentifier, Certificate, CRLReasons } from '@peculiar/asn1-x509';
import { binary } from './binary-body';
import { x509 } from './certificate-helpers';
import type { TestApp } from './test-app';

/** What Kanri's OCSP responder says of one certificate, read from its signed answer. */
export type OcspAnswer =
  { status: 'good' } | { status: 'unknown' } | { status: 'revoked'; reason: string | null; revokedAt: Date };

/**
 * Asks the app's OCSP responder (`GET /ocsp/<base64 DER>`, RFC 6960 Appendix A) about the certificate with
 * `serialNumber` (hex) issued by the first certificate of `issuerPem`, with a SHA-1 CertID as relying parties send by default.
 */
export async function ocspAnswer(app: TestApp, issuerPem: string, serialNumber: string): Promise<OcspAnswer> {
  const issuer = AsnConvert.parse(new x509.X509Certificate(issuerPem).rawData, Certificate);
  const sha1 = (bytes: ArrayBuffer) => createHash('sha1').update(Buffer.from(bytes)).digest();
  const certId = new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: '1.3.14.3.2.26', parameters: null }),
    issuerNameHash: new OctetString(sha1(AsnConvert.serialize(issuer.tbsCertificate.subject))),
    issuerKeyHash: new OctetString(sha1(issuer.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey)),
    serialNumber: Uint8Array.from(
      Buffer.from(serialNumber.length % 2 ? `0${serialNumber}` : serialNumber, 'hex'),
    ).buffer,
  });
  const der = AsnConvert.serialize(
    new OCSPRequest({ tbsRequest: new TBSRequest({ requestList: [new Request({ reqCert: certId })] }) }),
  );
  const res = await app
    .api('get', `/ocsp/${encodeURIComponent(Buffer.from(der).toString('base64'))}`)
    .buffer(true)
    .parse(binary);
  if (res.status !== 200) throw new Error(`OCSP answered HTTP ${res.status}`);
  const response = AsnConvert.parse(res.body as Buffer, OCSPResponse);
  if (response.responseStatus !== OCSPResponseStatus.successful || !response.responseBytes)
    throw new Error(`OCSP answered ${OCSPResponseStatus[response.responseStatus]}`);
  const basic = AsnConvert.parse(response.responseBytes.response.buffer, BasicOCSPResponse);
  const [single] = basic.tbsResponseData.responses;
  if (single.certStatus.good !== undefined) return { status: 'good' };
  if (single.certStatus.revoked) {
    const reason = single.certStatus.revoked.revocationReason;
    return {
      status: 'revoked',
      reason: reason === undefined ? null : CRLReasons[reason.reason],
      revokedAt: single.certStatus.revoked.revocationTime,
    };
  }
  return { status: 'unknown' };
}
