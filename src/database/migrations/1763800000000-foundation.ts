import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { Columns } from '@kanri/common/database/migration-columns';

/** Users, organizations, permission grants, sessions, login history and job leases (SPEC §2–§4, §10). */
export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  async up(q: QueryRunner): Promise<void> {
    const c = new Columns(q);
    await q.createTable(
      new Table({
        name: 'organizations',
        columns: [
          c.id(),
          c.string('code', 16),
          c.string('name', 100),
          c.string('name_kana', 100, { nullable: true }),
          c.string('status', 16, { default: 'active' }),
          c.int('plan_user_limit', { nullable: true }),
          c.bool('manager_required'),
          c.text('settings', false),
          c.datetime('created_at'),
          c.datetime('updated_at'),
        ],
        indices: [new TableIndex({ name: 'ux_organizations_code', columnNames: ['code'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'users',
        columns: [
          c.id(),
          c.string('login_id', 12, { caseSensitive: true }),
          c.string('password_hash', 255),
          c.string('confirmation_hash', 255, { nullable: true }),
          c.string('family_name', 30),
          c.string('given_name', 30),
          c.string('family_name_kana', 30, { nullable: true }),
          c.string('given_name_kana', 30, { nullable: true }),
          c.string('email', 64, { nullable: true }),
          c.string('sub_email', 64, { nullable: true }),
          c.string('department', 100, { nullable: true }),
          c.string('phone_external', 32, { nullable: true }),
          c.string('phone_extension', 32, { nullable: true }),
          c.text('allowed_ips', false),
          c.ref('organization_id', true),
          c.ref('group_id', true),
          c.text('attributes', false),
          c.bool('is_manager'),
          c.bool('is_system_operator'),
          c.bool('is_provisional'),
          c.bool('is_disabled'),
          c.bool('must_change_password'),
          c.int('failed_login_count', { default: 0 }),
          c.datetime('locked_at', true),
          c.datetime('locked_until', true),
          c.bool('two_factor_enabled'),
          c.date('valid_from'),
          c.date('valid_to'),
          c.date('usage_stop_date'),
          c.string('language', 8, { nullable: true }),
          c.string('note', 1000, { nullable: true }),
          c.datetime('last_login_at', true),
          c.datetime('password_changed_at', true),
          c.datetime('created_at'),
          c.datetime('updated_at'),
        ],
        indices: [
          new TableIndex({ name: 'ux_users_login_id', columnNames: ['login_id'], isUnique: true }),
          new TableIndex({ name: 'ix_users_org_login', columnNames: ['organization_id', 'login_id'] }),
          new TableIndex({ name: 'ix_users_org_manager', columnNames: ['organization_id', 'is_manager'] }),
          new TableIndex({ name: 'ix_users_usage_stop', columnNames: ['usage_stop_date'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'user_permissions',
        columns: [
          c.id(),
          c.ref('organization_id'),
          c.ref('user_id'),
          c.string('permission', 64),
          c.string('scope', 16, { nullable: true }),
        ],
        indices: [
          new TableIndex({
            name: 'ux_user_permissions',
            columnNames: ['user_id', 'organization_id', 'permission'],
            isUnique: true,
          }),
          new TableIndex({ name: 'ix_user_permissions_org', columnNames: ['organization_id', 'permission'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'sessions',
        columns: [
          c.id(),
          c.ref('user_id'),
          c.datetime('created_at'),
          c.datetime('last_seen_at'),
          c.datetime('expires_at'),
          c.datetime('ended_at', true),
          c.string('end_reason', 32, { nullable: true }),
          c.string('ip', 45, { nullable: true }),
          c.string('user_agent', 255, { nullable: true }),
        ],
        indices: [new TableIndex({ name: 'ix_sessions_user', columnNames: ['user_id', 'ended_at'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'login_history',
        columns: [
          c.id(),
          c.ref('organization_id', true),
          c.string('login_id_typed', 64),
          c.ref('user_id', true),
          c.string('action', 48),
          c.string('screen', 64, { nullable: true }),
          c.datetime('occurred_at'),
          c.string('ip', 45, { nullable: true }),
          c.string('user_agent', 255, { nullable: true }),
          c.int('session_seconds', { nullable: true }),
        ],
        indices: [
          new TableIndex({
            name: 'ix_login_history_org_time',
            columnNames: ['organization_id', 'occurred_at'],
          }),
          new TableIndex({ name: 'ix_login_history_user_time', columnNames: ['user_id', 'occurred_at'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'job_runs',
        columns: [
          { ...c.string('name', 64), isPrimary: true },
          { ...c.string('slot', 32), isPrimary: true },
          c.string('holder', 64),
          c.string('state', 16),
          c.datetime('lease_until'),
          c.datetime('started_at'),
          c.datetime('finished_at', true),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'job_runs',
      'login_history',
      'sessions',
      'user_permissions',
      'users',
      'organizations',
    ]) {
      await q.dropTable(table);
    }
  }
}
