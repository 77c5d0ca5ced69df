import { HttpStatus } from '@nestjs/common';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import type { ApprovalMode } from '../organizations/organization-settings';

/**
 * The life of a request (SPEC §5), in one pure place: pending → approved | rejected | withdrawn | expired, and
 * nothing leaves a final state. Services load a snapshot under the request's row lock, ask `transition`, and
 * apply what it answers; every refusal is an AppError with the code the client sees.
 */

export const REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn', 'expired'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export function isFinal(status: RequestStatus): boolean {
  return status !== 'pending';
}

/** How many approvers a mode needs: none 0 (approved at once), single 1, double (ordered or not) 2. */
export function requiredApprovers(mode: ApprovalMode): number {
  switch (mode) {
    case 'none':
      return 0;
    case 'single':
      return 1;
    case 'double_unordered':
    case 'double_ordered':
      return 2;
  }
}

/** The status a new request starts in. */
export function initialStatus(mode: ApprovalMode): RequestStatus {
  return mode === 'none' ? 'approved' : 'pending';
}

/**
 * Four eyes at creation: exactly as many approvers as the mode needs, none of them the requester, no one twice.
 * (Whether each approver may approve this business is checked against the grants by the service.)
 */
export function assertApproverList(
  mode: ApprovalMode,
  requesterId: string,
  approverIds: readonly string[],
): void {
  const needed = requiredApprovers(mode);
  if (approverIds.length !== needed) {
    throw AppError.unprocessable(
      ErrorCode.ApproverCountMismatch,
      `The approval mode ${mode} needs ${needed} approver(s); ${approverIds.length} named`,
      { mode, required: needed, named: approverIds.length },
    );
  }
  if (approverIds.includes(requesterId)) {
    throw AppError.unprocessable(
      ErrorCode.ApproverIsRequester,
      'The requester cannot approve their own request',
    );
  }
  if (new Set(approverIds).size !== approverIds.length) {
    throw AppError.unprocessable(ErrorCode.ApproversNotDistinct, 'The approvers must be different people');
  }
}

export interface ApprovalSlot {
  approverId: string;
  /** 1 for the first approver, 2 for the second; the order matters only in `double_ordered`. */
  position: number;
  approved: boolean;
}

export interface RequestSnapshot {
  status: RequestStatus;
  mode: ApprovalMode;
  requesterId: string;
  executionDate: string;
  slots: readonly ApprovalSlot[];
}

export type RequestAction =
  | { kind: 'approve'; by: string; today: string }
  | { kind: 'reject'; by: string }
  | { kind: 'withdraw'; by: string }
  | { kind: 'expire'; today: string };

export interface Transition {
  status: RequestStatus;
  /** The slot whose approval this action records (approve only). */
  approvedPosition: number | null;
  /** The approval that completes the request: limits are re-checked before it is recorded (SPEC §5). */
  finalApproval: boolean;
  /** A pending request ends without being approved: its reserved amount is released from the daily limits. */
  releasesLimits: boolean;
}

export function transition(s: RequestSnapshot, action: RequestAction): Transition {
  if (isFinal(s.status)) {
    throw new AppError(
      ErrorCode.RequestNotPending,
      HttpStatus.CONFLICT,
      `The request is already ${s.status}`,
      {
        status: s.status,
      },
    );
  }
  switch (action.kind) {
    case 'approve': {
      const slot = actingSlot(s, action.by, 'approve');
      if (s.executionDate < action.today) {
        // Approving a transfer whose day has passed would send money late; the expiry job ends it instead.
        throw AppError.unprocessable(
          ErrorCode.ExecutionDateInvalid,
          'The execution date has passed; the request can no longer be approved',
          { executionDate: s.executionDate, today: action.today },
        );
      }
      const others = s.slots.filter((o) => o.position !== slot.position);
      const last = others.every((o) => o.approved);
      return {
        status: last ? 'approved' : 'pending',
        approvedPosition: slot.position,
        finalApproval: last,
        releasesLimits: false,
      };
    }
    case 'reject':
      actingSlot(s, action.by, 'reject');
      return { status: 'rejected', approvedPosition: null, finalApproval: false, releasesLimits: true };
    case 'withdraw':
      if (action.by !== s.requesterId) throw AppError.forbidden('Only the requester can withdraw a request');
      if (s.slots.some((o) => o.approved)) {
        throw new AppError(
          ErrorCode.WithdrawNotAllowed,
          HttpStatus.CONFLICT,
          'A request can be withdrawn (引き戻し) only while no approval is recorded',
        );
      }
      return { status: 'withdrawn', approvedPosition: null, finalApproval: false, releasesLimits: true };
    case 'expire':
      if (s.executionDate >= action.today) {
        throw AppError.conflict('The request is not past its execution date', {
          executionDate: s.executionDate,
          today: action.today,
        });
      }
      return { status: 'expired', approvedPosition: null, finalApproval: false, releasesLimits: true };
  }
}

/** The slot of an approver who may act now: named, not the requester, not yet approved, and in turn. */
function actingSlot(s: RequestSnapshot, by: string, verb: 'approve' | 'reject'): ApprovalSlot {
  if (by === s.requesterId) {
    throw new AppError(
      ErrorCode.ApproverIsRequester,
      HttpStatus.FORBIDDEN,
      verb === 'approve'
        ? 'The requester can never approve their own request'
        : 'The requester withdraws (引き戻し) rather than rejects',
    );
  }
  const slot = s.slots.find((o) => o.approverId === by);
  if (!slot) {
    throw new AppError(
      ErrorCode.NotAnApprover,
      HttpStatus.FORBIDDEN,
      'You are not an approver of this request',
    );
  }
  if (slot.approved) {
    throw new AppError(
      ErrorCode.AlreadyApproved,
      HttpStatus.CONFLICT,
      'You have already approved this request',
    );
  }
  if (s.mode === 'double_ordered' && s.slots.some((o) => o.position < slot.position && !o.approved)) {
    throw new AppError(
      ErrorCode.ApprovalOutOfOrder,
      HttpStatus.CONFLICT,
      'Ordered approval: the first approver must approve before the second can act',
      { position: slot.position },
    );
  }
  return slot;
}
