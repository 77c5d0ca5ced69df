import { createHash, generateKeyPairSync } from 'node:crypto';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { webcrypto, x509 } from '../x509/x509';
import { checkKeyPolicy, verifyCsr } from './csr';

// Public keys at the RSA upper bound and just beyond it (generating such keys in a test takes too long).
const RSA_8192_SPKI =
  'MIIEIjANBgkqhkiG9w0BAQEFAAOCBA8AMIIECgKCBAEAxF2KWie5MS1CrW1tapwRlCeNUp8htdK0Jez0T+LCVZwNio72N27eOt6R' +
  'i4qvLsax5Narm12y8Kv/Ma8gyIuOdrzL3RmWQ+5KqquSoNETBYSSapw37PePxRc9D/m3ZON1QZfYUeK5tzOMNdIJ6Kps/USAOnmy' +
  'PQC6lqBpj0X8LndpGNBf7k8AEod3feZcDSYovAQQuL7u3myWEnp0XtWWQFkaRObPBSxS/WX4FrcBh+FZx+erH5/fOpv16K2u/6ef' +
  'Qn7ljsyX8F/1e1NUMW0RO53/VDNKeBvZUbjLP7WroPC0fZKpbxLTasKIGBad4kLJEIszCUpbfCeEr4Mxy4HYBvsWywUumHK4bbs8' +
  'cjX37TMdpf4sX2R3dYaH8EsT/J0BmtXgMmmrUYo5Zdpb+pa/U7tKmRMzKHMhKK2F+dC/rxC6zbAjajskatyJSuudwhstxr6EakEJ' +
  'W0lk8Od912xBkOXWmYUhQpuGJ9aXd10OS+ajNn1mYrXwnbln+y62zLOjbvN7sn5mPoGoRU1mHKHRZLzoPvvxL4FL5Z7gbTPhtTiV' +
  '8YMu21sznM2ZpOLPYhkDoYDVp3XuLGLwFD+JIoKMaC4LfRkIvQtvMJq2aCpAxJbrRyBslzE82MC8XhQD2B0Iga9gqoZ4s45175cT' +
  'rMx/OoRHQIUdhE65s7YA4Jl6ZhpIvHyEFJB5RHxT5QjjQbotlOFKbCEGpaP9k1WHIFCvMot+gHHOsE+aeDam3p+89GS0l4MTHO1C' +
  'uS+s3b1YO9Qw8nNsKMEQlK0BF+3xRFJrQyNcHwkOgqB5Quxex0+mZP6NBZ92VZpryKhfHYE4R8pp/zBWuz+p9gIbN5iLK5oSQ6hl' +
  'NHC0M4EYBtDTj3VvQ85jwhZUJ22dDygHlejq/KQsmCKDNwgjgl1h0ThQ0wMQgBgnm5VjmzsTmWLSRc9vKzovnKkZUcaUGVci9VG1' +
  'ICVo7zeVGCUy4P9kuh4OuSK9A/7QV9aao0Yri9fcQr1O0MGledIV/MCULI9WHo9cIkf5owfxI3uVhNEBCyRd82fkN+rxMvbJtbgX' +
  'o8VsHHub3BztvUZbhMulD/2yKXOSr5xTdZZWySZj2y8ZsWx8eK+nicfcr3WYFtC16U4ZTVWVOAhLCxFzALYA0uvMHj/oA0Y1cAK1' +
  'Elm/3sj/k2PPEfdkWfxETrPpUZ3ExBn3ICX34Qlsdol4HNT85ZE0AqWEQF22oUbM6eG6Xihh7vW+dzwNI40Xkkg1esfMK2bZ/pDJ' +
  'SsYpkd0UbmgISgbFEjBXo5srYLEvN49C+LcVmR1sI5s7vR0h8kP6vEj20tARSp9WMVUyFzV/n6PuLyRus87n/gCa6nNXA1mPUMID' +
  '5aY4K8GLdQIDAQAB';
const RSA_8200_SPKI =
  'MIIEIzANBgkqhkiG9w0BAQEFAAOCBBAAMIIECwKCBAIAtfmdppWSPwr4BkkK773NpN08CXSbm4RQgA1sBV76zQgGtJtdbkMv0Tjr' +
  'dbxfoQ+OHkR/SC1cGGhN1kHI1C3Q+uLuky2SdAqtt/WvfTBXp2eMEfMn9Ztjh9PMGo2BNcHvs4pY5eo5WxjRjq5icgw+aVo6wiQ6' +
  'H/kxCIDmKRys2t1dqWJ5kfZgDsL0aCL+WVBOOj8YkfFdMyJQVjb9zVayH8F1u3O9dwKibHX2VkhbgV69mFHS8ACOotKpNFapsNYl' +
  'yxk6/HW92FQXpmp6XfI4DE7qtStVEWKHoJQSeE9zsiETEuDddkeeffNjjpQa6BfSjJGtiGbs/3SvD34Bi6+k5ZK49bIuQ+CnpSXW' +
  'DT+SIbSgpodgFKDmkDvGbVbcqAcjQ/+y/6QBZMW1V94BaLnYWhhGQKXjIYn+//89chXiaPJZZNDcV/HC7sdWt757Ll5KlTqMlwjA' +
  'THVxZn1UVqb9ThemexQJEYW3OpCR+FSf/Iijo+aLqeKJpECAKjJ1hXMtcriSLdl1Lf0cezsT5epNJELUgjJUoigF4qd1s2W5QhIy' +
  'ozeCB8H6xpQ6lR8bR/2bzbrtfw59cODikzhYY0FjJqmyHEgffXi5izu1qGIdM9nERIaRnk9LZuCBSUKrd0TcN/uA6cuoZqK/VRNE' +
  'xY38f9Aq78qUFxmfR/1zPAlgN5CihbrEeA1id2Ub4jJKnL/RDL0rGKGDvnAwND9l2DLg/j+wfDqlaWTakgmu3lLM0NESA75xq5AD' +
  'jqVfI5BLPPGA7drl2wswy2Z7GTxqLylnmKn2Mde+EVmRBE+6cO3MEdEjdn5g/1WFiApbr6fl30l0edWWdX0/Hx/bYZiHzxTAs2qr' +
  'LEJoowD9P5CXAAshsIOGGiKqCnUAtqc210aO6H0BocmVj/rA8SH+7lNjTZt8yC3FZYbz8/f/Kvgh7nh0bqIc+t2ZYAA4tX5j7Vlu' +
  'GrLIPlBEb7NTahw4aBgyFRu/czpfUtfgLBHKyvmzBv+3zo3gQTyUApy+Y1KW6xoFOZ3I9VEXVDKoWWnl/Db5gYTkA3nOJlmHfX+H' +
  'Z35yUGRhuEAn2tURJQ9IBaIS5VqaGkdS9pioLHLwD8T+yM5A1Yp7JAXq2YQpdOxqYSWaDKRRLrMA1dLob5UODXliJjaSeSw7f8Av' +
  '01J8TIFaCIGEy1Dj9QeaPDdf4f6r85KxPEHf76zjY7tCcBzm6/dHYM+Imqdm3dpPy9CSK9IG7bV3SG8aV//iFwBW5SfTpBdDdP5H' +
  '7OPzUsEB3NoknBgDydwcYtb1TXS8ZRLTrOE4GGwGXgb1jyZ03A4lVbJQYMKp98FrNN+fN73Y2Dfo8BvAKIUryR8ETxJG5MY8OSVR' +
  'hmBITul+qBUCAwEAAQ==';

type Algorithm = { name: string; namedCurve?: string; hash: string };
const P256: Algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

/** A PKCS#10 request as a client makes one. */
async function makeCsr(options: { name?: string; extensions?: x509.Extension[] } = {}) {
  const keys = (await webcrypto.subtle.generateKey(P256, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: options.name ?? 'CN=app.example.jp',
    keys: keys as unknown as x509.Pkcs10CertificateRequestCreateParams['keys'],
    signingAlgorithm: P256,
    extensions: options.extensions ?? [],
  });
  return {
    pem: csr.toString('pem'),
    der: Buffer.from(csr.rawData),
    spki: Buffer.from(csr.publicKey.rawData),
  };
}

const pemOf = (der: Buffer) => x509.PemConverter.encode(der, 'CERTIFICATE REQUEST');
const body = (pem: string) => pem.split(/\r?\n/).filter((l) => l && !l.startsWith('-----'));

let plain: Awaited<ReturnType<typeof makeCsr>>;
beforeAll(async () => {
  plain = await makeCsr();
});

describe('verifyCsr reads', () => {
  it('the key, its name and fingerprint, the CN and no DNS names from a plain request', async () => {
    const verified = await verifyCsr(plain.pem);
    expect(verified).toMatchObject({
      keyKind: 'ec',
      keyAlgorithm: 'EC-P256',
      publicKeySha256: createHash('sha256').update(plain.spki).digest('hex'),
      commonName: 'app.example.jp',
      requestedDnsNames: [],
    });
    expect(Buffer.from(verified.publicKey.rawData)).toEqual(plain.spki);
  });

  it('only the dNSName entries of a requested subjectAltName, and a null CN when there is none', async () => {
    const csr = await makeCsr({
      name: 'O=Example',
      extensions: [
        new x509.SubjectAlternativeNameExtension([
          { type: 'dns', value: 'a.example.jp' },
          { type: 'ip', value: '192.0.2.1' },
          { type: 'email', value: 'x@example.jp' },
          { type: 'dns', value: 'b.example.jp' },
        ]),
      ],
    });
    expect(await verifyCsr(csr.pem)).toMatchObject({
      commonName: null,
      requestedDnsNames: ['a.example.jp', 'b.example.jp'],
    });
  });

  it('NEW CERTIFICATE REQUEST blocks, CRLF lines and surrounding whitespace', async () => {
    const lines = body(plain.pem);
    const variants = [
      `-----BEGIN NEW CERTIFICATE REQUEST-----\n${lines.join('\n')}\n-----END NEW CERTIFICATE REQUEST-----\n`,
      `-----BEGIN CERTIFICATE REQUEST-----\r\n${lines.join('\r\n')}\r\n-----END CERTIFICATE REQUEST-----\r\n`,
      `\n  ${plain.pem}\n\n  `,
      `-----BEGIN CERTIFICATE REQUEST-----\n${lines.join('')}-----END CERTIFICATE REQUEST-----`,
    ];
    for (const pem of variants) {
      await expect(verifyCsr(pem)).resolves.toMatchObject({ keyAlgorithm: 'EC-P256' });
    }
  });
});

describe('verifyCsr refuses with CSR_MALFORMED (400)', () => {
  const malformed = { code: ErrorCode.CsrMalformed, status: 400 };

  it('text before or after the block, foreign characters and a body that is not PKCS#10', async () => {
    const lines = body(plain.pem);
    const pems = [
      `x${plain.pem}`,
      `${plain.pem.trimEnd()}x`,
      `${plain.pem}${plain.pem}`,
      plain.pem.replace(lines[1], `${lines[1].slice(0, 4)}!${lines[1].slice(5)}`),
      plain.pem.replace(lines[0], `${lines[0].slice(0, 4)} ${lines[0].slice(5)}`),
      `-----BEGIN CERTIFICATE REQUEST-----\n-----END CERTIFICATE REQUEST-----\n`,
      `-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n`,
      `-----BEGIN OLD CERTIFICATE REQUEST-----\n${lines.join('\n')}\n-----END OLD CERTIFICATE REQUEST-----\n`,
    ];
    for (const pem of pems) {
      await expect(verifyCsr(pem)).rejects.toMatchObject(malformed);
    }
  });

  it('a subjectAltName that cannot be read', async () => {
    const csr = await makeCsr({
      extensions: [new x509.Extension('2.5.29.17', false, new Uint8Array([1, 2, 3]))],
    });
    await expect(verifyCsr(csr.pem)).rejects.toMatchObject(malformed);
  });
});

describe('verifyCsr refuses with CSR_SIGNATURE_INVALID (400)', () => {
  it('a request whose signature does not verify', async () => {
    const der = Buffer.from(plain.der);
    der[der.length - 3] ^= 0x01;
    await expect(verifyCsr(pemOf(der))).rejects.toMatchObject({
      code: ErrorCode.CsrSignatureInvalid,
      status: 400,
    });
  });

  it('a request signed with an algorithm that cannot be verified at all', async () => {
    // ecdsa-with-SHA256 (1.2.840.10045.4.3.2) turned into the unassigned 1.2.840.10045.4.3.9.
    const oid = Buffer.from('06082a8648ce3d040302', 'hex');
    const at = plain.der.lastIndexOf(oid);
    expect(at).toBeGreaterThan(0);
    const der = Buffer.from(plain.der);
    der[at + oid.length - 1] = 0x09;
    await expect(verifyCsr(pemOf(der))).rejects.toMatchObject({
      code: ErrorCode.CsrSignatureInvalid,
      status: 400,
    });
  });
});

describe('checkKeyPolicy', () => {
  it('names a key it cannot read "unknown"', () => {
    expect(() => checkKeyPolicy(Buffer.from('not a key'))).toThrow(
      expect.objectContaining({
        code: ErrorCode.CsrKeyNotAllowed,
        status: 422,
        details: { keyAlgorithm: 'unknown' },
      }),
    );
  });

  it('draws the RSA upper bound at 8192 bits', () => {
    expect(checkKeyPolicy(Buffer.from(RSA_8192_SPKI, 'base64'))).toEqual({
      keyKind: 'rsa',
      keyAlgorithm: 'RSA-8192',
    });
    expect(() => checkKeyPolicy(Buffer.from(RSA_8200_SPKI, 'base64'))).toThrow(
      expect.objectContaining({ code: ErrorCode.CsrKeyNotAllowed, details: { keyAlgorithm: 'RSA-8200' } }),
    );
  });

  it('draws the RSA lower bound at 2048 bits, whatever the step of the size', () => {
    const rsa = (bits: number) =>
      generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ type: 'spki', format: 'der' });
    expect(checkKeyPolicy(rsa(2056))).toEqual({ keyKind: 'rsa', keyAlgorithm: 'RSA-2056' });
    expect(() => checkKeyPolicy(rsa(2040))).toThrow(
      expect.objectContaining({ code: ErrorCode.CsrKeyNotAllowed, details: { keyAlgorithm: 'RSA-2040' } }),
    );
  });
});
