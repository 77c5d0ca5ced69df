import { coveringDomain, normalizeDnsName } from './dns-names';

describe('normalizeDnsName', () => {
  it('lower-cases, drops the trailing dot and converts IDNs to punycode', () => {
    expect(normalizeDnsName('WWW.Example.JP.')).toBe('www.example.jp');
    expect(normalizeDnsName('例え.jp')).toBe('xn--r8jz45g.jp');
  });

  it('refuses what is not a host name', () => {
    for (const bad of [
      '',
      'a..b',
      '-a.jp',
      'a-.jp',
      'a_b.jp',
      '192.0.2.1',
      'a b.jp',
      `${'a'.repeat(64)}.jp`,
    ]) {
      expect(normalizeDnsName(bad)).toBeNull();
    }
  });

  it('allows a wildcard only as the whole leftmost label, and only when asked', () => {
    expect(normalizeDnsName('*.example.jp', { wildcard: true })).toBe('*.example.jp');
    expect(normalizeDnsName('*.example.jp')).toBeNull();
    expect(normalizeDnsName('w*.example.jp', { wildcard: true })).toBeNull();
    expect(normalizeDnsName('a.*.example.jp', { wildcard: true })).toBeNull();
  });
});

describe('coveringDomain', () => {
  const registered = ['example.jp', 'dept.example.jp', 'other.co.jp'];

  it('matches the domain itself and its subdomains, most specific first', () => {
    expect(coveringDomain('example.jp', registered)).toBe('example.jp');
    expect(coveringDomain('www.example.jp', registered)).toBe('example.jp');
    expect(coveringDomain('a.dept.example.jp', registered)).toBe('dept.example.jp');
    expect(coveringDomain('*.dept.example.jp', registered)).toBe('dept.example.jp');
  });

  it('does not match look-alike suffixes or parents', () => {
    expect(coveringDomain('badexample.jp', registered)).toBeNull();
    expect(coveringDomain('jp', registered)).toBeNull();
    expect(coveringDomain('example.jp.evil.com', registered)).toBeNull();
  });
});
