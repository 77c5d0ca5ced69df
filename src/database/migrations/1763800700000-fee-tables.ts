import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { Columns } from '@kanri/common/database/migration-columns';

/**
 * Fee tables (SPEC §6): versions of the standard table (基準手数料) kept by the operator, and versions of each
 * organization's three tables (先方負担手数料[振込振替]/[総合振込], 当方負担手数料[総合振込]). Rows are small (a few
 * bands per pattern) and always read whole, so each version keeps them as one JSON text.
 */
export class FeeTables1763800700000 implements MigrationInterface {
  name = 'FeeTables1763800700000';

  async up(q: QueryRunner): Promise<void> {
    const c = new Columns(q);
    await q.createTable(
      new Table({
        name: 'standard_fee_versions',
        columns: [
          c.id(),
          c.int('revision'),
          c.date('effective_from', false),
          c.text('rows', false),
          c.ref('created_by', true),
          c.datetime('created_at'),
          c.datetime('activated_at', true),
        ],
        indices: [
          new TableIndex({
            name: 'ux_standard_fee_versions_revision',
            columnNames: ['revision'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'ix_standard_fee_versions_effective',
            columnNames: ['effective_from', 'revision'],
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'organization_fee_tables',
        columns: [
          c.id(),
          c.ref('organization_id'),
          c.string('kind', 32),
          c.int('revision'),
          c.date('effective_from', false),
          c.bool('use_standard', true),
          c.string('method', 16, { nullable: true }),
          c.bigint('minimum_payment_amount', { nullable: true }),
          c.text('rows', true),
          c.ref('created_by', true),
          c.datetime('created_at'),
        ],
        indices: [
          new TableIndex({
            name: 'ux_organization_fee_tables_revision',
            columnNames: ['organization_id', 'kind', 'revision'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'ix_organization_fee_tables_effective',
            columnNames: ['organization_id', 'kind', 'effective_from'],
          }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('organization_fee_tables');
    await q.dropTable('standard_fee_versions');
  }
}
