import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';
import { Columns } from '@kanri/common/database/migration-columns';

/**
 * The user list's 属性 sort under an attribute filter (src/members/attribute-page.query.ts): each attribute row carries its
 * member's sort key and login ID, so that the members having a tag come out of one index in the list's order
 * (属性, then login ID) and a page stops after its rows. Kept by UserSearchIndex with the tags and on a login ID
 * change; backfilled from the users. And `organization_tag_sets` counts the members of each organization by their
 * whole list of tags (the sort key), so that the total of an attribute filter adds up a few counters instead of
 * counting every matching row.
 */
export class UserAttributesSorted1764100200000 implements MigrationInterface {
  name = 'UserAttributesSorted1764100200000';

  async up(q: QueryRunner): Promise<void> {
    const c = new Columns(q);
    await q.addColumns('user_attributes', [
      new TableColumn(c.string('sort_key', 191, { default: '', caseSensitive: true })),
      new TableColumn(c.string('login_id', 12, { default: '', caseSensitive: true })),
    ]);
    await q.query(
      `UPDATE user_attributes SET
         sort_key = (SELECT u.attributes_sort_key FROM users u WHERE u.id = user_attributes.user_id),
         login_id = (SELECT u.login_id FROM users u WHERE u.id = user_attributes.user_id)`,
    );
    await q.createIndex(
      'user_attributes',
      new TableIndex({
        name: 'ix_user_attributes_sorted',
        columnNames: ['organization_id', 'attribute', 'sort_key', 'login_id', 'user_id'],
      }),
    );
    await q.createTable(
      new Table({
        name: 'organization_tag_sets',
        columns: [
          { ...c.ref('organization_id'), isPrimary: true },
          { ...c.string('sort_key', 191, { caseSensitive: true }), isPrimary: true },
          c.int('members', { default: 0 }),
        ],
      }),
    );
    await q.query(
      `INSERT INTO organization_tag_sets (organization_id, sort_key, members)
       SELECT organization_id, sort_key, COUNT(DISTINCT user_id) FROM user_attributes GROUP BY organization_id, sort_key`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('organization_tag_sets');
    await q.dropIndex('user_attributes', 'ix_user_attributes_sorted');
    await q.dropColumn('user_attributes', 'login_id');
    await q.dropColumn('user_attributes', 'sort_key');
  }
}
