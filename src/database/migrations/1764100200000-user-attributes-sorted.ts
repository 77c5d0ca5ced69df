import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { Columns } from '@kanri/common/database/migration-columns';

/**
 * The user list's 属性 sort under an attribute filter (src/members/user-list.query.ts): each attribute row carries its
 * member's sort key and login ID, so that the members having a tag come out of one index in the list's order
 * (属性, then login ID) and a page stops after its rows. Kept by UserSearchIndex with the tags and on a login ID
 * change; backfilled from the users.
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
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('user_attributes', 'ix_user_attributes_sorted');
    await q.dropColumn('user_attributes', 'login_id');
    await q.dropColumn('user_attributes', 'sort_key');
  }
}
