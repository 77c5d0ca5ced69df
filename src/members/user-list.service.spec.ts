import type { Actor } from '@kanri/access/actor';
import type { Clock } from '@kanri/common/clock/clock';
import type { TransactionService } from '@kanri/common/database/transaction.service';
import type { UserScopeService } from '../organizations/user-scope.service';
import type { MemberCounts } from '../users/member-counts';
import type { UserSearchIndex } from '../users/search/user-search-index';
import { UserListService } from './user-list.service';

/** A list whose statements fail as a lost database connection makes them fail: the page first, the total after. */
function serviceOverFailingDatabase() {
  const query = jest.fn((sql: string) =>
    sql.includes('COUNT(*)')
      ? new Promise((_, reject) => setTimeout(() => reject(new Error('count: connection lost')), 20))
      : Promise.reject(new Error('page: connection lost')),
  );
  const tx = { isMysql: true, dataSource: { manager: { query } } } as unknown as TransactionService;
  const scope = { manageableGroupIds: async () => null } as unknown as UserScopeService;
  const clock = { now: () => new Date('2026-12-07T00:00:00Z') } as unknown as Clock;
  const counts = { read: async () => 100 } as unknown as MemberCounts;
  return new UserListService(tx, scope, clock, counts, {} as UserSearchIndex);
}

describe('UserListService when the database fails mid-request', () => {
  it('rejects with the page’s failure and leaves no failure of the total unobserved', async () => {
    const unobserved: unknown[] = [];
    const listener = (reason: unknown) => unobserved.push(reason);
    process.on('unhandledRejection', listener);
    try {
      const actor = { orgId: 'org-1' } as Actor;
      // Sorted by 権限 (no index keeps that order): the page and the count are read side by side.
      await expect(
        serviceOverFailingDatabase().list(actor, { status: ['disabled', 'locked'], sort: 'role' }),
      ).rejects.toThrow('page: connection lost');
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(unobserved).toEqual([]);
    } finally {
      process.off('unhandledRejection', listener);
    }
  });
});
