import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';
import type { DocumentMediaType } from './document-content';
import type { DocumentKind } from './document-kind';

/**
 * An ID document (証憑画像: 番号確認書類 or 身元確認書類) of one individual-number record. This row holds what lists
 * show; the bytes are in `personal_number_document_chunks`, sealed. No file name is kept: scans are named after
 * the person or their number often enough that a name in clear would undo the sealing.
 */
@Entity('personal_number_documents')
@Index('ix_pn_documents_org_record', ['organizationId', 'recordId', 'createdAt'])
export class IdDocument {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'organization_id', type: 'varchar', length: 36 })
  organizationId!: string;

  @Column({ name: 'record_id', type: 'varchar', length: 36 })
  recordId!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: DocumentKind;

  /** Detected from the bytes (document-content.ts), never taken from the client. */
  @Column({ name: 'content_type', type: 'varchar', length: 32 })
  contentType!: DocumentMediaType;

  /** The image's size before sealing. */
  @Column({ name: 'byte_size', type: 'int' })
  byteSize!: number;

  /** How many chunks hold it: a missing chunk is noticed, not served as a shorter file. */
  @Column({ name: 'chunk_count', type: 'int' })
  chunkCount!: number;

  @Column({ name: 'uploaded_by', type: 'varchar', length: 36, nullable: true })
  uploadedBy!: string | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;
}
