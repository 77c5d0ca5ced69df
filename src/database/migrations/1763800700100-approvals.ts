import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { Columns } from '@kanri/common/database/migration-columns';

/**
 * Approvals and limits (SPEC §5): company accounts with their daily limits, each user's per-transaction limits and
 * usable accounts, requests with their named approvers, and the daily usage rows that the limit checks lock.
 */
export class Approvals1763800700100 implements MigrationInterface {
  name = 'Approvals1763800700100';

  async up(q: QueryRunner): Promise<void> {
    const c = new Columns(q);
    await q.createTable(
      new Table({
        name: 'company_accounts',
        columns: [
          c.id(),
          c.ref('organization_id'),
          c.string('branch_code', 3),
          c.string('branch_name', 30, { nullable: true }),
          c.string('account_type', 16),
          c.string('account_number', 7),
          c.string('account_name', 48),
          c.bigint('transfer_total_limit', { nullable: true }),
          c.bigint('ad_hoc_limit', { nullable: true }),
          c.bigint('registered_limit', { nullable: true }),
          c.datetime('created_at'),
          c.datetime('updated_at'),
        ],
        indices: [
          new TableIndex({
            name: 'ux_company_accounts_number',
            columnNames: ['organization_id', 'branch_code', 'account_type', 'account_number'],
            isUnique: true,
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'user_transaction_limits',
        columns: [
          { ...c.ref('organization_id'), isPrimary: true },
          { ...c.ref('user_id'), isPrimary: true },
          { ...c.string('business_type', 16), isPrimary: true },
          c.bigint('limit_amount'),
          c.datetime('updated_at'),
        ],
        indices: [new TableIndex({ name: 'ix_user_transaction_limits_user', columnNames: ['user_id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'user_usable_accounts',
        columns: [
          { ...c.ref('organization_id'), isPrimary: true },
          { ...c.ref('user_id'), isPrimary: true },
          { ...c.ref('account_id'), isPrimary: true },
          c.datetime('created_at'),
        ],
        indices: [
          new TableIndex({
            name: 'ix_user_usable_accounts_account',
            columnNames: ['organization_id', 'account_id'],
          }),
          new TableIndex({ name: 'ix_user_usable_accounts_user', columnNames: ['user_id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'approval_requests',
        columns: [
          c.id(),
          c.ref('organization_id'),
          c.string('business_type', 16),
          c.string('payroll_kind', 8, { nullable: true }),
          c.ref('requester_id'),
          c.ref('account_id'),
          c.bigint('amount'),
          c.text('payee', false),
          c.string('payee_kind', 16),
          c.string('transfer_pattern', 16),
          c.date('execution_date', false),
          c.string('approval_mode', 20),
          c.string('status', 16),
          c.string('fee_bearer', 8, { nullable: true }),
          c.bigint('deducted_fee', { nullable: true }),
          c.bigint('transfer_amount', { nullable: true }),
          c.bigint('actual_fee', { nullable: true }),
          c.bigint('fee_difference', { nullable: true }),
          c.string('reject_reason', 200, { nullable: true }),
          c.ref('decided_by', true),
          c.datetime('decided_at', true),
          c.datetime('created_at'),
          c.datetime('updated_at'),
        ],
        indices: [
          new TableIndex({
            name: 'ix_approval_requests_requester',
            columnNames: ['organization_id', 'requester_id', 'created_at'],
          }),
          new TableIndex({
            name: 'ix_approval_requests_org',
            columnNames: ['organization_id', 'created_at'],
          }),
          new TableIndex({ name: 'ix_approval_requests_stale', columnNames: ['status', 'execution_date'] }),
          new TableIndex({
            name: 'ix_approval_requests_account',
            columnNames: ['organization_id', 'account_id', 'status'],
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'approval_request_approvers',
        columns: [
          { ...c.ref('request_id'), isPrimary: true },
          { ...c.int('position'), isPrimary: true },
          c.ref('organization_id'),
          c.ref('approver_id'),
          c.datetime('approved_at', true),
        ],
        indices: [
          new TableIndex({
            name: 'ux_approval_request_approvers_user',
            columnNames: ['request_id', 'approver_id'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'ix_approval_request_approvers_awaiting',
            columnNames: ['organization_id', 'approver_id', 'approved_at'],
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'approval_daily_usage',
        columns: [
          { ...c.ref('organization_id'), isPrimary: true },
          { ...c.string('scope_key', 80), isPrimary: true },
          { ...c.date('business_date', false), isPrimary: true },
          c.bigint('reserved_amount', { default: 0 }),
          c.bigint('approved_amount', { default: 0 }),
          c.datetime('updated_at'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('approval_daily_usage');
    await q.dropTable('approval_request_approvers');
    await q.dropTable('approval_requests');
    await q.dropTable('user_usable_accounts');
    await q.dropTable('user_transaction_limits');
    await q.dropTable('company_accounts');
  }
}
