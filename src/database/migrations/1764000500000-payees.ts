import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { Columns } from '@kanri/common/database/migration-columns';

/** The payee register (振込先管理 / 請求先管理, SPEC §14). */
export class Payees1764000500000 implements MigrationInterface {
  name = 'Payees1764000500000';

  async up(q: QueryRunner): Promise<void> {
    const c = new Columns(q);
    await q.createTable(
      new Table({
        name: 'payees',
        columns: [
          c.id(),
          c.ref('organization_id'),
          c.string('kind', 16),
          c.string('registration', 16),
          c.string('bank_code', 4),
          c.string('bank_name', 15, { nullable: true }),
          c.string('branch_code', 3),
          c.string('branch_name', 15, { nullable: true }),
          c.string('account_type', 16),
          c.string('account_number', 7),
          c.string('name_kana', 30),
          c.string('group_name', 40, { nullable: true }),
          c.ref('created_by'),
          c.datetime('created_at'),
          c.datetime('updated_at'),
        ],
        indices: [
          new TableIndex({
            name: 'ux_payees_account',
            columnNames: [
              'organization_id',
              'kind',
              'bank_code',
              'branch_code',
              'account_type',
              'account_number',
            ],
            isUnique: true,
          }),
          new TableIndex({ name: 'ix_payees_list', columnNames: ['organization_id', 'kind', 'name_kana'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('payees');
  }
}
