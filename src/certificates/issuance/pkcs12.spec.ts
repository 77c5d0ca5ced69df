import { createHash, createHmac, generateKeyPairSync } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { PFX } from '@peculiar/asn1-pfx';
import { buildPkcs12, PKCS12_PASSWORD_PATTERN, PKCS12_SETTINGS, pkcs12Kdf } from './pkcs12';

describe('PKCS#12', () => {
  // Expected values from OpenSSL 3: `openssl kdf -keylen N -kdfopt digest:SHA256 -kdfopt hexpass:<P as BMPString
  // with its 00 00 terminator> -kdfopt hexsalt:S -kdfopt iter:I -kdfopt id:ID PKCS12KDF`.
  it.each([
    [
      'smeg',
      '0A58CF64530D823F',
      1,
      3,
      32,
      'B26D0CAD11E901AD0BA0CE08B18DF8FC49D2EB271BF02A0CEE1669E01251B18D',
    ],
    [
      'queeg',
      '05DEC959ACFF72F7',
      1000,
      1,
      40,
      '74903B2A07C2FC6BFF672A1A8C30583DDC4F7C1A68930AC40917DCFE6BAA5AE3D7867C4CA9A8FB54',
    ],
  ])(
    'derives keys as RFC 7292 appendix B says (password %s)',
    (password, salt, iterations, id, length, expected) => {
      expect(
        pkcs12Kdf(password, Buffer.from(salt, 'hex'), id, iterations, length).toString('hex').toUpperCase(),
      ).toBe(expected);
    },
  );

  it('writes a PFX v3 whose HMAC-SHA256 MAC covers the authenticated safe', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const der = pkcs12ForTest(privateKey);
    const pfx = AsnConvert.parse(der, PFX);
    expect(pfx.version).toBe(3);
    expect(pfx.macData.iterations).toBe(PKCS12_SETTINGS.iterations);
    expect(pfx.macData.mac.digestAlgorithm.algorithm).toBe('2.16.840.1.101.3.4.2.1');
    const content = Buffer.from(AsnConvert.parse(pfx.authSafe.content, OctetString).buffer);
    const key = pkcs12Kdf(
      'correct horse battery',
      Buffer.from(pfx.macData.macSalt.buffer),
      3,
      PKCS12_SETTINGS.iterations,
      32,
    );
    expect(Buffer.from(pfx.macData.mac.digest.buffer)).toEqual(
      createHmac('sha256', key).update(content).digest(),
    );
    // The key is not in the file in the clear.
    expect(der.includes(privateKey.export({ type: 'pkcs8', format: 'der' }))).toBe(false);
  });

  it('accepts printable ASCII passwords only', () => {
    expect(PKCS12_PASSWORD_PATTERN.test('Abc def-123 ~!')).toBe(true);
    expect(PKCS12_PASSWORD_PATTERN.test('パスワード12345678')).toBe(false);
    expect(PKCS12_PASSWORD_PATTERN.test('tab\there')).toBe(false);
  });
});

function pkcs12ForTest(privateKey: ReturnType<typeof generateKeyPairSync>['privateKey']): Buffer {
  // Any DER stands in for the certificate: the builder only wraps it.
  const certificate = Buffer.from('3003020101', 'hex');
  return buildPkcs12({
    privateKey,
    certificate,
    chain: [createHash('sha256').update('x').digest()],
    friendlyName: 'テスト',
    password: 'correct horse battery',
  });
}
