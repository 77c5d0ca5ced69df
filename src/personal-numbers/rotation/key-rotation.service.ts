import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { rotateFieldKey } from '@kanri/security/field-key-rotation';
import { AuditRecorder } from '../../audit/audit-recorder.service';
import { NumberVault } from '../number-vault';
import { PersonalNumberRecord } from '../personal-number-record.entity';
import { DocumentKeyRotation } from './document-key-rotation';

type Sealed = Pick<PersonalNumberRecord, 'id' | 'organizationId' | 'relation' | 'numberCipher'>;

/**
 * Key rotation for individual numbers: after FIELD_ENCRYPTION_KEY gains a new first key (`new:…,old:…`), rewrites
 * every number sealed under another key — ciphertext and digests — in chunks of 200 rows, one transaction per chunk.
 * Idempotent and resumable: each chunk re-reads rows still under an old key, and a row changed meanwhile by a user
 * (who sealed it under the new key anyway) is skipped by the compare-and-set on its old ciphertext. Once
 * `pendingCount()` is 0 the old key is no longer needed for these rows — nor for the records' ID documents, which
 * the same run re-seals afterwards (document-key-rotation.ts) and which the count includes.
 */
@Injectable()
export class KeyRotationService {
  private readonly logger = new Logger('PersonalNumbers');

  constructor(
    @InjectRepository(PersonalNumberRecord) private readonly records: Repository<PersonalNumberRecord>,
    private readonly vault: NumberVault,
    private readonly tx: TransactionService,
    private readonly audit: AuditRecorder,
    private readonly documents: DocumentKeyRotation,
  ) {}

  /** Numbers and ID-document chunks sealed under a key other than the current one. */
  async pendingCount(): Promise<number> {
    return (await this.pending().getCount()) + (await this.documents.pendingCount());
  }

  /**
   * Re-encrypts everything pending, numbers then ID documents (each run audited as the system, screen
   * マイナンバー暗号鍵更新, when it has work); answers the numbers and chunks rewritten.
   */
  async reencryptAll(): Promise<number> {
    return (await this.reencryptNumbers()) + (await this.documents.reencryptAll());
  }

  private reencryptNumbers(): Promise<number> {
    return rotateFieldKey<Sealed>(
      {
        name: 'personal-number-key-rotation',
        screen: 'マイナンバー暗号鍵更新',
        what: 'individual numbers',
        sealedWith: this.vault.currentKeyId,
        pendingCount: () => this.pending().getCount(),
        pendingAfter: (after, limit) =>
          this.pending()
            .andWhere('r.id > :after', { after })
            .select(['r.id', 'r.organizationId', 'r.relation', 'r.numberCipher'])
            .orderBy('r.id', 'ASC')
            .limit(limit)
            .getMany(),
        // A number no key opens stops the run (NumberVault.open throws): individual numbers are not left behind.
        reseal: async (rows) => ({ done: await this.reencrypt(rows), unreadable: 0 }),
      },
      this.audit,
      this.logger,
    );
  }

  private pending() {
    return this.records
      .createQueryBuilder('r')
      .where('r.number_key_id IS NOT NULL AND r.number_key_id <> :current', {
        current: this.vault.currentKeyId,
      });
  }

  private reencrypt(rows: Sealed[]): Promise<number> {
    return this.tx.run(async (em) => {
      let changed = 0;
      for (const row of rows) {
        const sealed = this.vault.seal(
          row.organizationId,
          row.id,
          this.vault.open(row.id, row.numberCipher!),
        );
        const result = await em
          .createQueryBuilder()
          .update(PersonalNumberRecord)
          .set({
            numberCipher: sealed.cipher,
            numberKeyId: sealed.keyId,
            numberDigest: sealed.digest,
            selfDigest: row.relation === 'self' ? sealed.digest : null,
          })
          .where('id = :id AND number_cipher = :old', { id: row.id, old: row.numberCipher })
          .execute();
        changed += result.affected ?? 0;
      }
      return changed;
    });
  }
}
