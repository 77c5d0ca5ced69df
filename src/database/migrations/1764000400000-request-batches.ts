import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { Columns } from '@kanri/common/database/migration-columns';

/**
 * Batch requests (総合振込, 給与・賞与振込): a request with many payee lines, each priced on its own, and the Zengin
 * header fields of a batch made from a file so that it can be written back as the same file.
 */
export class RequestBatches1764000400000 implements MigrationInterface {
  name = 'RequestBatches1764000400000';

  async up(q: QueryRunner): Promise<void> {
    const c = new Columns(q);
    await q.createTable(
      new Table({
        name: 'approval_request_batches',
        columns: [
          { ...c.ref('request_id'), isPrimary: true },
          c.ref('organization_id'),
          c.string('zengin_kind', 2),
          c.int('line_count'),
          c.text('zengin_header', true),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'approval_request_lines',
        columns: [
          { ...c.ref('request_id'), isPrimary: true },
          { ...c.int('line_no'), isPrimary: true },
          c.ref('organization_id'),
          c.string('bank_code', 4),
          c.string('bank_name', 15),
          c.string('branch_code', 3),
          c.string('branch_name', 15),
          c.string('clearing_house_code', 4),
          c.string('account_type', 1),
          c.string('account_number', 7),
          c.string('payee_name', 30),
          c.bigint('amount'),
          c.string('new_code', 1),
          c.string('customer_code1', 10),
          c.string('customer_code2', 10),
          c.string('transfer_category', 1),
          c.string('identification', 1),
          c.string('transfer_pattern', 16),
          c.bigint('deducted_fee'),
          c.bigint('transfer_amount'),
          c.bigint('actual_fee'),
          c.bigint('fee_difference'),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('approval_request_lines');
    await q.dropTable('approval_request_batches');
  }
}
