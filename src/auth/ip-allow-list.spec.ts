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
});
