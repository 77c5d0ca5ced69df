import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { Columns } from '@kanri/common/database/migration-columns';

/**
 * ID documents of individual-number records (SPEC §15, 証憑画像: 番号確認書類・身元確認書類): what lists show, and the
 * image in sealed chunks of at most 1 MiB (binary, never base64 text), each with its key id for the rotation.
 */
export class IdDocuments1764000800000 implements MigrationInterface {
  name = 'IdDocuments1764000800000';

  async up(q: QueryRunner): Promise<void> {
    const c = new Columns(q);
    const mysql = ['mysql', 'mariadb'].includes(q.connection.options.type);
    await q.createTable(
      new Table({
        name: 'personal_number_documents',
        columns: [
          c.id(),
          c.ref('organization_id'),
          c.ref('record_id'),
          c.string('kind', 32),
          c.string('content_type', 32),
          c.int('byte_size'),
          c.int('chunk_count'),
          c.ref('uploaded_by', true),
          c.datetime('created_at'),
        ],
        indices: [
          new TableIndex({
            name: 'ix_pn_documents_org_record',
            columnNames: ['organization_id', 'record_id', 'created_at'],
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'personal_number_document_chunks',
        columns: [
          c.id(),
          c.ref('document_id'),
          c.int('chunk_index'),
          c.string('key_id', 16, { caseSensitive: true }),
          // MEDIUMBLOB holds up to 16 MiB; BLOB's 64 KiB would not hold a chunk.
          { name: 'sealed', type: mysql ? 'mediumblob' : 'blob', isNullable: false },
        ],
        indices: [
          new TableIndex({
            name: 'ux_pn_document_chunks_position',
            columnNames: ['document_id', 'chunk_index'],
            isUnique: true,
          }),
          new TableIndex({ name: 'ix_pn_document_chunks_key', columnNames: ['key_id', 'id'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('personal_number_document_chunks');
    await q.dropTable('personal_number_documents');
  }
}
