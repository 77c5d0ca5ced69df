import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { rotateFieldKey } from '@kanri/security/field-key-rotation';
import { AuditRecorder } from '../../audit/audit-recorder.service';
import { DocumentVault } from '../documents/document-vault';
import { IdDocumentChunk } from '../documents/id-document-chunk.entity';

type PendingChunk = Pick<IdDocumentChunk, 'id' | 'documentId' | 'chunkIndex' | 'keyId'>;

/** Chunks per transaction: up to 4 MiB of image in memory and in one transaction, whatever RESEAL_CHUNK says. */
const CHUNKS_PER_TRANSACTION = 4;

/**
 * Key rotation for ID-document images (SPEC §15 "rotated like the numbers"): every chunk sealed under a key other
 * than the current one is opened and sealed again, a few chunks per transaction (their ids and positions stay, so
 * a document is readable throughout). Compare-and-set on the old key id: a chunk deleted meanwhile is skipped.
 * A chunk no key of the ring opens is counted as unreadable and left (the run goes on: the other images still move).
 */
@Injectable()
export class DocumentKeyRotation {
  private readonly logger = new Logger('PersonalNumbers');

  constructor(
    @InjectRepository(IdDocumentChunk) private readonly chunks: Repository<IdDocumentChunk>,
    private readonly vault: DocumentVault,
    private readonly tx: TransactionService,
    private readonly audit: AuditRecorder,
  ) {}

  /** Chunks sealed under a key other than the current one. */
  pendingCount(): Promise<number> {
    return this.pending().getCount();
  }

  reencryptAll(): Promise<number> {
    return rotateFieldKey<PendingChunk>(
      {
        name: 'personal-number-document-key-rotation',
        screen: 'マイナンバー暗号鍵更新',
        what: 'ID-document chunks',
        sealedWith: this.vault.currentKeyId,
        pendingCount: () => this.pendingCount(),
        pendingAfter: (after, limit) =>
          this.pending()
            .andWhere('c.id > :after', { after })
            .select(['c.id', 'c.documentId', 'c.chunkIndex', 'c.keyId'])
            .orderBy('c.id', 'ASC')
            .limit(Math.min(limit, CHUNKS_PER_TRANSACTION))
            .getMany(),
        reseal: (rows) => this.reseal(rows),
      },
      this.audit,
      this.logger,
    );
  }

  private pending() {
    return this.chunks
      .createQueryBuilder('c')
      .where('c.key_id <> :current', { current: this.vault.currentKeyId });
  }

  private reseal(rows: PendingChunk[]): Promise<{ done: number; unreadable: number }> {
    return this.tx.run(async (em) => {
      let done = 0;
      let unreadable = 0;
      for (const row of rows) {
        const stored = await em.findOne(IdDocumentChunk, { where: { id: row.id, keyId: row.keyId } });
        if (!stored) continue;
        let bytes: Buffer;
        try {
          bytes = this.vault.openChunk(stored);
        } catch {
          unreadable += 1;
          continue;
        }
        const next = this.vault.sealChunk(stored.documentId, stored.chunkIndex, bytes, stored.id);
        const result = await em
          .createQueryBuilder()
          .update(IdDocumentChunk)
          .set({ keyId: next.keyId, sealed: next.sealed })
          .where('id = :id AND key_id = :old', { id: stored.id, old: stored.keyId })
          .execute();
        done += result.affected ?? 0;
      }
      return { done, unreadable };
    });
  }
}
