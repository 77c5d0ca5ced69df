import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One piece (at most 1 MiB before sealing) of an ID document, sealed with the field key on its own: AES-256-GCM,
 * `iv | tag | ciphertext` (FieldCipher.encryptBytes), associated data `personal_numbers.document:<documentId>:<index>`
 * so a chunk neither opens under another document nor in another place. Pieces keep every statement far below
 * MySQL's `max_allowed_packet` (16 MB by default on MariaDB; a 10 MB image in one INSERT is 20 MB of hex), and let
 * the key rotation rewrite a few megabytes per transaction.
 */
@Entity('personal_number_document_chunks')
@Index('ux_pn_document_chunks_position', ['documentId', 'chunkIndex'], { unique: true })
@Index('ix_pn_document_chunks_key', ['keyId', 'id'])
export class IdDocumentChunk {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'document_id', type: 'varchar', length: 36 })
  documentId!: string;

  @Column({ name: 'chunk_index', type: 'int' })
  chunkIndex!: number;

  /** The field key that sealed it; the rotation rewrites chunks under any other key. */
  @Column({ name: 'key_id', type: 'varchar', length: 16 })
  keyId!: string;

  @Column({ type: 'blob' })
  sealed!: Buffer;
}
