import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { Columns } from '@kanri/common/database/migration-columns';

/**
 * Passkeys (WebAuthn, SPEC §17): the users' credentials, the server-side challenges each ceremony answers (single
 * use, with an expiry), and the short-lived step-up tokens a passkey assertion earns for one confirm operation.
 */
export class Passkeys1764000300000 implements MigrationInterface {
  name = 'Passkeys1764000300000';

  async up(q: QueryRunner): Promise<void> {
    const c = new Columns(q);
    await q.createTable(
      new Table({
        name: 'passkeys',
        columns: [
          c.id(),
          c.ref('user_id'),
          c.string('credential_id', 512, { caseSensitive: true }),
          c.text('public_key', false),
          c.bigint('sign_count', { default: 0 }),
          c.string('transports', 255, { nullable: true }),
          c.string('name', 64),
          c.bool('backed_up'),
          c.datetime('created_at'),
          c.datetime('last_used_at', true),
        ],
        indices: [
          new TableIndex({ name: 'ux_passkeys_credential', columnNames: ['credential_id'], isUnique: true }),
          new TableIndex({ name: 'ix_passkeys_user', columnNames: ['user_id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'webauthn_challenges',
        columns: [
          c.id(),
          c.string('challenge', 128, { caseSensitive: true }),
          c.string('purpose', 16),
          c.ref('user_id', true),
          c.ref('session_id', true),
          c.datetime('expires_at'),
          c.datetime('used_at', true),
          c.datetime('created_at'),
        ],
        indices: [
          new TableIndex({
            name: 'ux_webauthn_challenges_challenge',
            columnNames: ['challenge'],
            isUnique: true,
          }),
          new TableIndex({ name: 'ix_webauthn_challenges_expiry', columnNames: ['expires_at'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'passkey_step_ups',
        columns: [
          c.id(),
          c.ref('user_id'),
          c.ref('session_id'),
          c.string('token_hash', 64),
          c.datetime('expires_at'),
          c.datetime('used_at', true),
          c.datetime('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'ux_passkey_step_ups_hash', columnNames: ['token_hash'], isUnique: true }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('passkey_step_ups');
    await q.dropTable('webauthn_challenges');
    await q.dropTable('passkeys');
  }
}
