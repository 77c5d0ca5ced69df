import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { type CertID, OCSPRequest, OCSPResponseStatus, id_pkix_ocsp_nonce } from '@peculiar/asn1-ocsp';
import type { Extension } from '@peculiar/asn1-x509';

/**
 * Largest OCSP request Kanri reads. A request for one certificate is about 80 bytes, with a signature and the
 * requestor's certificates a few kilobytes; anything bigger is not a request a relying party sends.
 */
export const MAX_OCSP_REQUEST_BYTES = 16 * 1024;
/** Certificates asked about in one request (clients ask about one; a long list is only work for the responder). */
export const MAX_OCSP_CERT_IDS = 20;
/** RFC 9654 §2.1: a nonce is 1 to 128 octets; a responder refuses others with malformedRequest. */
export const MAX_OCSP_NONCE_BYTES = 128;

export interface ParsedOcspRequest {
  certIds: CertID[];
  /** The request's nonce extension, echoed as it came (RFC 6960 §4.4.1). */
  nonce: Extension | null;
}

export type OcspRequestOutcome =
  { ok: true; request: ParsedOcspRequest } | { ok: false; status: OCSPResponseStatus; why: string };

const malformed = (why: string): OcspRequestOutcome => ({
  ok: false,
  status: OCSPResponseStatus.malformedRequest,
  why,
});

/**
 * Reads a DER OCSPRequest (RFC 6960 §4.1.1). A request signature (optionalSignature) is not required and not
 * checked: Kanri answers anyone, as the CRL does. Everything a relying party could get wrong answers
 * malformedRequest, never an exception.
 */
export function parseOcspRequest(der: Buffer | null): OcspRequestOutcome {
  if (!der || der.length === 0) return malformed('empty request');
  if (der.length > MAX_OCSP_REQUEST_BYTES)
    return malformed(`request longer than ${MAX_OCSP_REQUEST_BYTES} bytes`);
  // The parser reads the first element and ignores what follows: a request is exactly one element.
  if (derElementLength(der) !== der.length) return malformed('not a single DER element');
  let request: OCSPRequest;
  try {
    request = AsnConvert.parse(der, OCSPRequest);
  } catch {
    return malformed('not a DER OCSPRequest');
  }
  const certIds = request.tbsRequest.requestList.map((r) => r.reqCert);
  if (certIds.length === 0) return malformed('no certificate asked about');
  if (certIds.length > MAX_OCSP_CERT_IDS) return malformed(`more than ${MAX_OCSP_CERT_IDS} certificates`);
  const nonce = request.tbsRequest.requestExtensions?.find((e) => e.extnID === id_pkix_ocsp_nonce) ?? null;
  if (nonce) {
    const length = nonceLength(nonce);
    if (length < 1 || length > MAX_OCSP_NONCE_BYTES) return malformed('nonce of 0 or more than 128 octets');
  }
  return { ok: true, request: { certIds, nonce } };
}

/** RFC 9654: the extnValue holds `Nonce ::= OCTET STRING`; older clients put the bytes in directly. */
function nonceLength(extension: Extension): number {
  const value = Buffer.from(extension.extnValue.buffer);
  try {
    const inner = AsnConvert.parse(value, OctetString);
    if (inner.byteLength + 2 <= value.length) return inner.byteLength;
  } catch {
    // not wrapped
  }
  return value.length;
}

/** Length of the DER element at the start of `der` (tag, definite length, content), or -1 when unreadable. */
export function derElementLength(der: Buffer): number {
  if (der.length < 2) return -1;
  const first = der[1];
  if (first < 0x80) return 2 + first;
  const octets = first & 0x7f;
  // Indefinite lengths (BER) and lengths beyond four octets are not DER requests.
  if (octets === 0 || octets > 4 || der.length < 2 + octets) return -1;
  let length = 0;
  for (let i = 0; i < octets; i += 1) length = length * 256 + der[2 + i];
  return 2 + octets + length;
}
