import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { Columns } from '@kanri/common/database/migration-columns';

/**
 * Group trees per organization (SPEC §2 グループ): the groups and their closure table. The table is `org_groups`
 * because GROUPS is a reserved word in MySQL 8.
 */
export class OrganizationGroups1763800100000 implements MigrationInterface {
  name = 'OrganizationGroups1763800100000';

  async up(q: QueryRunner): Promise<void> {
    const c = new Columns(q);
    await q.createTable(
      new Table({
        name: 'org_groups',
        columns: [
          c.id(),
          c.ref('organization_id'),
          c.string('code', 32),
          c.string('name', 100),
          c.ref('parent_id', true),
          c.datetime('created_at'),
          c.datetime('updated_at'),
        ],
        indices: [
          new TableIndex({
            name: 'ux_org_groups_code',
            columnNames: ['organization_id', 'code'],
            isUnique: true,
          }),
          new TableIndex({ name: 'ix_org_groups_parent', columnNames: ['organization_id', 'parent_id'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'org_group_closure',
        columns: [
          { ...c.ref('ancestor_id'), isPrimary: true },
          { ...c.ref('descendant_id'), isPrimary: true },
          c.ref('organization_id'),
          c.int('depth'),
        ],
        indices: [
          new TableIndex({
            name: 'ix_org_group_closure_descendant',
            columnNames: ['descendant_id', 'ancestor_id'],
          }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('org_group_closure');
    await q.dropTable('org_groups');
  }
}
