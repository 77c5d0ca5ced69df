import { createHash, createHmac, createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { type ContentInfo, id_data } from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  AuthenticatedSafe,
  CertBag,
  id_certBag,
  id_pkcs8ShroudedKeyBag,
  id_x509Certificate,
  PFX,
  SafeContents,
} from '@peculiar/asn1-pfx';
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
    // 44 characters: the password's BMPString (90 bytes) fills two 64-byte blocks.
    [
      'correct horse battery staple, and a long one',
      '7D3C5B1F9E2A4C68',
      5,
      2,
      48,
      '55106E1B3EC3D4DE675F653BE94CC39E43CD26F6DA0763F4534B8BF970EB4FD5E46754C877B38EA88AF8CBFCE07CD590',
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

  it('holds the certificate first, then the chain, and the key under the password, tied by localKeyId and named', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const certificate = Buffer.from('3003020101', 'hex');
    const chain = [Buffer.from('3003020102', 'hex'), Buffer.from('3003020103', 'hex')];
    const friendlyName = '証明書'.repeat(20) + 'officer-01';
    const der = buildPkcs12({
      privateKey,
      certificate,
      chain,
      friendlyName,
      password: 'correct horse battery',
    });

    const pfx = AsnConvert.parse(der, PFX);
    const safe = AsnConvert.parse(
      AsnConvert.parse(pfx.authSafe.content, OctetString).buffer,
      AuthenticatedSafe,
    );
    const [certificates, keys] = [...safe].map((info: ContentInfo) => {
      expect(info.contentType).toBe(id_data);
      return [...AsnConvert.parse(AsnConvert.parse(info.content, OctetString).buffer, SafeContents)];
    });
    const attributesOf = (bag: { bagAttributes?: { attrId: string; attrValues: ArrayBuffer[] }[] }) =>
      Object.fromEntries(
        (bag.bagAttributes ?? []).map((a) => [a.attrId, a.attrValues.map((v) => Buffer.from(v))]),
      );
    const localKeyId = AsnConvert.serialize(new OctetString(createHash('sha1').update(certificate).digest()));
    const expectedAttributes = {
      '1.2.840.113549.1.9.21': [Buffer.from(localKeyId)],
      '1.2.840.113549.1.9.20': [expect.any(Buffer)],
    };

    expect(certificates.map((bag) => bag.bagId)).toEqual([id_certBag, id_certBag, id_certBag]);
    const held = certificates.map((bag) => {
      const certBag = AsnConvert.parse(bag.bagValue, CertBag);
      expect(certBag.certId).toBe(id_x509Certificate);
      return Buffer.from(AsnConvert.parse(certBag.certValue, OctetString).buffer);
    });
    expect(held).toEqual([certificate, ...chain]);
    // Only the end-entity certificate carries the key's id and the name; the CA certificates carry nothing.
    expect(attributesOf(certificates[0])).toEqual(expectedAttributes);
    expect(certificates.slice(1).map((bag) => bag.bagAttributes)).toEqual([undefined, undefined]);

    expect(keys.map((bag) => bag.bagId)).toEqual([id_pkcs8ShroudedKeyBag]);
    expect(attributesOf(keys[0])).toEqual(expectedAttributes);
    const name = attributesOf(keys[0])['1.2.840.113549.1.9.20'][0];
    expect(
      Buffer.from(name.subarray(name.length - 2 * friendlyName.length))
        .swap16()
        .toString('utf16le'),
    ).toBe(friendlyName);
    const key = createPrivateKey({
      key: Buffer.from(keys[0].bagValue),
      format: 'der',
      type: 'pkcs8',
      passphrase: 'correct horse battery',
    });
    expect(key.export({ type: 'pkcs8', format: 'der' })).toEqual(
      privateKey.export({ type: 'pkcs8', format: 'der' }),
    );
    expect(() =>
      createPrivateKey({
        key: Buffer.from(keys[0].bagValue),
        format: 'der',
        type: 'pkcs8',
        passphrase: 'wrong',
      }),
    ).toThrow();
  });

  // The parsed attribute is re-encoded by the ASN.1 library, so the file's own bytes are what is checked.
  it.each([
    ['テスト', '1e06'],
    ['a'.repeat(63), '1e7e'],
    ['a'.repeat(64), '1e8180'],
    ['名'.repeat(70), '1e818c'],
    ['名'.repeat(200), '1e820190'],
  ])(
    'writes the friendly name %s as a DER BMPString, length in its shortest form (%s)',
    (friendlyName, header) => {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const der = buildPkcs12({
        privateKey,
        certificate: Buffer.from('3003020101', 'hex'),
        chain: [],
        friendlyName,
        password: 'correct horse battery',
      });
      const encoded = Buffer.concat([
        Buffer.from(header, 'hex'),
        Buffer.from(friendlyName, 'utf16le').swap16(),
      ]);
      // Once on the certificate's bag, once on the key's.
      const first = der.indexOf(encoded);
      expect(first).toBeGreaterThan(0);
      expect(der.indexOf(encoded, first + 1)).toBeGreaterThan(first);
    },
  );

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
