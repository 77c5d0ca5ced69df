import { createHash, createHmac, type KeyObject, randomBytes } from 'node:crypto';
import { ContentInfo, id_data } from '@peculiar/asn1-cms';
import {
  AuthenticatedSafe,
  CertBag,
  id_certBag,
  id_pkcs8ShroudedKeyBag,
  id_x509Certificate,
  MacData,
  PFX,
  PKCS12Attribute,
  SafeBag,
  SafeContents,
} from '@peculiar/asn1-pfx';
import { DigestInfo, id_sha256 } from '@peculiar/asn1-rsa';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier } from '@peculiar/asn1-x509';

/**
 * PKCS#12 files as OpenSSL 3 writes them by default (`openssl pkcs12 -export`), so that modern OpenSSL, browsers,
 * macOS and Windows 10+ open them without legacy algorithms: the private key in a PKCS#8 shrouded key bag under
 * PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC), the certificates in a plain bag (they are public), and an HMAC-SHA256
 * MAC over the whole with the PKCS#12 key derivation (RFC 7292 appendix B).
 */
export const PKCS12_SETTINGS = {
  /** OpenSSL 3's default for both the key encryption and the MAC. */
  iterations: 2048,
  macSaltBytes: 16,
  passwordMinLength: 12,
  passwordMaxLength: 128,
} as const;

/** Printable ASCII: every PKCS#12 reader derives the same keys from it (non-ASCII is encoded differently by some). */
export const PKCS12_PASSWORD_PATTERN = /^[\x20-\x7e]+$/;

const LOCAL_KEY_ID = '1.2.840.113549.1.9.21';
const FRIENDLY_NAME = '1.2.840.113549.1.9.20';

export interface Pkcs12Contents {
  privateKey: KeyObject;
  /** DER of the end-entity certificate. */
  certificate: Buffer;
  /** DER of the CA certificates to include (issuing CA, then root). */
  chain: Buffer[];
  friendlyName: string;
  password: string;
}

export function buildPkcs12(contents: Pkcs12Contents): Buffer {
  const { password } = contents;
  const localKeyId = createHash('sha1').update(contents.certificate).digest();
  const attributes = [
    attribute(LOCAL_KEY_ID, AsnConvert.serialize(new OctetString(localKeyId))),
    attribute(FRIENDLY_NAME, bmpString(contents.friendlyName)),
  ];
  const shroudedKey = contents.privateKey.export({
    type: 'pkcs8',
    format: 'der',
    cipher: 'aes-256-cbc',
    passphrase: password,
  });
  const keyBags = new SafeContents([
    new SafeBag({
      bagId: id_pkcs8ShroudedKeyBag,
      bagValue: arrayBuffer(shroudedKey),
      bagAttributes: attributes,
    }),
  ]);
  const certificateBag = (der: Buffer, withAttributes: boolean) =>
    new SafeBag({
      bagId: id_certBag,
      bagValue: AsnConvert.serialize(
        new CertBag({
          certId: id_x509Certificate,
          certValue: AsnConvert.serialize(new OctetString(der)),
        }),
      ),
      ...(withAttributes ? { bagAttributes: attributes } : {}),
    });
  const certificateBags = new SafeContents([
    certificateBag(contents.certificate, true),
    ...contents.chain.map((der) => certificateBag(der, false)),
  ]);
  const authenticatedSafe = Buffer.from(
    AsnConvert.serialize(new AuthenticatedSafe([dataContent(certificateBags), dataContent(keyBags)])),
  );
  const macSalt = randomBytes(PKCS12_SETTINGS.macSaltBytes);
  const macKey = pkcs12Kdf(password, macSalt, 3, PKCS12_SETTINGS.iterations, 32);
  const mac = createHmac('sha256', macKey).update(authenticatedSafe).digest();
  const pfx = new PFX({
    version: 3,
    authSafe: new ContentInfo({
      contentType: id_data,
      content: AsnConvert.serialize(new OctetString(authenticatedSafe)),
    }),
    macData: new MacData({
      mac: new DigestInfo({
        digestAlgorithm: new AlgorithmIdentifier({ algorithm: id_sha256, parameters: null }),
        digest: new OctetString(mac),
      }),
      macSalt: new OctetString(macSalt),
      iterations: PKCS12_SETTINGS.iterations,
    }),
  });
  return Buffer.from(AsnConvert.serialize(pfx));
}

/**
 * RFC 7292 appendix B.2 with SHA-256 (u = 32, v = 64): the password as a BMPString with its two-byte terminator,
 * salt and password each repeated to whole 64-byte blocks, hashed `iterations` times per output block.
 */
export function pkcs12Kdf(
  password: string,
  salt: Buffer,
  id: number,
  iterations: number,
  length: number,
): Buffer {
  const u = 32;
  const v = 64;
  const pass = Buffer.concat([Buffer.from(password, 'utf16le').swap16(), Buffer.alloc(2)]);
  const fill = (source: Buffer) => {
    const size = v * Math.ceil(source.length / v);
    const out = Buffer.alloc(size);
    // Stryker disable next-line EqualityOperator: a write at index `size` is past the Buffer's end, which Node ignores
    for (let i = 0; i < size; i++) out[i] = source[i % source.length];
    return out;
  };
  const I = Buffer.concat([fill(salt), fill(pass)]);
  const D = Buffer.alloc(v, id);
  const out: Buffer[] = [];
  // Stryker disable next-line EqualityOperator: one block more when `length` is a multiple of u is cut off below
  for (let produced = 0; produced < length; produced += u) {
    let A = createHash('sha256').update(D).update(I).digest();
    for (let r = 1; r < iterations; r++) A = createHash('sha256').update(A).digest();
    out.push(A);
    const B = fill(A);
    // Stryker disable next-line EqualityOperator: at j = I.length every index is past the end (reads undefined, writes ignored)
    for (let j = 0; j < I.length; j += v) {
      // I_j = (I_j + B + 1) mod 2^(8v), big-endian
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = I[j + k] + B[k] + carry;
        I[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(out).subarray(0, length);
}

/** Built by hand: PKCS12Attribute's constructor (asn1-pfx 2.x) drops its parameters. */
function attribute(attrId: string, value: ArrayBuffer): PKCS12Attribute {
  const built = new PKCS12Attribute();
  built.attrId = attrId;
  built.attrValues = [value];
  return built;
}

function dataContent(contents: SafeContents): ContentInfo {
  return new ContentInfo({
    contentType: id_data,
    content: AsnConvert.serialize(new OctetString(AsnConvert.serialize(contents))),
  });
}

/** DER BMPString (UTF-16BE), the type PKCS#9 friendlyName asks for. */
function bmpString(text: string): ArrayBuffer {
  const body = Buffer.from(text, 'utf16le').swap16();
  return arrayBuffer(Buffer.concat([Buffer.from([0x1e]), derLength(body.length), body]));
}

function derLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let n = length; n > 0; n >>= 8) bytes.unshift(n & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

function arrayBuffer(bytes: Buffer): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
}
