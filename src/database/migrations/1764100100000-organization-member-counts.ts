import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { Columns } from '@kanri/common/database/migration-columns';

/**
 * The per-organization member counter (src/users/member-counts.ts): one row per organization with members, kept by
 * every write that adds or removes a member, so the user list's unfiltered total is a primary-key read. Backfilled
 * from COUNT(*) of the accounts that exist.
 */
export class OrganizationMemberCounts1764100100000 implements MigrationInterface {
  name = 'OrganizationMemberCounts1764100100000';

  async up(q: QueryRunner): Promise<void> {
    const c = new Columns(q);
    await q.createTable(
      new Table({
        name: 'organization_member_counts',
        columns: [{ ...c.ref('organization_id'), isPrimary: true }, c.int('members', { default: 0 })],
      }),
    );
    await q.query(
      `INSERT INTO organization_member_counts (organization_id, members)
       SELECT organization_id, COUNT(*) FROM users WHERE organization_id IS NOT NULL GROUP BY organization_id`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('organization_member_counts');
  }
}
