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

  it('seals bytes in the binary form: iv | tag | ciphertext, bound to its context, opened by key id', () => {
    const c = cipherWith('k1');
    const image = Buffer.from('\xff\xd8\xff image bytes KANRI', 'latin1');
    const { keyId, sealed } = c.encryptBytes(image, 'doc:1:0');
    expect(keyId).toBe('k1');
    expect(sealed.length).toBe(12 + 16 + image.length);
    expect(sealed.includes(image.subarray(4))).toBe(false);
    expect(c.decryptBytes('k1', sealed, 'doc:1:0').equals(image)).toBe(true);
    expect(() => c.decryptBytes('k1', sealed, 'doc:1:1')).toThrow(); // another chunk's place
    expect(() => c.decryptBytes('k9', sealed, 'doc:1:0')).toThrow(); // a key the ring lacks
    expect(() => c.decryptBytes('k1', sealed.subarray(0, 20), 'doc:1:0')).toThrow();
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] ^= 1;
    expect(() => c.decryptBytes('k1', tampered, 'doc:1:0')).toThrow();
    const rotated = new FieldCipher({
      fieldKeys: [
        { id: 'k2', key: key(9) },
        { id: 'k1', key: key(1) },
      ],
    } as unknown as AppConfig);
    expect(rotated.decryptBytes('k1', sealed, 'doc:1:0').equals(image)).toBe(true);
    expect(rotated.encryptBytes(image, 'doc:1:0').keyId).toBe('k2');
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
