import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { Columns } from '@kanri/common/database/migration-columns';

/**
 * Self registration (SPEC §13): a registration waits here, with the password already hashed and only the SHA-256 of
 * its mailed token, until the link is used; then the account is created and the row marked used.
 */
export class SelfRegistrations1764000600000 implements MigrationInterface {
  name = 'SelfRegistrations1764000600000';

  async up(q: QueryRunner): Promise<void> {
    const c = new Columns(q);
    await q.createTable(
      new Table({
        name: 'self_registrations',
        columns: [
          c.id(),
          c.ref('organization_id'),
          c.string('login_id', 12, { caseSensitive: true }),
          c.string('family_name', 30),
          c.string('given_name', 30),
          c.string('family_name_kana', 30, { nullable: true }),
          c.string('given_name_kana', 30, { nullable: true }),
          c.string('email', 64),
          c.string('password_hash', 255),
          c.string('confirmation_hash', 255, { nullable: true }),
          c.string('token_hash', 64),
          c.string('ip', 45, { nullable: true }),
          c.datetime('expires_at'),
          c.datetime('used_at', true),
          c.ref('user_id', true),
          c.datetime('created_at'),
        ],
        indices: [
          new TableIndex({
            name: 'ux_self_registrations_token',
            columnNames: ['token_hash'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'ix_self_registrations_org',
            columnNames: ['organization_id', 'created_at'],
          }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('self_registrations');
  }
}
