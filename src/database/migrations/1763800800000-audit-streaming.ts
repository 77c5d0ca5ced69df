import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { Columns } from '@kanri/common/database/migration-columns';

/**
 * Audit streaming: destinations (webhook or syslog) per organization or for the system, each with its delivery cursor
 * per hash chain. No outbox table: the chains are the outbox.
 */
export class AuditStreaming1763800800000 implements MigrationInterface {
  name = 'AuditStreaming1763800800000';

  async up(q: QueryRunner): Promise<void> {
    const c = new Columns(q);
    await q.createTable(
      new Table({
        name: 'audit_stream_destinations',
        columns: [
          c.id(),
          c.ref('organization_id', true),
          c.string('chain', 36),
          c.string('name', 100),
          c.string('kind', 8),
          c.string('url', 2048, { nullable: true, caseSensitive: true }),
          c.string('host', 255, { nullable: true }),
          c.int('port', { nullable: true }),
          c.bool('tls', true),
          c.text('ca_certificate'),
          c.string('secret_sealed', 512, { nullable: true, caseSensitive: true }),
          c.bool('enabled', true),
          c.bigint('operations_cursor', { default: 0 }),
          c.bigint('login_cursor', { default: 0 }),
          c.int('epoch', { default: 0 }),
          c.int('consecutive_failures', { default: 0 }),
          c.datetime('next_attempt_at', true),
          c.datetime('failing_since', true),
          c.string('last_error', 255, { nullable: true }),
          c.datetime('last_delivered_at', true),
          c.datetime('created_at'),
          c.datetime('updated_at'),
        ],
        indices: [new TableIndex({ name: 'ix_audit_stream_destinations_chain', columnNames: ['chain'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('audit_stream_destinations');
  }
}
