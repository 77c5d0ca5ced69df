import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { Columns } from '@kanri/common/database/migration-columns';

/**
 * The individual-number vault (SPEC §8): employees (社員), their own and their family members' records (社員・家族)
 * with the number sealed (ciphertext, key id, keyed digest — never the number), and the handling log (取扱記録) of
 * reveals, exports, imports and deletions. src/personal-numbers/README.md explains the columns.
 */
export class PersonalNumbers1763800500000 implements MigrationInterface {
  name = 'PersonalNumbers1763800500000';

  async up(q: QueryRunner): Promise<void> {
    const c = new Columns(q);
    await q.createTable(
      new Table({
        name: 'personal_number_employees',
        columns: [
          c.id(),
          c.ref('organization_id'),
          c.string('employee_code', 32, { caseSensitive: true }),
          c.ref('group_id', true),
          c.date('retired_on'),
          c.datetime('created_at'),
          c.datetime('updated_at'),
        ],
        indices: [
          new TableIndex({
            name: 'ux_pn_employees_org_code',
            columnNames: ['organization_id', 'employee_code'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'ix_pn_employees_org_retired',
            columnNames: ['organization_id', 'retired_on'],
          }),
          new TableIndex({
            name: 'ix_pn_employees_org_group',
            columnNames: ['organization_id', 'group_id', 'employee_code'],
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'personal_number_records',
        columns: [
          c.id(),
          c.ref('organization_id'),
          c.ref('employee_id'),
          c.string('relation', 8),
          // self or spouse, else null: one of each per employee (unique with employee_id; NULLs never collide).
          c.string('single_relation', 8, { nullable: true }),
          c.string('family_name', 30),
          c.string('given_name', 30),
          c.string('state', 16),
          c.string('number_cipher', 255, { nullable: true, caseSensitive: true }),
          c.string('number_key_id', 16, { nullable: true, caseSensitive: true }),
          c.string('number_digest', 64, { nullable: true, caseSensitive: true }),
          // The digest again for `self` rows only: one person is one employee (unique per organization).
          c.string('self_digest', 64, { nullable: true, caseSensitive: true }),
          c.ref('created_by', true),
          c.ref('updated_by', true),
          c.datetime('created_at'),
          c.datetime('updated_at'),
        ],
        indices: [
          new TableIndex({
            name: 'ix_pn_records_org_employee',
            columnNames: ['organization_id', 'employee_id'],
          }),
          new TableIndex({
            name: 'ux_pn_records_employee_single',
            columnNames: ['employee_id', 'single_relation'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'ux_pn_records_employee_digest',
            columnNames: ['employee_id', 'number_digest'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'ux_pn_records_org_self_digest',
            columnNames: ['organization_id', 'self_digest'],
            isUnique: true,
          }),
          new TableIndex({ name: 'ix_pn_records_key', columnNames: ['number_key_id', 'id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'personal_number_handling_log',
        columns: [
          c.id(),
          c.ref('organization_id'),
          c.string('action', 24),
          c.ref('record_id', true),
          c.string('employee_code', 32, { nullable: true, caseSensitive: true }),
          c.string('relation', 8, { nullable: true }),
          c.int('record_count', { default: 0 }),
          c.ref('operator_user_id', true),
          c.string('operator_login_id', 64, { nullable: true }),
          c.string('request_id', 64, { nullable: true }),
          c.datetime('occurred_at'),
        ],
        indices: [
          new TableIndex({
            name: 'ix_pn_handling_log_org_time',
            columnNames: ['organization_id', 'occurred_at', 'id'],
          }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'personal_number_handling_log',
      'personal_number_records',
      'personal_number_employees',
    ])
      await q.dropTable(table);
  }
}
