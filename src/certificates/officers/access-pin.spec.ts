import { createHash } from 'node:crypto';
import { hashEnrolmentToken, newAccessPin, newEnrolmentToken, normalizeAccessPin } from './access-pin';

const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

describe('access PINs (アクセスPIN)', () => {
  it('are 10 characters from the unambiguous alphabet, every character of which occurs', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 400; n++) {
      const pin = newAccessPin();
      expect(pin).toHaveLength(10);
      expect(pin).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{10}$/);
      for (const ch of pin) seen.add(ch);
    }
    // 4,000 draws from 31 letters: every letter shows up (a missing one has odds below 1e-50).
    expect([...seen].sort().join('')).toBe([...ALPHABET].sort().join(''));
  });

  it('accept what a person types: case, spaces and hyphens do not matter', () => {
    expect(normalizeAccessPin('ab cd-ef\tgh-jk')).toBe('ABCDEFGHJK');
    expect(normalizeAccessPin(' a-b \n c ')).toBe('ABC');
    expect(normalizeAccessPin('ABC23')).toBe('ABC23');
    // Only whitespace and hyphens go; other punctuation stays, so it does not match any PIN.
    expect(normalizeAccessPin('a.b_c')).toBe('A.B_C');
  });
});

describe('enrolment tokens', () => {
  it('are 256 random bits in base64url', () => {
    const a = newEnrolmentToken();
    const b = newEnrolmentToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(a).not.toBe(b);
  });

  it('are looked up by the hex SHA-256 of their UTF-8 text', () => {
    expect(hashEnrolmentToken('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(hashEnrolmentToken('トークン')).toBe(
      createHash('sha256').update(Buffer.from('トークン', 'utf8')).digest('hex'),
    );
  });
});
