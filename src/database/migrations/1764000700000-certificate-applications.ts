import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { Columns } from '@kanri/common/database/migration-columns';

/**
 * 証明書申請 (certificate applications): what a member asks for and the registration officer approves or rejects;
 * and the person answerable for a certificate (利用管理者), which can move to another member.
 */
export class CertificateApplications1764000700000 implements MigrationInterface {
  name = 'CertificateApplications1764000700000';

  async up(q: QueryRunner): Promise<void> {
    const c = new Columns(q);
    await q.createTable(
      new Table({
        name: 'certificate_applications',
        columns: [
          c.id(),
          c.ref('organization_id'),
          c.string('kind', 16),
          c.string('type', 16),
          c.string('status', 16),
          c.string('key_source', 16),
          c.string('key_algorithm', 16, { nullable: true }),
          c.text('csr_pem'),
          c.string('common_name', 255, { nullable: true }),
          c.text('dns_names', false),
          c.ref('holder_user_id', true),
          c.ref('renewal_of_id', true),
          c.int('validity_days', { nullable: true }),
          c.ref('applicant_id'),
          c.ref('decided_by', true),
          c.datetime('decided_at', true),
          c.string('rejection_reason', 500, { nullable: true }),
          c.ref('certificate_id', true),
          c.datetime('created_at'),
        ],
        indices: [
          new TableIndex({
            name: 'ix_cert_applications_org_status',
            columnNames: ['organization_id', 'status'],
          }),
          new TableIndex({ name: 'ix_cert_applications_applicant', columnNames: ['applicant_id'] }),
        ],
      }),
    );
    await q.addColumn('certificates', c.column(c.ref('responsible_user_id', true)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('certificates', 'responsible_user_id');
    await q.dropTable('certificate_applications');
  }
}
