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
    expect(normalizeDnsName('www.example.jp', { wildcard: true })).toBe('www.example.jp');
    expect(normalizeDnsName('w*.example.jp', { wildcard: true })).toBeNull();
    expect(normalizeDnsName('a.*.example.jp', { wildcard: true })).toBeNull();
  });
});

describe('normalizeDnsName at its edges', () => {
  const label = (n: number, c = 'a') => c.repeat(n);

  it('trims, and takes off only a trailing dot', () => {
    expect(normalizeDnsName('  www.example.jp.  ')).toBe('www.example.jp');
    expect(normalizeDnsName('www.example.jp')).toBe('www.example.jp');
  });

  it('takes a name of 253 characters and no longer, counting the wildcard label', () => {
    const name = (last: number) => `${label(63)}.${label(63, 'b')}.${label(63, 'c')}.${label(last, 'd')}`;
    expect(name(61)).toHaveLength(253);
    expect(normalizeDnsName(name(61))).toBe(name(61));
    expect(normalizeDnsName(name(62))).toBeNull();
    expect(normalizeDnsName(`*.${name(59)}`, { wildcard: true })).toBe(`*.${name(59)}`);
    expect(normalizeDnsName(`*.${name(60)}`, { wildcard: true })).toBeNull();
  });

  it('takes labels of 1 to 63 letters, digits and inner hyphens', () => {
    expect(normalizeDnsName(`${label(63)}.jp`)).toBe(`${label(63)}.jp`);
    expect(normalizeDnsName('a.b-c.jp')).toBe('a.b-c.jp');
    expect(normalizeDnsName('x1-2y.jp')).toBe('x1-2y.jp');
    expect(normalizeDnsName('a.b_.jp')).toBeNull();
    expect(normalizeDnsName('_a.jp')).toBeNull();
  });

  it('refuses an all-digit last label only', () => {
    expect(normalizeDnsName('123.example.jp')).toBe('123.example.jp');
    expect(normalizeDnsName('example.1a')).toBe('example.1a');
    expect(normalizeDnsName('example.a1')).toBe('example.a1');
    expect(normalizeDnsName('example.123')).toBeNull();
    // An IPv4 address passes the IDN conversion; its last label gives it away.
    expect(normalizeDnsName('192.0.2.255')).toBeNull();
    expect(normalizeDnsName('192.0.2.10')).toBeNull();
    expect(normalizeDnsName('localhost')).toBe('localhost');
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

  it('prefers the most specific domain whatever the order of registration', () => {
    expect(coveringDomain('a.dept.example.jp', ['dept.example.jp', 'example.jp'])).toBe('dept.example.jp');
    expect(coveringDomain('a.dept.example.jp', ['example.jp', 'dept.example.jp'])).toBe('dept.example.jp');
    expect(coveringDomain('dept.example.jp', ['dept.example.jp', 'example.jp'])).toBe('dept.example.jp');
    expect(coveringDomain('www.example.jp', [])).toBeNull();
  });

  it('covers a wildcard by its parent domain, not by a registered name with a star', () => {
    expect(coveringDomain('*.example.jp', ['example.jp'])).toBe('example.jp');
    expect(coveringDomain('*.example.jp', ['*.example.jp'])).toBeNull();
  });

  it('does not match look-alike suffixes or parents', () => {
    expect(coveringDomain('badexample.jp', registered)).toBeNull();
    expect(coveringDomain('jp', registered)).toBeNull();
    expect(coveringDomain('example.jp.evil.com', registered)).toBeNull();
  });
});
