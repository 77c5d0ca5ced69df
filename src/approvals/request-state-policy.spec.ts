import { AppError } from '@kanri/common/errors/app-error';
import type { ApprovalMode } from '../organizations/organization-settings';
import {
  type RequestAction,
  type RequestSnapshot,
  type RequestStatus,
  assertApproverList,
  initialStatus,
  requiredApprovers,
  transition,
} from './request-state-policy';

const REQUESTER = 'requester';
const A1 = 'approver-1';
const A2 = 'approver-2';
const OTHER = 'someone-else';
const TODAY = '2026-04-09';

function snapshot(
  mode: ApprovalMode,
  approved: boolean[] = [],
  status: RequestStatus = 'pending',
): RequestSnapshot {
  const ids = [A1, A2].slice(0, requiredApprovers(mode));
  return {
    status,
    mode,
    requesterId: REQUESTER,
    executionDate: '2026-04-10',
    slots: ids.map((approverId, i) => ({ approverId, position: i + 1, approved: approved[i] ?? false })),
  };
}

/** The code, HTTP status and details a refused transition answers with. */
function refusal(
  s: RequestSnapshot,
  action: RequestAction,
): { code: string; status: number; details?: Record<string, unknown> } {
  try {
    transition(s, action);
  } catch (error) {
    if (error instanceof AppError) {
      return error.details === undefined
        ? { code: error.code, status: error.status }
        : { code: error.code, status: error.status, details: error.details };
    }
    throw error;
  }
  throw new Error(`expected ${action.kind} to be refused`);
}

describe('request state machine (SPEC §5)', () => {
  describe('creation', () => {
    it('needs 0 / 1 / 2 approvers by mode, and starts approved only without approval', () => {
      expect(
        (['none', 'single', 'double_unordered', 'double_ordered'] as const).map(requiredApprovers),
      ).toEqual([0, 1, 2, 2]);
      expect(initialStatus('none')).toBe('approved');
      expect(initialStatus('single')).toBe('pending');
      expect(initialStatus('double_ordered')).toBe('pending');
    });

    it('accepts the right number of distinct approvers other than the requester', () => {
      expect(() => assertApproverList('none', REQUESTER, [])).not.toThrow();
      expect(() => assertApproverList('single', REQUESTER, [A1])).not.toThrow();
      expect(() => assertApproverList('double_ordered', REQUESTER, [A1, A2])).not.toThrow();
    });

    it.each([
      ['none', [A1], 'APPROVER_COUNT_MISMATCH', { mode: 'none', required: 0, named: 1 }],
      ['single', [], 'APPROVER_COUNT_MISMATCH', { mode: 'single', required: 1, named: 0 }],
      ['single', [A1, A2], 'APPROVER_COUNT_MISMATCH', { mode: 'single', required: 1, named: 2 }],
      [
        'double_unordered',
        [A1],
        'APPROVER_COUNT_MISMATCH',
        { mode: 'double_unordered', required: 2, named: 1 },
      ],
      ['single', [REQUESTER], 'APPROVER_IS_REQUESTER', undefined],
      ['double_ordered', [A1, REQUESTER], 'APPROVER_IS_REQUESTER', undefined],
      ['double_unordered', [A1, A1], 'APPROVERS_NOT_DISTINCT', undefined],
    ] as const)('refuses mode %s with approvers %j: %s', (mode, ids, code, details) => {
      try {
        assertApproverList(mode, REQUESTER, ids);
        throw new Error('expected a refusal');
      } catch (error) {
        expect((error as AppError).code).toBe(code);
        expect((error as AppError).status).toBe(422);
        expect((error as AppError).details).toEqual(details);
      }
    });
  });

  describe('single approval', () => {
    it('pending → approved by the named approver (final approval)', () => {
      expect(transition(snapshot('single'), { kind: 'approve', by: A1, today: TODAY })).toEqual({
        status: 'approved',
        approvedPosition: 1,
        finalApproval: true,
        releasesLimits: false,
      });
    });

    it('pending → rejected by the named approver, releasing the limits', () => {
      expect(transition(snapshot('single'), { kind: 'reject', by: A1 })).toEqual({
        status: 'rejected',
        approvedPosition: null,
        finalApproval: false,
        releasesLimits: true,
      });
    });

    it('pending → withdrawn by the requester before any approval', () => {
      expect(transition(snapshot('single'), { kind: 'withdraw', by: REQUESTER })).toEqual({
        status: 'withdrawn',
        approvedPosition: null,
        finalApproval: false,
        releasesLimits: true,
      });
    });

    it('refuses approval once the execution date has passed (the expiry job ends the request)', () => {
      expect(refusal(snapshot('single'), { kind: 'approve', by: A1, today: '2026-04-11' })).toEqual({
        code: 'EXECUTION_DATE_INVALID',
        status: 422,
        details: { executionDate: '2026-04-10', today: '2026-04-11' },
      });
      expect(transition(snapshot('single'), { kind: 'approve', by: A1, today: '2026-04-10' }).status).toBe(
        'approved',
      );
    });

    it('refuses the requester, strangers, and withdrawal by others', () => {
      expect(refusal(snapshot('single'), { kind: 'approve', by: REQUESTER, today: TODAY })).toEqual({
        code: 'APPROVER_IS_REQUESTER',
        status: 403,
      });
      expect(refusal(snapshot('single'), { kind: 'reject', by: REQUESTER })).toEqual({
        code: 'APPROVER_IS_REQUESTER',
        status: 403,
      });
      expect(refusal(snapshot('single'), { kind: 'approve', by: OTHER, today: TODAY })).toEqual({
        code: 'NOT_AN_APPROVER',
        status: 403,
      });
      expect(refusal(snapshot('single'), { kind: 'reject', by: OTHER })).toEqual({
        code: 'NOT_AN_APPROVER',
        status: 403,
      });
      expect(refusal(snapshot('single'), { kind: 'withdraw', by: A1 })).toEqual({
        code: 'FORBIDDEN',
        status: 403,
      });
    });
  });

  describe('double approval, unordered', () => {
    it('either approver first; the second approval is final', () => {
      for (const [first, second] of [
        [A1, A2],
        [A2, A1],
      ]) {
        const firstStep = transition(snapshot('double_unordered'), {
          kind: 'approve',
          by: first,
          today: TODAY,
        });
        expect(firstStep).toMatchObject({ status: 'pending', finalApproval: false });
        const approved = [first === A1, first === A2];
        expect(
          transition(snapshot('double_unordered', approved), { kind: 'approve', by: second, today: TODAY }),
        ).toMatchObject({
          status: 'approved',
          finalApproval: true,
        });
      }
    });

    it('refuses approving twice, and withdrawal once an approval is recorded', () => {
      expect(
        refusal(snapshot('double_unordered', [false, true]), { kind: 'approve', by: A2, today: TODAY }),
      ).toEqual({
        code: 'ALREADY_APPROVED',
        status: 409,
      });
      expect(refusal(snapshot('double_unordered', [false, true]), { kind: 'reject', by: A2 })).toEqual({
        code: 'ALREADY_APPROVED',
        status: 409,
      });
      expect(
        refusal(snapshot('double_unordered', [false, true]), { kind: 'withdraw', by: REQUESTER }),
      ).toEqual({
        code: 'WITHDRAW_NOT_ALLOWED',
        status: 409,
      });
    });

    it('the other approver may still reject after one approval', () => {
      expect(
        transition(snapshot('double_unordered', [true, false]), { kind: 'reject', by: A2 }),
      ).toMatchObject({
        status: 'rejected',
        releasesLimits: true,
      });
    });
  });

  describe('double approval, ordered', () => {
    it('the first approver, then the second', () => {
      expect(transition(snapshot('double_ordered'), { kind: 'approve', by: A1, today: TODAY })).toMatchObject(
        {
          status: 'pending',
          approvedPosition: 1,
          finalApproval: false,
        },
      );
      expect(
        transition(snapshot('double_ordered', [true, false]), { kind: 'approve', by: A2, today: TODAY }),
      ).toMatchObject({
        status: 'approved',
        approvedPosition: 2,
        finalApproval: true,
      });
    });

    it('refuses the second approver acting (approving or rejecting) before the first', () => {
      expect(refusal(snapshot('double_ordered'), { kind: 'approve', by: A2, today: TODAY })).toEqual({
        code: 'APPROVAL_OUT_OF_ORDER',
        status: 409,
        details: { position: 2 },
      });
      expect(refusal(snapshot('double_ordered'), { kind: 'reject', by: A2 })).toEqual({
        code: 'APPROVAL_OUT_OF_ORDER',
        status: 409,
        details: { position: 2 },
      });
    });

    it('the first approver may reject; the second may reject after the first approved', () => {
      expect(transition(snapshot('double_ordered'), { kind: 'reject', by: A1 }).status).toBe('rejected');
      expect(transition(snapshot('double_ordered', [true, false]), { kind: 'reject', by: A2 }).status).toBe(
        'rejected',
      );
    });
  });

  describe('expiry', () => {
    it('pending → expired once the execution date has passed, releasing the limits', () => {
      expect(transition(snapshot('single'), { kind: 'expire', today: '2026-04-11' })).toEqual({
        status: 'expired',
        approvedPosition: null,
        finalApproval: false,
        releasesLimits: true,
      });
      expect(
        transition(snapshot('double_ordered', [true, false]), { kind: 'expire', today: '2026-04-11' }).status,
      ).toBe('expired');
    });

    it('not on the execution date itself', () => {
      expect(refusal(snapshot('single'), { kind: 'expire', today: '2026-04-10' })).toEqual({
        code: 'CONFLICT',
        status: 409,
        details: { executionDate: '2026-04-10', today: '2026-04-10' },
      });
    });
  });

  describe('final states are final', () => {
    const actions: RequestAction[] = [
      { kind: 'approve', by: A1, today: TODAY },
      { kind: 'approve', by: A2, today: TODAY },
      { kind: 'reject', by: A1 },
      { kind: 'withdraw', by: REQUESTER },
      { kind: 'expire', today: '2030-01-01' },
    ];
    it.each(['approved', 'rejected', 'withdrawn', 'expired'] as const)(
      '%s refuses every action',
      (status) => {
        for (const action of actions) {
          expect(refusal(snapshot('double_unordered', [], status), action)).toEqual({
            code: 'REQUEST_NOT_PENDING',
            status: 409,
            details: { status },
          });
        }
      },
    );
  });
});
