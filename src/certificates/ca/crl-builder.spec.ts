import { derInteger } from './crl-builder';

describe('derInteger (CRL numbers)', () => {
  it('encodes minimal positive DER integers', () => {
    expect(derInteger(0).toString('hex')).toBe('020100');
    expect(derInteger(1).toString('hex')).toBe('020101');
    expect(derInteger(127).toString('hex')).toBe('02017f');
    expect(derInteger(128).toString('hex')).toBe('02020080');
    expect(derInteger(65536).toString('hex')).toBe('0203010000');
  });

  it('refuses negative and unsafe numbers', () => {
    expect(() => derInteger(-1)).toThrow();
    expect(() => derInteger(2 ** 60)).toThrow();
  });
});
