import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { Columns } from '@kanri/common/database/migration-columns';

/**
 * ユーザー一覧 with an attribute filter and groups or 状態 有効/無効: each attribute row also carries its member's group
 * and disabled flag, so that the members having a tag in given groups (enabled or not) are one range of the attribute
 * index, counted and read without visiting every member of the groups or every holder of the tag by primary key.
 * Kept by MemberAccounts on every write of a member's group or flag, and by UserSearchIndex when the rows are
 * written; backfilled from the users. On the 100,000-member bench database, 在宅 or 営業 in two departments and 有効
 * (472 of them), sorted by last login: count 25 → 0.6 ms, page 16 → 4 ms a statement.
 */
export class UserAttributesMembership1764100600000 implements MigrationInterface {
  name = 'UserAttributesMembership1764100600000';

  async up(q: QueryRunner): Promise<void> {
    const c = new Columns(q);
    await q.addColumns('user_attributes', [
      new TableColumn(c.ref('group_id', true)),
      new TableColumn(c.bool('is_disabled')),
    ]);
    await q.query(
      `UPDATE user_attributes SET
         group_id = (SELECT u.group_id FROM users u WHERE u.id = user_attributes.user_id),
         is_disabled = (SELECT u.is_disabled FROM users u WHERE u.id = user_attributes.user_id)`,
    );
    await q.createIndex(
      'user_attributes',
      new TableIndex({
        name: 'ix_user_attributes_membership',
        columnNames: ['organization_id', 'attribute', 'group_id', 'is_disabled', 'user_id'],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('user_attributes', 'ix_user_attributes_membership');
    await q.dropColumn('user_attributes', 'is_disabled');
    await q.dropColumn('user_attributes', 'group_id');
  }
}
