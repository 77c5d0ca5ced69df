import { KeyObject, sign } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  BasicOCSPResponse,
  type CertID,
  CertStatus,
  OCSPResponse,
  OCSPResponseStatus,
  ResponderID,
  ResponseBytes,
  ResponseData,
  RevokedInfo,
  SingleResponse,
  id_pkix_ocsp_basic,
} from '@peculiar/asn1-ocsp';
import { AlgorithmIdentifier, CRLReason, Certificate, type Extension } from '@peculiar/asn1-x509';
import type { CryptoKey } from '../x509/x509';

/** ecdsa-with-SHA384 (RFC 5758 §3.2; no parameters): the CA's one signature algorithm. */
const ECDSA_WITH_SHA384 = '1.2.840.10045.4.3.3';

export type CertificateStatus =
  { kind: 'good' } | { kind: 'revoked'; revokedAt: Date; reasonCode: number | null } | { kind: 'unknown' };

export interface SingleAnswer {
  /** The CertID as the request named it (echoed, so the client matches the answer to its question). */
  certId: CertID;
  status: CertificateStatus;
}

export interface OcspSigner {
  /** The issuing CA certificate, DER; sent in `certs` so the client finds the signer without a lookup. */
  certificateDer: ArrayBuffer;
  privateKey: CryptoKey;
  /** SHA-1 of the signer's public key bits (ResponderID byKey, RFC 6960 §4.2.1). */
  keyHash: Buffer;
}

/** An OCSPResponse carrying only an error status (RFC 6960 §4.2.1: no responseBytes). */
export function ocspErrorResponse(status: OCSPResponseStatus): Buffer {
  return Buffer.from(AsnConvert.serialize(new OCSPResponse({ responseStatus: status })));
}

/**
 * A successful, signed BasicOCSPResponse. Times are whole seconds (GeneralizedTime without fractions, as RFC 5280
 * §4.1.2.5.2 profiles it); `nextUpdate` is left out when unknown (RFC 6960 §2.4: newer information at any time).
 */
export function signedOcspResponse(params: {
  signer: OcspSigner;
  producedAt: Date;
  thisUpdate: Date;
  nextUpdate: Date | null;
  answers: SingleAnswer[];
  nonce: Extension | null;
}): Buffer {
  const thisUpdate = wholeSeconds(params.thisUpdate);
  const nextUpdate = params.nextUpdate ? wholeSeconds(params.nextUpdate) : undefined;
  const data = new ResponseData({
    responderID: new ResponderID({ byKey: new OctetString(params.signer.keyHash) }),
    producedAt: wholeSeconds(params.producedAt),
    responses: params.answers.map(
      (answer) =>
        new SingleResponse({
          certID: answer.certId,
          certStatus: certStatus(answer.status),
          thisUpdate,
          nextUpdate,
        }),
    ),
    responseExtensions: params.nonce ? [params.nonce] : undefined,
  });
  const tbs = Buffer.from(AsnConvert.serialize(data));
  const signature = sign('sha384', tbs, {
    key: KeyObject.from(params.signer.privateKey),
    dsaEncoding: 'der',
  });
  const basic = new BasicOCSPResponse({
    tbsResponseData: data,
    tbsResponseDataRaw: tbs.buffer.slice(tbs.byteOffset, tbs.byteOffset + tbs.byteLength),
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA384 }),
    signature: signature.buffer.slice(signature.byteOffset, signature.byteOffset + signature.byteLength),
    certs: [AsnConvert.parse(params.signer.certificateDer, Certificate)],
  });
  const response = new OCSPResponse({
    responseStatus: OCSPResponseStatus.successful,
    responseBytes: new ResponseBytes({
      responseType: id_pkix_ocsp_basic,
      response: new OctetString(AsnConvert.serialize(basic)),
    }),
  });
  return Buffer.from(AsnConvert.serialize(response));
}

function certStatus(status: CertificateStatus): CertStatus {
  switch (status.kind) {
    case 'good':
      return new CertStatus({ good: null });
    case 'unknown':
      return new CertStatus({ unknown: null });
    case 'revoked':
      return new CertStatus({
        revoked: new RevokedInfo({
          revocationTime: wholeSeconds(status.revokedAt),
          revocationReason: status.reasonCode === null ? undefined : new CRLReason(status.reasonCode),
        }),
      });
  }
}

function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
