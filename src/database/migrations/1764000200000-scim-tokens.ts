import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { Columns } from '@kanri/common/database/migration-columns';

/** SCIM 2.0 provisioning: the bearer tokens managers issue per organization (only their SHA-256 is stored). */
export class ScimTokens1764000200000 implements MigrationInterface {
  name = 'ScimTokens1764000200000';

  async up(q: QueryRunner): Promise<void> {
    const c = new Columns(q);
    await q.createTable(
      new Table({
        name: 'scim_tokens',
        columns: [
          c.id(),
          c.ref('organization_id'),
          c.string('client_name', 50),
          c.string('token_hash', 64, { caseSensitive: true }),
          c.ref('created_by', true),
          c.datetime('created_at'),
          c.datetime('last_used_at', true),
        ],
        indices: [
          new TableIndex({ name: 'ux_scim_tokens_hash', columnNames: ['token_hash'], isUnique: true }),
          new TableIndex({ name: 'ix_scim_tokens_org', columnNames: ['organization_id'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('scim_tokens');
  }
}
