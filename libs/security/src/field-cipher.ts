import { Inject, Injectable } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppConfig } from '@kanri/common/config/app-config';

const VERSION = 'v1';

/**
 * AES-256-GCM for secrets at rest (TOTP secrets, CA keys, individual numbers). The output is
 * `v1.<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts), so keys can rotate: the first key of the ring
 * encrypts, any key of the ring decrypts, and `needsReencryption` tells a rotation job what to rewrite.
 * `context` is bound as associated data so a ciphertext cannot be moved to another row or column.
 */
@Injectable()
export class FieldCipher {
  private readonly keys: Map<string, Buffer>;
  private readonly current: { id: string; key: Buffer };

  constructor(@Inject(AppConfig) config: AppConfig) {
    if (!config.fieldKeys.length) throw new Error('FIELD_ENCRYPTION_KEY is not configured');
    this.keys = new Map(config.fieldKeys.map((k) => [k.id, k.key]));
    this.current = config.fieldKeys[0];
  }

  encrypt(plaintext: string | Buffer, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [
      VERSION,
      this.current.id,
      iv.toString('base64url'),
      tag.toString('base64url'),
      data.toString('base64url'),
    ].join('.');
  }

  decrypt(sealed: string, context: string): Buffer {
    const [version, keyId, iv, tag, data] = sealed.split('.');
    const key = this.keys.get(keyId);
    if (version !== VERSION || !key || iv === undefined || tag === undefined || data === undefined) {
      throw new Error('Ciphertext cannot be opened with the configured keys');
    }
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]);
  }

  decryptText(sealed: string, context: string): string {
    return this.decrypt(sealed, context).toString('utf8');
  }

  /**
   * The binary form for large values (ID-document images), where base64 text would cost a third more:
   * `iv (12 bytes) | tag (16) | ciphertext`, the same AES-256-GCM under the same ring, the key id kept beside it.
   */
  encryptBytes(plaintext: Buffer, context: string): { keyId: string; sealed: Buffer } {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return { keyId: this.current.id, sealed: Buffer.concat([iv, cipher.getAuthTag(), data]) };
  }

  decryptBytes(keyId: string, sealed: Buffer, context: string): Buffer {
    const key = this.keys.get(keyId);
    if (!key || sealed.length < 28) throw new Error('Ciphertext cannot be opened with the configured keys');
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
  }

  /** The id of the key that seals now (the first of the ring). */
  get currentKeyId(): string {
    return this.current.id;
  }

  /**
   * What every ciphertext sealed under the current key starts with: rotation jobs find their pending rows with
   * `SUBSTR(column, 1, length) <> prefix` (not LIKE: key ids may contain `_`, a LIKE wildcard).
   */
  get currentPrefix(): string {
    return `${VERSION}.${this.current.id}.`;
  }

  keyIdOf(sealed: string): string {
    return sealed.split('.')[1];
  }

  needsReencryption(sealed: string): boolean {
    return this.keyIdOf(sealed) !== this.current.id;
  }
}
