import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/**
 * The user list's name indexes also carry the group and the disabled flag (after the columns that order them), so a
 * keyword searched inside a department or among enabled users is answered from the index alone: a broad keyword
 * ("ヤマ", thousands of matches) inside one group no longer reads every match's row (users/README.md).
 */
export class UserSearchCovering1763800600100 implements MigrationInterface {
  name = 'UserSearchCovering1763800600100';

  private readonly indexes: [string, string[], string[]][] = [
    ['ix_users_org_family', ['organization_id', 'family_name', 'login_id'], ['group_id', 'is_disabled']],
    ['ix_users_org_given', ['organization_id', 'given_name', 'login_id'], ['group_id', 'is_disabled']],
    ['ix_users_org_family_kana', ['organization_id', 'family_name_kana'], ['group_id', 'is_disabled']],
    ['ix_users_org_given_kana', ['organization_id', 'given_name_kana'], ['group_id', 'is_disabled']],
  ];

  async up(q: QueryRunner): Promise<void> {
    for (const [name, columns, added] of this.indexes) {
      await q.dropIndex('users', name);
      await q.createIndex('users', new TableIndex({ name, columnNames: [...columns, ...added] }));
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name, columns] of this.indexes) {
      await q.dropIndex('users', name);
      await q.createIndex('users', new TableIndex({ name, columnNames: columns }));
    }
  }
}
