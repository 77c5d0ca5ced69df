import { Inject, Injectable } from '@nestjs/common';
import { createHmac, hkdfSync } from 'node:crypto';
import { AppConfig } from '@kanri/common/config/app-config';
import { FieldCipher } from '@kanri/security/field-cipher';

/** What is stored for one number: never the number itself. */
export interface SealedNumber {
  /** `v1.<keyId>.<iv>.<tag>.<ciphertext>` (FieldCipher), bound to the record id as associated data. */
  cipher: string;
  /** The field key that sealed it; the rotation job rewrites rows whose key is not the current one. */
  keyId: string;
  /** Keyed digest for duplicate detection, under the same key as the cipher. */
  digest: string;
}

const DIGEST_INFO = 'kanri personal_numbers.number digest v1';

/**
 * Seals and opens individual numbers (SPEC §8 "encrypted at rest"), and computes the keyed digests that let the
 * database refuse duplicates without holding a plaintext or an unkeyed hash (a plain SHA-256 of a 12-digit number
 * is reversed by trying all 10^11 bodies in minutes).
 *
 * - Ciphertext: AES-256-GCM through FieldCipher with the associated data `personal_numbers.number:<recordId>`, so a
 *   ciphertext copied onto another row does not open.
 * - Digest: HMAC-SHA-256 over `<organizationId>:<number>` with a key derived by HKDF-SHA-256 from the same field key
 *   (info `kanri personal_numbers.number digest v1`), base64url. The organization id is inside the HMAC so the same
 *   person's digests in two organizations differ: the table links nobody across tenants.
 * - Rotation: a row's digest is always under the key of its ciphertext (`keyId`); until the rotation job has
 *   rewritten every row, lookups try the digest under each key of the ring (`candidateDigests`).
 */
@Injectable()
export class NumberVault {
  private readonly digestKeys: Map<string, Buffer>;
  readonly currentKeyId: string;

  constructor(
    private readonly cipher: FieldCipher,
    @Inject(AppConfig) config: AppConfig,
  ) {
    if (!config.fieldKeys.length) throw new Error('FIELD_ENCRYPTION_KEY is not configured');
    this.currentKeyId = config.fieldKeys[0].id;
    this.digestKeys = new Map(
      config.fieldKeys.map((k) => [
        k.id,
        Buffer.from(hkdfSync('sha256', k.key, Buffer.alloc(0), DIGEST_INFO, 32)),
      ]),
    );
  }

  seal(organizationId: string, recordId: string, number: string): SealedNumber {
    const cipher = this.cipher.encrypt(number, context(recordId));
    return {
      cipher,
      keyId: this.cipher.keyIdOf(cipher),
      digest: this.digest(this.currentKeyId, organizationId, number),
    };
  }

  open(recordId: string, cipher: string): string {
    return this.cipher.decryptText(cipher, context(recordId));
  }

  needsReencryption(cipher: string): boolean {
    return this.cipher.needsReencryption(cipher);
  }

  /** The digest of `number` under every key of the ring: what a stored row's digest may be. */
  candidateDigests(organizationId: string, number: string): string[] {
    return [...this.digestKeys.keys()].map((keyId) => this.digest(keyId, organizationId, number));
  }

  private digest(keyId: string, organizationId: string, number: string): string {
    const key = this.digestKeys.get(keyId);
    if (!key) throw new Error('Unknown field key id');
    return createHmac('sha256', key).update(`${organizationId}:${number}`).digest('base64url');
  }
}

function context(recordId: string): string {
  return `personal_numbers.number:${recordId}`;
}
