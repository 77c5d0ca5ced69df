import { validate } from 'class-validator';
import { IsIpOrCidr, isIpOrCidr } from './ip-or-cidr';

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

  it('takes whole prefixes up to the width of the family, and nothing longer than 49 characters', () => {
    expect(isIpOrCidr('192.0.2.0/32')).toBe(true);
    expect(isIpOrCidr('2001:db8::/128')).toBe(true);
    expect(isIpOrCidr('2001:db8::/33')).toBe(true);
    expect(isIpOrCidr('192.0.2.0/24x')).toBe(false);
    expect(isIpOrCidr('192.0.2.0/x24')).toBe(false);
    // Only decimal digits: Number() would read these as 10 and 8.
    expect(isIpOrCidr('192.0.2.0/1e1')).toBe(false);
    expect(isIpOrCidr('192.0.2.0/0x8')).toBe(false);
    expect(isIpOrCidr('192.0.2.0/8 ')).toBe(false);
    const longest = '0000:0000:0000:0000:0000:ffff:192.168.100.200/128';
    expect(longest).toHaveLength(49);
    expect(isIpOrCidr(longest)).toBe(true);
    expect(isIpOrCidr(`fe80::1%${'x'.repeat(42)}`)).toBe(false);
  });

  it('is the IsIpOrCidr validation of DTO fields', async () => {
    class Entry {
      @IsIpOrCidr({ each: true })
      allowedIps!: string[];
    }
    const entry = Object.assign(new Entry(), { allowedIps: ['192.0.2.0/24', 'nope'] });
    const errors = await validate(entry);
    expect(errors).toHaveLength(1);
    expect(errors[0].property).toBe('allowedIps');
    expect(Object.keys(errors[0].constraints ?? {})).toEqual(['isIpOrCidr']);
    expect(await validate(Object.assign(new Entry(), { allowedIps: ['2001:db8::/32'] }))).toEqual([]);
  });
});
