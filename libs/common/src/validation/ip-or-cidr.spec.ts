import { isIpOrCidr } from './ip-or-cidr';

describe('isIpOrCidr', () => {
  it.each(['192.0.2.1', '192.0.2.0/24', '0.0.0.0/0', '2001:db8::1', '2001:db8::/32', '::ffff:192.0.2.1'])(
    'accepts %s',
    (v) => {
      expect(isIpOrCidr(v)).toBe(true);
    },
  );
  it.each([
    '192.0.2.256',
    '192.0.2.0/33',
    '2001:db8::/129',
    '192.0.2.0/24/1',
    '192.0.2.0/-1',
    'localhost',
    '',
    42,
  ])('refuses %p', (v) => {
    expect(isIpOrCidr(v)).toBe(false);
  });
});
