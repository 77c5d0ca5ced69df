import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { checkKeyPolicy, verifyCsr } from './csr';

const der = (pair: { publicKey: KeyObject }): Buffer =>
  pair.publicKey.export({ type: 'spki', format: 'der' });

function refusal(fn: () => unknown): { code: string; details: unknown } | null {
  try {
    fn();
    return null;
  } catch (e) {
    return e as { code: string; details: unknown };
  }
}

describe('the key policy (RSA ≥ 2048 with e = 65537, ECDSA P-256/P-384)', () => {
  it('accepts the allowed keys and names them', () => {
    expect(checkKeyPolicy(der(generateKeyPairSync('rsa', { modulusLength: 2048 })))).toEqual({
      keyKind: 'rsa',
      keyAlgorithm: 'RSA-2048',
    });
    expect(checkKeyPolicy(der(generateKeyPairSync('ec', { namedCurve: 'P-256' })))).toEqual({
      keyKind: 'ec',
      keyAlgorithm: 'EC-P256',
    });
    expect(checkKeyPolicy(der(generateKeyPairSync('ec', { namedCurve: 'P-384' })))).toEqual({
      keyKind: 'ec',
      keyAlgorithm: 'EC-P384',
    });
  });

  it('refuses weak RSA, other exponents, other curves and other algorithms with CSR_KEY_NOT_ALLOWED', () => {
    const cases: [Buffer, string][] = [
      [der(generateKeyPairSync('rsa', { modulusLength: 1024 })), 'RSA-1024'],
      [der(generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 })), 'RSA-2048'],
      [der(generateKeyPairSync('ec', { namedCurve: 'P-521' })), 'EC-secp521r1'],
      [der(generateKeyPairSync('ec', { namedCurve: 'secp256k1' })), 'EC-secp256k1'],
      [der(generateKeyPairSync('ed25519')), 'ed25519'],
      [der(generateKeyPairSync('rsa-pss', { modulusLength: 2048 })), 'rsa-pss'],
    ];
    for (const [key, name] of cases) {
      expect(refusal(() => checkKeyPolicy(key))).toMatchObject({
        code: ErrorCode.CsrKeyNotAllowed,
        details: { keyAlgorithm: name },
      });
    }
  });
});

describe('verifyCsr', () => {
  it('answers anything that is not a PEM PKCS#10 request with CSR_MALFORMED', async () => {
    for (const text of ['', 'garbage', '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----']) {
      await expect(verifyCsr(text)).rejects.toMatchObject({ code: ErrorCode.CsrMalformed, status: 400 });
    }
  });
});
