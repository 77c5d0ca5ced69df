import { FieldCipher } from './field-cipher';
import type { AppConfig } from '@kanri/common/config/app-config';

const key = (n: number) => Buffer.alloc(32, n);
const cipherWith = (...ids: string[]) =>
  new FieldCipher({ fieldKeys: ids.map((id, i) => ({ id, key: key(i + 1) })) } as unknown as AppConfig);

describe('FieldCipher (AES-256-GCM with key ids)', () => {
  it('round-trips and never shows the plaintext', () => {
    const c = cipherWith('k1');
    const sealed = c.encrypt('123456789018', 'personal_numbers.number:abc');
    expect(sealed).not.toContain('123456789018');
    expect(sealed.startsWith('v1.k1.')).toBe(true);
    expect(c.decryptText(sealed, 'personal_numbers.number:abc')).toBe('123456789018');
  });

  it('refuses a ciphertext moved to another context or tampered with', () => {
    const c = cipherWith('k1');
    const sealed = c.encrypt('secret', 'row:1');
    expect(() => c.decrypt(sealed, 'row:2')).toThrow();
    const parts = sealed.split('.');
    parts[4] = Buffer.from('tampered').toString('base64url');
    expect(() => c.decrypt(parts.join('.'), 'row:1')).toThrow();
  });

  it('decrypts with older keys of the ring and says what needs re-encrypting', () => {
    const old = cipherWith('k1');
    const sealed = old.encrypt('secret', 'ctx');
    const rotated = new FieldCipher({
      fieldKeys: [
        { id: 'k2', key: key(9) },
        { id: 'k1', key: key(1) },
      ],
    } as unknown as AppConfig);
    expect(rotated.decryptText(sealed, 'ctx')).toBe('secret');
    expect(rotated.needsReencryption(sealed)).toBe(true);
    expect(rotated.needsReencryption(rotated.encrypt('secret', 'ctx'))).toBe(false);
    expect(rotated.currentKeyId).toBe('k2');
    expect(rotated.encrypt('secret', 'ctx').startsWith(rotated.currentPrefix)).toBe(true);
    expect(sealed.startsWith(rotated.currentPrefix)).toBe(false);
  });
});
