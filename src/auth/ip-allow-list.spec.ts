import { isAddressAllowed, unmapIpv4 } from './ip-allow-list';

describe('IP allow-lists (SPEC §3.2 step 2)', () => {
  it('allows every address when the list is empty', () => {
    expect(isAddressAllowed([], '198.51.100.7')).toBe(true);
    expect(isAddressAllowed(null, '2001:db8::1')).toBe(true);
  });

  it('matches single IPv4 addresses and CIDR blocks', () => {
    const list = ['192.0.2.10', '198.51.100.0/24'];
    expect(isAddressAllowed(list, '192.0.2.10')).toBe(true);
    expect(isAddressAllowed(list, '192.0.2.11')).toBe(false);
    expect(isAddressAllowed(list, '198.51.100.255')).toBe(true);
    expect(isAddressAllowed(list, '198.51.101.1')).toBe(false);
  });

  it('matches IPv6 addresses and blocks', () => {
    const list = ['2001:db8:1::/48', '2001:db8:2::5'];
    expect(isAddressAllowed(list, '2001:db8:1:ffff::1')).toBe(true);
    expect(isAddressAllowed(list, '2001:db8:2::5')).toBe(true);
    expect(isAddressAllowed(list, '2001:db8:2::6')).toBe(false);
    expect(isAddressAllowed(list, '192.0.2.1')).toBe(false);
  });

  it('treats IPv4-mapped IPv6 addresses as IPv4, on either side', () => {
    expect(isAddressAllowed(['192.0.2.0/24'], '::ffff:192.0.2.44')).toBe(true);
    expect(isAddressAllowed(['::ffff:192.0.2.44'], '192.0.2.44')).toBe(true);
    expect(isAddressAllowed(['::ffff:192.0.2.0/120'], '192.0.2.99')).toBe(true);
    expect(isAddressAllowed(['::ffff:192.0.2.0/120'], '192.0.3.1')).toBe(false);
    expect(unmapIpv4('::FFFF:10.0.0.1')).toBe('10.0.0.1');
  });

  it('refuses unknown or malformed client addresses when a list exists', () => {
    expect(isAddressAllowed(['192.0.2.0/24'], null)).toBe(false);
    expect(isAddressAllowed(['192.0.2.0/24'], 'not-an-ip')).toBe(false);
  });

  describe('the edges of a block', () => {
    it('/0 allows every address of its family, and only of its family', () => {
      expect(isAddressAllowed(['0.0.0.0/0'], '203.0.113.9')).toBe(true);
      expect(isAddressAllowed(['0.0.0.0/0'], '2001:db8::1')).toBe(false);
      expect(isAddressAllowed(['::/0'], '2001:db8::1')).toBe(true);
    });

    it('/32 and /128 are one address', () => {
      expect(isAddressAllowed(['192.0.2.0/32'], '192.0.2.0')).toBe(true);
      expect(isAddressAllowed(['192.0.2.0/32'], '192.0.2.1')).toBe(false);
      expect(isAddressAllowed(['2001:db8::/128'], '2001:db8::')).toBe(true);
      expect(isAddressAllowed(['2001:db8::/128'], '2001:db8::1')).toBe(false);
    });

    it('a mapped block written in IPv6 form keeps its width in IPv4 terms', () => {
      expect(isAddressAllowed(['::ffff:192.0.2.0/128'], '192.0.2.0')).toBe(true);
      expect(isAddressAllowed(['::ffff:192.0.2.0/128'], '192.0.2.1')).toBe(false);
      expect(isAddressAllowed(['::ffff:192.0.0.0/104'], '192.255.0.1')).toBe(true);
      expect(isAddressAllowed(['::ffff:192.0.0.0/104'], '193.0.0.1')).toBe(false);
    });
  });

  describe('a stray entry allows nothing and spoils nothing', () => {
    // Entries are validated on the way in (isIpOrCidr); one that got through anyway must not widen the list, nor
    // throw and lock out the valid entries beside it.
    it.each([
      '192.0.2.0/33',
      '2001:db8::/129',
      '192.0.2.0/-1',
      '192.0.2.0/24.5',
      '192.0.2.0/abc',
      '192.0.2.0/',
      '192.0.2.0/ ',
      '192.0.2.0/0x8',
      '192.0.2.0/1e1',
      '::ffff:192.0.2.0/95',
      'garbage',
      'garbage/24',
    ])('%s', (stray) => {
      const list = [stray, '198.51.100.7', '2001:db8:9::/48'];
      expect(isAddressAllowed(list, '198.51.100.7')).toBe(true);
      expect(isAddressAllowed(list, '2001:db8:9::1')).toBe(true);
      expect(isAddressAllowed(list, '192.0.2.1')).toBe(false);
      expect(isAddressAllowed(list, '2001:db8::1')).toBe(false);
      expect(isAddressAllowed(list, '10.0.0.1')).toBe(false);
    });
  });

  it('ignores the spaces around an entry', () => {
    expect(isAddressAllowed([' 192.0.2.10 '], '192.0.2.10')).toBe(true);
    expect(isAddressAllowed([' 198.51.100.0/24 '], '198.51.100.1')).toBe(true);
  });

  it('unmaps only a whole IPv4-mapped address', () => {
    expect(unmapIpv4('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(unmapIpv4('::ffff:192.168.100.200')).toBe('192.168.100.200');
    expect(unmapIpv4('x::ffff:192.0.2.1')).toBe('x::ffff:192.0.2.1');
    expect(unmapIpv4('::ffff:192.0.2.1x')).toBe('::ffff:192.0.2.1x');
    expect(unmapIpv4('::ffff:1.2.3')).toBe('::ffff:1.2.3');
    expect(unmapIpv4('::ffff:1.2.3.4.5')).toBe('::ffff:1.2.3.4.5');
    expect(unmapIpv4('::ffff:1234.2.3.4')).toBe('::ffff:1234.2.3.4');
    expect(unmapIpv4('::ffff:a.2.3.4')).toBe('::ffff:a.2.3.4');
    expect(unmapIpv4('::fffe:192.0.2.1')).toBe('::fffe:192.0.2.1');
  });

  it('refuses an empty client address when a list exists', () => {
    expect(isAddressAllowed(['192.0.2.0/24'], '')).toBe(false);
    expect(isAddressAllowed(undefined, null)).toBe(true);
  });
});
