import { canonicalSerial, randomSerialNumber } from './serial-number';

describe('serial numbers', () => {
  it('are 128 random bits, 32 hex digits, never starting with a zero octet', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const serial = randomSerialNumber();
      expect(serial).toMatch(/^[0-9A-F]{32}$/);
      expect(serial.startsWith('00')).toBe(false);
      seen.add(serial);
    }
    expect(seen.size).toBe(200);
  });

  it('canonicalizes the ways tools print them', () => {
    expect(canonicalSerial('01:df:4c')).toBe('01DF4C');
    expect(canonicalSerial('00FFEE')).toBe('FFEE');
    expect(canonicalSerial('1df4c')).toBe('01DF4C');
  });
});
