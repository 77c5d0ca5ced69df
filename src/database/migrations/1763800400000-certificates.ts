import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { Columns } from '@kanri/common/database/migration-columns';

/**
 * The internal CA (SPEC §7): CA keys and certificates, the current CRL, registered domains per organization,
 * issued certificates, expiry notices sent, registration officers and their enrolment links.
 */
export class Certificates1763800400000 implements MigrationInterface {
  name = 'Certificates1763800400000';

  async up(q: QueryRunner): Promise<void> {
    const c = new Columns(q);
    await q.createTable(
      new Table({
        name: 'certificate_authorities',
        columns: [
          c.id(),
          c.string('role', 16),
          c.string('subject', 255),
          c.string('serial', 64),
          c.text('certificate_pem', false),
          c.text('private_key', false),
          c.string('key_algorithm', 16),
          c.datetime('not_before'),
          c.datetime('not_after'),
          c.datetime('created_at'),
        ],
        // One root and one issuing CA: the unique role decides which of two starting instances created them.
        indices: [
          new TableIndex({ name: 'ux_certificate_authorities_role', columnNames: ['role'], isUnique: true }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'certificate_crls',
        columns: [
          c.id('ca_id'),
          c.bigint('crl_number'),
          c.datetime('this_update'),
          c.datetime('next_update'),
          c.text('crl_der', false),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'organization_domains',
        columns: [
          c.id(),
          c.ref('organization_id'),
          c.string('domain', 253),
          c.ref('created_by', true),
          c.datetime('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'ux_organization_domains_domain', columnNames: ['domain'], isUnique: true }),
          new TableIndex({ name: 'ix_organization_domains_org', columnNames: ['organization_id', 'domain'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'certificates',
        columns: [
          c.id(),
          c.ref('organization_id'),
          c.ref('ca_id'),
          c.string('type', 16),
          c.string('serial', 64),
          c.string('subject', 512),
          c.string('common_name', 255),
          c.text('dns_names', false),
          c.string('email', 254, { nullable: true }),
          c.string('domain', 253, { nullable: true }),
          c.ref('subject_user_id', true),
          c.ref('officer_id', true),
          c.ref('requested_by', true),
          c.string('key_algorithm', 16),
          c.string('public_key_sha256', 64),
          c.text('certificate_pem', false),
          c.datetime('not_before'),
          c.datetime('not_after'),
          c.string('status', 16),
          c.datetime('revoked_at', true),
          c.string('revocation_reason', 32, { nullable: true }),
          c.ref('renewed_from_id', true),
          c.ref('renewed_by_id', true),
          c.datetime('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'ux_certificates_serial', columnNames: ['serial'], isUnique: true }),
          new TableIndex({
            name: 'ix_certificates_org_created',
            columnNames: ['organization_id', 'created_at'],
          }),
          new TableIndex({
            name: 'ix_certificates_org_type',
            columnNames: ['organization_id', 'type', 'status'],
          }),
          new TableIndex({ name: 'ix_certificates_holder', columnNames: ['subject_user_id', 'status'] }),
          new TableIndex({ name: 'ix_certificates_status_expiry', columnNames: ['status', 'not_after'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'certificate_expiry_notices',
        columns: [
          { ...c.ref('certificate_id'), isPrimary: true },
          { ...c.int('threshold_days'), isPrimary: true },
          c.datetime('sent_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'registration_officers',
        columns: [
          c.id(),
          c.ref('organization_id'),
          c.ref('user_id'),
          c.string('name_romaji', 64),
          c.string('email', 254),
          c.ref('created_by', true),
          c.datetime('created_at'),
        ],
        indices: [
          new TableIndex({ name: 'ux_registration_officers_user', columnNames: ['user_id'], isUnique: true }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'officer_enrolments',
        columns: [
          c.id(),
          c.ref('officer_id'),
          c.string('token_hash', 64),
          c.string('pin_hash', 255),
          c.int('failed_attempts', { default: 0 }),
          c.string('state', 16),
          c.datetime('expires_at'),
          c.datetime('created_at'),
          c.datetime('used_at', true),
          c.ref('certificate_id', true),
        ],
        indices: [
          new TableIndex({
            name: 'ux_officer_enrolments_token',
            columnNames: ['token_hash'],
            isUnique: true,
          }),
          new TableIndex({ name: 'ix_officer_enrolments_officer', columnNames: ['officer_id', 'state'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'officer_enrolments',
      'registration_officers',
      'certificate_expiry_notices',
      'certificates',
      'organization_domains',
      'certificate_crls',
      'certificate_authorities',
    ]) {
      await q.dropTable(table);
    }
  }
}
