import { ErrorCode } from '@kanri/common/errors/error-code';
import { checkJoin, checkLeave, checkManagerSet, maxManagers } from './manager-policy';

describe('manager policy (管理責任者, SPEC §2)', () => {
  describe('管理責任者の最大人数 = 20% of the members, rounded up', () => {
    // The manual's table: 1～5人 最大1人, 6～10人 最大2人, 11～15人 最大3人, and so on.
    const table: [number, number][] = [
      [1, 1],
      [2, 1],
      [3, 1],
      [4, 1],
      [5, 1],
      [6, 2],
      [7, 2],
      [8, 2],
      [9, 2],
      [10, 2],
      [11, 3],
      [12, 3],
      [13, 3],
      [14, 3],
      [15, 3],
      [16, 4],
    ];
    it.each(table)('%i members → at most %i managers', (members, max) => {
      expect(maxManagers(members)).toBe(max);
    });

    it('goes on the same way for larger organizations', () => {
      expect(maxManagers(35)).toBe(7);
      expect(maxManagers(36)).toBe(8);
      expect(maxManagers(100_000)).toBe(20_000);
      expect(maxManagers(0)).toBe(0);
    });
  });

  describe('replacing the manager set', () => {
    const members10 = { memberCount: 10, currentManagerIds: ['a'] };

    it('allows a set within the cap with an active manager', () => {
      expect(checkManagerSet(members10, { requestedIds: ['a', 'b'], activeRequestedCount: 2 })).toBeNull();
    });

    it('refuses adding beyond the cap with MANAGER_CAP_EXCEEDED and the numbers', () => {
      const refusal = checkManagerSet(members10, { requestedIds: ['a', 'b', 'c'], activeRequestedCount: 3 });
      expect(refusal).toMatchObject({
        code: ErrorCode.ManagerCapExceeded,
        status: 422,
        details: { memberCount: 10, maxManagers: 2, requested: 3 },
      });
    });

    it('refuses a set that leaves no active manager with MANAGER_REQUIRED', () => {
      expect(checkManagerSet(members10, { requestedIds: [], activeRequestedCount: 0 })).toMatchObject({
        code: ErrorCode.ManagerRequired,
        status: 422,
        details: { memberCount: 10, requested: 0 },
      });
      // Only disabled or stop-dated people: nobody could answer for the organization.
      expect(checkManagerSet(members10, { requestedIds: ['z'], activeRequestedCount: 0 })).toMatchObject({
        code: ErrorCode.ManagerRequired,
      });
    });

    it('over the cap after members left: nobody is demoted, removing is allowed, adding (even swapping) is not', () => {
      const shrunk = { memberCount: 5, currentManagerIds: ['a', 'b', 'c'] };
      expect(checkManagerSet(shrunk, { requestedIds: ['a', 'b', 'c'], activeRequestedCount: 3 })).toBeNull();
      expect(checkManagerSet(shrunk, { requestedIds: ['a', 'b'], activeRequestedCount: 2 })).toBeNull();
      expect(
        checkManagerSet(shrunk, { requestedIds: ['a', 'b', 'd'], activeRequestedCount: 3 }),
      ).toMatchObject({
        code: ErrorCode.ManagerCapExceeded,
      });
      expect(checkManagerSet(shrunk, { requestedIds: ['d'], activeRequestedCount: 1 })).toBeNull();
    });

    it('lets an empty organization have no manager', () => {
      expect(
        checkManagerSet(
          { memberCount: 0, currentManagerIds: [] },
          { requestedIds: [], activeRequestedCount: 0 },
        ),
      ).toBeNull();
    });
  });

  describe('a member leaving (move, remove, delete, disable, usage stop date)', () => {
    const reasons = ['move', 'remove', 'delete', 'disable', 'stop'] as const;

    it.each(reasons)('refuses the last active manager while others remain (%s)', (reason) => {
      const refusal = checkLeave({ memberCount: 3, activeManagerIds: ['m'] }, 'm', reason, false);
      expect(refusal).toMatchObject({ code: ErrorCode.ManagerRequired, status: 422 });
      // Operators are held to the same rule: the organization would have members and nobody answerable.
      expect(checkLeave({ memberCount: 3, activeManagerIds: ['m'] }, 'm', reason, true)).not.toBeNull();
    });

    it.each(reasons)('lets a manager go when another active manager stays (%s)', (reason) => {
      expect(checkLeave({ memberCount: 3, activeManagerIds: ['m', 'n'] }, 'm', reason, false)).toBeNull();
    });

    it('lets a general member go', () => {
      expect(checkLeave({ memberCount: 3, activeManagerIds: ['m'] }, 'x', 'remove', false)).toBeNull();
    });

    it('refuses the last two managers leaving together in one bulk action', () => {
      const refusal = checkLeave(
        { memberCount: 5, activeManagerIds: ['m', 'n'] },
        ['m', 'n'],
        'disable',
        false,
      );
      expect(refusal).toMatchObject({ code: ErrorCode.ManagerRequired });
    });

    it('takes a single leaver id whole, however long it is', () => {
      const snapshot = { memberCount: 3, activeManagerIds: ['mgr-7'] };
      expect(checkLeave(snapshot, 'mgr-7', 'disable', false)).toMatchObject({
        code: ErrorCode.ManagerRequired,
        details: { memberCount: 3, reason: 'disable' },
      });
      expect(checkLeave(snapshot, ['mgr-7'], 'disable', false)).toMatchObject({
        code: ErrorCode.ManagerRequired,
      });
      // Two members: one leaver leaves the other behind (an id split into characters would count as two leavers).
      expect(
        checkLeave({ memberCount: 2, activeManagerIds: ['mgr-7'] }, 'mgr-7', 'move', false),
      ).toMatchObject({
        code: ErrorCode.ManagerRequired,
      });
    });

    it('lets members go from an organization that has no active manager left to lose', () => {
      // Every manager disabled or stop-dated already: a general member leaving changes nothing about that.
      expect(checkLeave({ memberCount: 4, activeManagerIds: [] }, 'x', 'disable', false)).toBeNull();
      expect(checkLeave({ memberCount: 4, activeManagerIds: [] }, ['x', 'y'], 'remove', false)).toBeNull();
    });

    it('removes or deletes the last member only by a system operator', () => {
      const alone = { memberCount: 1, activeManagerIds: ['m'] };
      expect(checkLeave(alone, 'm', 'remove', false)).toMatchObject({
        code: ErrorCode.ManagerRequired,
        status: 422,
        details: { memberCount: 1, reason: 'remove' },
      });
      expect(checkLeave(alone, 'm', 'delete', false)).toMatchObject({ code: ErrorCode.ManagerRequired });
      expect(checkLeave(alone, 'm', 'remove', true)).toBeNull();
      expect(checkLeave(alone, 'm', 'delete', true)).toBeNull();
      // Moving oneself out of an otherwise empty organization leaves nobody unanswered for.
      expect(checkLeave(alone, 'm', 'move', false)).toBeNull();
      expect(checkLeave(alone, 'm', 'disable', false)).toBeNull();
      expect(checkLeave(alone, 'm', 'stop', false)).toBeNull();
      // Everyone leaving together in one bulk removal is the same case.
      expect(
        checkLeave({ memberCount: 2, activeManagerIds: ['m'] }, ['m', 'x'], 'delete', false),
      ).toMatchObject({
        code: ErrorCode.ManagerRequired,
      });
      expect(checkLeave({ memberCount: 2, activeManagerIds: ['m'] }, ['m', 'x'], 'delete', true)).toBeNull();
    });
  });

  describe('plan user limit (契約プランのユーザー登録上限)', () => {
    it('lets members join up to the limit and refuses the next with USER_LIMIT_REACHED', () => {
      expect(checkJoin(9, 10)).toBeNull();
      expect(checkJoin(10, 10)).toMatchObject({
        code: ErrorCode.UserLimitReached,
        status: 422,
        details: { memberCount: 10, planUserLimit: 10, adding: 1 },
      });
      expect(checkJoin(7, 10, 3)).toBeNull();
      expect(checkJoin(0, 0)).toMatchObject({ code: ErrorCode.UserLimitReached });
      expect(checkJoin(8, 10, 3)).toMatchObject({ code: ErrorCode.UserLimitReached });
      expect(checkJoin(1_000_000, null)).toBeNull();
    });
  });
});
