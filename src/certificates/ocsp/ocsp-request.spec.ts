import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  CertID,
  OCSPRequest,
  OCSPResponseStatus,
  Request,
  TBSRequest,
  id_pkix_ocsp_nonce,
} from '@peculiar/asn1-ocsp';
import { AlgorithmIdentifier, Extension } from '@peculiar/asn1-x509';
import { requestFromPath } from './ocsp.controller';
import { MAX_OCSP_CERT_IDS, derElementLength, parseOcspRequest } from './ocsp-request';

function request(options: { certIds?: number; nonce?: Buffer } = {}): Buffer {
  const certId = new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: '1.3.14.3.2.26', parameters: null }),
    issuerNameHash: new OctetString(Buffer.alloc(20, 1)),
    issuerKeyHash: new OctetString(Buffer.alloc(20, 2)),
    serialNumber: new Uint8Array([0x0a, 0xbc]).buffer,
  });
  const tbs = new TBSRequest({
    requestList: Array.from({ length: options.certIds ?? 1 }, () => new Request({ reqCert: certId })),
    requestExtensions: options.nonce
      ? [
          new Extension({
            extnID: id_pkix_ocsp_nonce,
            extnValue: new OctetString(AsnConvert.serialize(new OctetString(options.nonce))),
          }),
        ]
      : undefined,
  });
  return Buffer.from(AsnConvert.serialize(new OCSPRequest({ tbsRequest: tbs })));
}

describe('parseOcspRequest (RFC 6960 §4.1)', () => {
  it('reads the CertIDs and the nonce', () => {
    const outcome = parseOcspRequest(request({ nonce: Buffer.alloc(32, 9) }));
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.request.certIds).toHaveLength(1);
    expect(Buffer.from(outcome.request.certIds[0].serialNumber).toString('hex')).toBe('0abc');
    expect(outcome.request.nonce?.extnID).toBe(id_pkix_ocsp_nonce);
  });

  it.each([
    ['nothing', null],
    ['an empty body', Buffer.alloc(0)],
    ['text', Buffer.from('hello')],
    ['a request followed by more bytes', Buffer.concat([request(), Buffer.from([0])])],
    ['a truncated request', request().subarray(0, 20)],
    ['too many CertIDs', request({ certIds: MAX_OCSP_CERT_IDS + 1 })],
    ['a nonce longer than 128 octets', request({ nonce: Buffer.alloc(129) })],
    ['an empty nonce', request({ nonce: Buffer.alloc(0) })],
    ['more than 16 KB', Buffer.alloc(17 * 1024, 0x30)],
  ])('answers malformedRequest to %s', (_, der) => {
    expect(parseOcspRequest(der)).toMatchObject({ ok: false, status: OCSPResponseStatus.malformedRequest });
  });

  it('measures DER elements with short and long lengths, refusing indefinite ones', () => {
    expect(derElementLength(Buffer.from([0x30, 0x03, 1, 2, 3]))).toBe(5);
    expect(derElementLength(Buffer.from([0x30, 0x82, 0x01, 0x00]))).toBe(260);
    expect(derElementLength(Buffer.from([0x30, 0x80, 0, 0]))).toBe(-1);
    expect(derElementLength(Buffer.from([0x30]))).toBe(-1);
  });
});

describe('requestFromPath (RFC 6960 Appendix A.1 GET)', () => {
  const der = request();
  const b64 = der.toString('base64');

  it('reads base64 with or without percent-encoding, after any base path', () => {
    expect(requestFromPath(`/api/v1/ocsp/${encodeURIComponent(b64)}`)).toEqual(der);
    expect(requestFromPath(`/kanri/api/v1/ocsp/${b64}?ignored=1`)).toEqual(der);
  });

  it('gives nothing for text that is not base64', () => {
    expect(requestFromPath('/api/v1/ocsp/not*base64')).toBeNull();
    expect(requestFromPath('/api/v1/ocsp/abc')).toBeNull();
    expect(requestFromPath('/api/v1/ocsp/%E0%A4%A')).toBeNull();
    expect(requestFromPath(`/api/v1/ocsp/${'A'.repeat(100_000)}`)).toBeNull();
  });
});
