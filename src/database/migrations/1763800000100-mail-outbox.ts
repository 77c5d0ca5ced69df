import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { Columns } from '@kanri/common/database/migration-columns';

/** The mail outbox (SPEC §3.7). */
export class MailOutbox1763800000100 implements MigrationInterface {
  name = 'MailOutbox1763800000100';

  async up(q: QueryRunner): Promise<void> {
    const c = new Columns(q);
    await q.createTable(
      new Table({
        name: 'mail_outbox',
        columns: [
          c.id(),
          c.string('recipient', 254),
          c.string('subject', 255),
          c.text('body', false),
          c.datetime('created_at'),
        ],
        indices: [new TableIndex({ name: 'ix_mail_outbox_to', columnNames: ['recipient', 'created_at'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('mail_outbox');
  }
}
