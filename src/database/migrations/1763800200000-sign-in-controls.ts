import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { Columns } from '@kanri/common/database/migration-columns';

/**
 * Sign-in controls (SPEC §3.2–§3.5): when the last failed attempt was counted (so a counter left at the threshold
 * by a crashed request can be told from attempts still in flight), the one-time-password state per user, single-use
 * tokens for password reset and IP change, and the per-user request limits of those two flows.
 */
export class SignInControls1763800200000 implements MigrationInterface {
  name = 'SignInControls1763800200000';

  async up(q: QueryRunner): Promise<void> {
    const c = new Columns(q);
    await q.addColumn('users', c.column(c.datetime('failed_login_at', true)));
    await q.createTable(
      new Table({
        name: 'user_otp',
        columns: [
          c.id(),
          c.ref('user_id'),
          c.string('totp_secret', 255, { nullable: true }),
          c.string('totp_pending_secret', 255, { nullable: true }),
          c.int('totp_last_step', { nullable: true }),
          c.int('failed_attempts', { default: 0 }),
          c.datetime('suspended_at', true),
          c.ref('challenge_id', true),
          c.string('challenge_method', 8, { nullable: true }),
          c.string('code_hash', 64, { nullable: true }),
          c.datetime('challenge_expires_at', true),
          c.int('resend_count', { default: 0 }),
          c.datetime('created_at'),
          c.datetime('updated_at'),
        ],
        indices: [new TableIndex({ name: 'ux_user_otp_user', columnNames: ['user_id'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'auth_tokens',
        columns: [
          c.id(),
          c.ref('user_id'),
          c.string('purpose', 16),
          c.string('token_hash', 64),
          c.string('ip', 45, { nullable: true }),
          c.datetime('expires_at'),
          c.datetime('used_at', true),
          c.datetime('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'ux_auth_tokens_hash', columnNames: ['token_hash'], isUnique: true }),
          new TableIndex({ name: 'ix_auth_tokens_user', columnNames: ['user_id', 'purpose'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'auth_request_limits',
        columns: [
          c.id(),
          c.ref('user_id'),
          c.string('kind', 16),
          c.datetime('window_started_at'),
          c.int('request_count', { default: 0 }),
          c.datetime('locked_at', true),
        ],
        indices: [
          new TableIndex({
            name: 'ux_auth_request_limits',
            columnNames: ['user_id', 'kind'],
            isUnique: true,
          }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('auth_request_limits');
    await q.dropTable('auth_tokens');
    await q.dropTable('user_otp');
    await q.dropColumn('users', 'failed_login_at');
  }
}
