import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { FieldCipher } from '@kanri/security/field-cipher';
import { rotateFieldKey } from '@kanri/security/field-key-rotation';
import { AuditRecorder } from '../../audit/audit-recorder.service';
import { caPrivateKeyContext } from './ca-private-key';
import { CertificateAuthority } from './certificate-authority.entity';

/**
 * Key rotation for the CA private keys (SPEC §7 "keys encrypted at rest with the field key", §8 "keys can rotate"),
 * the vault's pattern applied to certificate_authorities: after FIELD_ENCRYPTION_KEY gains a new first key, rewrites
 * each private key sealed under another key, one transaction per chunk (the table holds the root and the issuing CA,
 * so one chunk in practice). Idempotent and resumable; the compare-and-set on the old ciphertext leaves a row that
 * changed meanwhile alone. The CA keys already loaded in memory (CaService) are the same keys: nothing reloads.
 * Once `pendingCount()` is 0 the old field key is no longer needed to start the CA.
 */
@Injectable()
export class CaKeyRotation {
  private readonly logger = new Logger('CertificateAuthority');

  constructor(
    @InjectRepository(CertificateAuthority) private readonly authorities: Repository<CertificateAuthority>,
    private readonly cipher: FieldCipher,
    private readonly tx: TransactionService,
    private readonly audit: AuditRecorder,
  ) {}

  /** CAs whose private key is sealed under a key other than the current one. */
  pendingCount(): Promise<number> {
    return this.pending().getCount();
  }

  /**
   * Re-encrypts everything pending; audited as the system (screen 認証局秘密鍵暗号鍵更新) when there is work. Returns
   * the number of CA rows rewritten. A key that no key of the ring opens is logged and left as it is.
   */
  reencryptAll(): Promise<number> {
    return rotateFieldKey<Pick<CertificateAuthority, 'id' | 'privateKey'>>(
      {
        name: 'ca-private-key-rotation',
        screen: '認証局秘密鍵暗号鍵更新',
        what: 'CA private keys',
        sealedWith: this.cipher.currentKeyId,
        pendingCount: () => this.pendingCount(),
        pendingAfter: (after, limit) =>
          this.pending()
            .andWhere('ca.id > :after', { after })
            .select(['ca.id', 'ca.privateKey'])
            .orderBy('ca.id', 'ASC')
            .limit(limit)
            .getMany(),
        reseal: (rows) => this.reencrypt(rows),
      },
      this.audit,
      this.logger,
    );
  }

  private pending() {
    const prefix = this.cipher.currentPrefix;
    return this.authorities
      .createQueryBuilder('ca')
      .where('SUBSTR(ca.private_key, 1, :length) <> :prefix', { prefix, length: prefix.length });
  }

  private reencrypt(
    rows: Pick<CertificateAuthority, 'id' | 'privateKey'>[],
  ): Promise<{ done: number; unreadable: number }> {
    return this.tx.run(async (em) => {
      let done = 0;
      let unreadable = 0;
      for (const row of rows) {
        if (!this.cipher.needsReencryption(row.privateKey)) continue;
        let pkcs8: Buffer;
        try {
          pkcs8 = this.cipher.decrypt(row.privateKey, caPrivateKeyContext(row.id));
        } catch {
          unreadable += 1;
          continue;
        }
        const result = await em
          .createQueryBuilder()
          .update(CertificateAuthority)
          .set({ privateKey: this.cipher.encrypt(pkcs8, caPrivateKeyContext(row.id)) })
          .where('id = :id AND private_key = :old', { id: row.id, old: row.privateKey })
          .execute();
        done += result.affected ?? 0;
      }
      return { done, unreadable };
    });
  }
}
