import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';

/**
 * A software authenticator for end-to-end tests: an EC P-256 key from node:crypto, attestation `none`, and
 * assertions built the way a platform authenticator builds them (authenticatorData, clientDataJSON, an ES256
 * signature over both). Each credential keeps its own signature counter, which a test may wind back to play a
 * cloned authenticator.
 */

type Cbor = number | string | Buffer | boolean | Cbor[] | Map<Cbor, Cbor> | { [key: string]: Cbor };

/** The few CBOR (RFC 8949) items attestation objects and COSE keys need. */
export function cbor(value: Cbor): Buffer {
  const head = (major: number, n: number): Buffer => {
    if (n < 24) return Buffer.from([(major << 5) | n]);
    if (n < 0x100) return Buffer.from([(major << 5) | 24, n]);
    if (n < 0x10000) return Buffer.from([(major << 5) | 25, n >> 8, n & 0xff]);
    const b = Buffer.alloc(5);
    b[0] = (major << 5) | 26;
    b.writeUInt32BE(n, 1);
    return b;
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'boolean') return Buffer.from([value ? 0xf5 : 0xf4]);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (Buffer.isBuffer(value)) return Buffer.concat([head(2, value.length), value]);
  if (Array.isArray(value)) return Buffer.concat([head(4, value.length), ...value.map(cbor)]);
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
  return Buffer.concat([head(5, entries.length), ...entries.flatMap(([k, v]) => [cbor(k), cbor(v)])]);
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest();
const b64url = (b: Buffer) => b.toString('base64url');

/** authenticatorData flags. */
const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

export interface SoftCredential {
  id: Buffer;
  privateKey: KeyObject;
  /** The user handle the relying party gave at registration (base64url). */
  userHandle: string;
  signCount: number;
}

export interface AssertionOptions {
  /** Override the counter this assertion reports (e.g. a cloned authenticator's stale one). */
  signCount?: number;
  userVerified?: boolean;
  origin?: string;
  /** Username-less answers carry the user handle (as platform authenticators do); default true. */
  withUserHandle?: boolean;
}

export class SoftwareAuthenticator {
  readonly credentials: SoftCredential[] = [];

  constructor(
    readonly rpId = 'localhost',
    readonly origin = 'http://localhost:3000',
  ) {}

  private authenticatorData(flags: number, signCount: number, attested?: Buffer): Buffer {
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(signCount);
    return Buffer.concat([sha256(this.rpId), Buffer.from([flags]), counter, ...(attested ? [attested] : [])]);
  }

  private clientData(
    type: 'webauthn.create' | 'webauthn.get',
    challenge: string,
    origin = this.origin,
  ): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }), 'utf8');
  }

  /** Answers registration options (`navigator.credentials.create`) with a new credential, attestation `none`. */
  create(options: { challenge: string; user: { id: string } }, signCount = 0) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const coseKey = new Map<Cbor, Cbor>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]);
    const id = randomBytes(32);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(id.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, id, cbor(coseKey)]);
    const authData = this.authenticatorData(UP | UV | AT, signCount, attested);
    const credential: SoftCredential = { id, privateKey, userHandle: options.user.id, signCount };
    this.credentials.push(credential);
    return {
      credential,
      response: {
        id: b64url(id),
        rawId: b64url(id),
        type: 'public-key',
        response: {
          clientDataJSON: b64url(this.clientData('webauthn.create', options.challenge)),
          attestationObject: b64url(cbor({ fmt: 'none', attStmt: {}, authData })),
          transports: ['internal'],
        },
        clientExtensionResults: {},
        authenticatorAttachment: 'platform',
      },
    };
  }

  /** Answers assertion options (`navigator.credentials.get`) with `credential` (default: the newest one). */
  get(options: { challenge: string }, credential = this.credentials.at(-1)!, o: AssertionOptions = {}) {
    const signCount = o.signCount ?? credential.signCount + 1;
    credential.signCount = Math.max(credential.signCount, signCount);
    const authData = this.authenticatorData((o.userVerified ?? true) ? UP | UV : UP, signCount);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, o.origin);
    const signature = sign(
      'sha256',
      Buffer.concat([authData, sha256(clientDataJSON)]),
      credential.privateKey,
    );
    return {
      id: b64url(credential.id),
      rawId: b64url(credential.id),
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientDataJSON),
        authenticatorData: b64url(authData),
        signature: b64url(signature),
        ...((o.withUserHandle ?? true) ? { userHandle: credential.userHandle } : {}),
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }
}
