import { ErrorCode } from '@kanri/common/errors/error-code';
import { serverNames, validCommonName } from './subject-names';

describe('serverNames', () => {
  it('prefers the given names, then the CSR SAN, then its CN', () => {
    const csr = { requestedDnsNames: ['a.example.jp'], commonName: 'cn.example.jp' };
    expect(serverNames(['WWW.example.jp', 'www.example.jp.'], csr)).toEqual({
      dnsNames: ['www.example.jp'],
      commonName: 'www.example.jp',
    });
    expect(serverNames(undefined, csr).dnsNames).toEqual(['a.example.jp']);
    expect(serverNames(undefined, { requestedDnsNames: [], commonName: 'cn.example.jp' }).dnsNames).toEqual([
      'cn.example.jp',
    ]);
  });

  it('refuses names that are not host names, listing them', () => {
    try {
      serverNames(['ok.example.jp', '10.0.0.1', 'bad name'], { requestedDnsNames: [], commonName: null });
      throw new Error('expected a refusal');
    } catch (e) {
      expect((e as { code: string }).code).toBe(ErrorCode.CertificateNameInvalid);
      expect((e as { details: { names: string[] } }).details.names).toEqual(['10.0.0.1', 'bad name']);
    }
  });
});

describe('validCommonName', () => {
  it('trims and accepts full-width names up to 64 characters', () => {
    expect(validCommonName('  山田 太郎 ')).toBe('山田 太郎');
    expect(() => validCommonName('x'.repeat(65))).toThrow();
    expect(() => validCommonName('a\u0000b')).toThrow();
    expect(() => validCommonName('   ')).toThrow();
  });
});
