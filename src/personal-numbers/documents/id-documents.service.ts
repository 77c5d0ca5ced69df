import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { newId } from '@kanri/common/ids/new-id';
import type { Actor } from '@kanri/access/actor';
import { OrganizationLock } from '../../organizations/organization-lock.service';
import type { Caller } from '../caller';
import { HandlingLog } from '../handling-log.service';
import { PersonalNumberReach } from '../personal-number-reach';
import { PersonalNumbersService } from '../personal-numbers.service';
import { type DocumentMediaType, detectDocumentType, DOCUMENT_MEDIA_TYPES } from './document-content';
import { deleteDocuments } from './document-deletion';
import type { DocumentKind } from './document-kind';
import { DocumentVault } from './document-vault';
import { IdDocument } from './id-document.entity';
import { IdDocumentChunk } from './id-document-chunk.entity';

/** SPEC §15: up to 10 MB (10 MiB) per file. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
/** A record's documents at most: the 番号確認 and 身元確認 sides with room for a second ID and re-scans. */
export const MAX_DOCUMENTS_PER_RECORD = 10;

export interface IdDocumentView {
  id: string;
  recordId: string;
  kind: DocumentKind;
  contentType: DocumentMediaType;
  byteSize: number;
  uploadedBy: string | null;
  createdAt: string;
}

export interface OpenedDocument {
  document: IdDocumentView;
  bytes: Buffer;
}

/**
 * ID documents of individual-number records (SPEC §15; manual 証憑画像): stored sealed, listed without their bytes,
 * shown only to whoever may reveal the number (personal_numbers.read, not a system operator, within reach) with a
 * handling-log row per view, deleted with the record and by the purges (erasure/vault-deletion.ts).
 */
@Injectable()
export class IdDocumentsService {
  constructor(
    @InjectRepository(IdDocument) private readonly documents: Repository<IdDocument>,
    private readonly records: PersonalNumbersService,
    private readonly reach: PersonalNumberReach,
    private readonly vault: DocumentVault,
    private readonly tx: TransactionService,
    private readonly orgLock: OrganizationLock,
    private readonly log: HandlingLog,
    private readonly clock: Clock,
  ) {}

  /**
   * Checks the bytes (type by content, size), seals them outside the transaction, and stores document and chunks
   * with the handling-log row in one transaction under the organization lock, which also keeps the per-record cap
   * under concurrent uploads.
   */
  async upload(
    caller: Caller,
    recordId: string,
    kind: DocumentKind,
    file: Buffer | undefined,
  ): Promise<IdDocumentView> {
    const { actor } = caller;
    // Another organization's record, or one outside the caller's reach, is 404 before anything about the file.
    // The record is read again under the lock below: it may be deleted meanwhile, and sealing (megabytes of
    // encryption) must not run while the organization is locked, so the two reads are not one.
    await this.tx.run(async (em) =>
      this.records.findInReach(em, actor.orgId, await this.reach.groupIds(actor, em), recordId),
    );
    if (!file?.length) throw AppError.validation({ file: ['send the image in the multipart field "file"'] });
    if (file.length > MAX_DOCUMENT_BYTES) throw tooLarge();
    const contentType = detectDocumentType(file);
    if (!contentType) throw unsupportedType();
    const id = newId();
    const chunks = this.vault.seal(id, file);
    return this.tx.run(async (em) => {
      await this.orgLock.lock(em, actor.orgId);
      const reach = await this.reach.groupIds(actor, em);
      const { record, employee } = await this.records.findInReach(em, actor.orgId, reach, recordId);
      const count = await em.count(IdDocument, { where: { organizationId: actor.orgId, recordId } });
      if (count >= MAX_DOCUMENTS_PER_RECORD)
        throw new AppError(
          ErrorCode.DocumentLimitReached,
          HttpStatus.CONFLICT,
          `A record keeps at most ${MAX_DOCUMENTS_PER_RECORD} documents; delete one first`,
          { limit: MAX_DOCUMENTS_PER_RECORD },
        );
      const document: IdDocument = {
        id,
        organizationId: actor.orgId,
        recordId,
        kind,
        contentType,
        byteSize: file.length,
        chunkCount: chunks.length,
        uploadedBy: actor.userId,
        createdAt: this.clock.now(),
      };
      await em.insert(IdDocument, document);
      // One statement per chunk: each stays a few megabytes however large the image (max_allowed_packet).
      for (const chunk of chunks) await em.insert(IdDocumentChunk, chunk);
      await this.log.write(em, actor.orgId, caller, {
        action: 'document_upload',
        recordId,
        employeeCode: employee.employeeCode,
        relation: record.relation,
        recordCount: 1,
      });
      return toView(document);
    });
  }

  /** The record's documents, oldest first, without their bytes: any vault permission, within reach. */
  async list(actor: Actor, recordId: string): Promise<{ items: IdDocumentView[] }> {
    PersonalNumberReach.assertMayView(actor);
    const em = this.tx.dataSource.manager;
    await this.records.findInReach(em, actor.orgId, await this.reach.groupIds(actor), recordId);
    const rows = await this.documents.find({
      where: { organizationId: actor.orgId, recordId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return { items: rows.map(toView) };
  }

  /**
   * Opens one document. Like revealing the number: personal_numbers.read (the route), never a system operator,
   * within reach; the handling-log row (whose record) commits before the first byte is returned.
   */
  async open(caller: Caller, recordId: string, documentId: string): Promise<OpenedDocument> {
    const { actor } = caller;
    PersonalNumberReach.assertMayDisclose(actor);
    return this.tx.run(async (em) => {
      const reach = await this.reach.groupIds(actor, em);
      const { record, employee } = await this.records.findInReach(em, actor.orgId, reach, recordId);
      const document = await em.findOneBy(IdDocument, {
        id: documentId,
        organizationId: actor.orgId,
        recordId,
      });
      if (!document) throw AppError.notFound('Document');
      const chunks = await em.find(IdDocumentChunk, {
        where: { documentId },
        order: { chunkIndex: 'ASC' },
      });
      const bytes = this.vault.open(document.id, document.chunkCount, chunks);
      await this.log.write(em, actor.orgId, caller, {
        action: 'document_view',
        recordId,
        employeeCode: employee.employeeCode,
        relation: record.relation,
        recordCount: 1,
      });
      return { document: toView(document), bytes };
    });
  }

  async remove(caller: Caller, recordId: string, documentId: string): Promise<void> {
    const { actor } = caller;
    await this.tx.run(async (em) => {
      await this.orgLock.lock(em, actor.orgId);
      const reach = await this.reach.groupIds(actor, em);
      const { record, employee } = await this.records.findInReach(em, actor.orgId, reach, recordId);
      const found = await em.existsBy(IdDocument, { id: documentId, organizationId: actor.orgId, recordId });
      if (!found) throw AppError.notFound('Document');
      await deleteDocuments(em, actor.orgId, [documentId]);
      await this.log.write(em, actor.orgId, caller, {
        action: 'document_delete',
        recordId,
        employeeCode: employee.employeeCode,
        relation: record.relation,
        recordCount: 1,
      });
    });
  }
}

function toView(d: IdDocument): IdDocumentView {
  return {
    id: d.id,
    recordId: d.recordId,
    kind: d.kind,
    contentType: d.contentType,
    byteSize: d.byteSize,
    uploadedBy: d.uploadedBy,
    createdAt: d.createdAt.toISOString(),
  };
}

export function tooLarge(): AppError {
  return new AppError(
    ErrorCode.DocumentTooLarge,
    HttpStatus.PAYLOAD_TOO_LARGE,
    'The document is larger than 10 MB',
    {
      maxBytes: MAX_DOCUMENT_BYTES,
    },
  );
}

function unsupportedType(): AppError {
  return new AppError(
    ErrorCode.DocumentTypeUnsupported,
    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    'The document is not a JPEG, PNG or PDF file (its content was checked, not its name)',
    { accepted: [...DOCUMENT_MEDIA_TYPES] },
  );
}
