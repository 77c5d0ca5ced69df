import { type MigrationInterface, type QueryRunner, TableIndex } from 'typeorm';

/**
 * ユーザー一覧 filtered by 状態 ロック中: the locked-members index also holds what that listing reads of each row —
 * the end of a temporary lock (a run-out one no longer counts as locked), the manager flag and the login ID (the
 * 権限 and login ID sort keys) — so the page is sorted from the index alone instead of reading every locked member's
 * row by primary key. On the 100,000-member bench database (505 locked), status=locked sorted by 権限: 5.5 → 3.4 ms a
 * statement. Same name, wider; the columns it adds change only when an account is locked, unlocked or made a
 * manager, which already wrote this index or rarely happens.
 */
export class UserLockedListing1764100500000 implements MigrationInterface {
  name = 'UserLockedListing1764100500000';

  async up(q: QueryRunner): Promise<void> {
    await q.dropIndex('users', 'ix_users_org_locked');
    await q.createIndex(
      'users',
      new TableIndex({
        name: 'ix_users_org_locked',
        columnNames: ['organization_id', 'locked_at', 'locked_until', 'is_manager', 'login_id'],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('users', 'ix_users_org_locked');
    await q.createIndex(
      'users',
      new TableIndex({ name: 'ix_users_org_locked', columnNames: ['organization_id', 'locked_at'] }),
    );
  }
}
