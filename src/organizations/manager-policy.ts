import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';

/**
 * The rules about managers (管理責任者) and membership, in one place (SPEC §2). Pure functions over a snapshot of
 * the organization: guards call them for an early, clear refusal; services call them again inside the transaction,
 * after locking the organization row, where the answer is authoritative.
 *
 * Decisions where the spec is silent:
 * - An *active* manager is one who is neither disabled nor has a usage stop date: SPEC §2 refuses to disable or
 *   stop-date the last manager, so a disabled or stop-dated manager cannot be the one who keeps the organization
 *   answerable. Such a manager still holds the flag and still counts towards the cap.
 * - `memberCount` counts every account of the organization (disabled and provisional ones too): the manual's
 *   組織内ユーザー数.
 */

/** Why a member is leaving; the last-member rule depends on it. */
export type LeaveReason = 'move' | 'remove' | 'delete' | 'disable' | 'stop';

/** Reasons by which someone else takes the last member out; only a system operator may (the help-desk path). */
const REMOVALS: ReadonlySet<LeaveReason> = new Set<LeaveReason>(['remove', 'delete']);

/** 管理責任者の最大人数: 20% of the members, rounded up (1–5 → 1, 6–10 → 2, 11–15 → 3, …), in integers. */
export function maxManagers(memberCount: number): number {
  return Math.floor((Math.max(0, memberCount) + 4) / 5);
}

export interface ManagerSetSnapshot {
  memberCount: number;
  /** Members who hold the manager flag now. */
  currentManagerIds: readonly string[];
}

export interface ManagerSetChange {
  /** The complete new manager set (already known to be members, without duplicates). */
  requestedIds: readonly string[];
  /** How many of `requestedIds` are active (not disabled, no usage stop date). */
  activeRequestedCount: number;
}

/**
 * Replacing the manager set (PUT .../managers). Adding anyone beyond the cap is refused; a set that only keeps or
 * removes managers is allowed even above the cap, because a shrinking membership never demotes anyone (SPEC §2
 * `overCap`). A set with no active manager is refused while the organization has members.
 */
export function checkManagerSet(snapshot: ManagerSetSnapshot, change: ManagerSetChange): AppError | null {
  const max = maxManagers(snapshot.memberCount);
  const current = new Set(snapshot.currentManagerIds);
  const adds = change.requestedIds.some((id) => !current.has(id));
  if (adds && change.requestedIds.length > max) {
    return AppError.unprocessable(
      ErrorCode.ManagerCapExceeded,
      `An organization of ${snapshot.memberCount} members may have at most ${max} managers`,
      { memberCount: snapshot.memberCount, maxManagers: max, requested: change.requestedIds.length },
    );
  }
  if (snapshot.memberCount > 0 && change.activeRequestedCount === 0) {
    return AppError.unprocessable(
      ErrorCode.ManagerRequired,
      'An organization needs at least one active manager',
      { memberCount: snapshot.memberCount, requested: change.requestedIds.length },
    );
  }
  return null;
}

export interface LeaveSnapshot {
  memberCount: number;
  /** Active managers of the organization now, the leaver included if they are one. */
  activeManagerIds: readonly string[];
}

/**
 * Members leave the organization or stop counting as active managers: moved to another organization, removed
 * from it, deleted, disabled or given a usage stop date (one member, or several in a bulk action). The last
 * active manager may not go while other members remain (MANAGER_REQUIRED). The last members may only be removed
 * or deleted by a system operator (the manual's help-desk path: お問合せにてユーザー削除をご依頼ください);
 * moving oneself out of an otherwise empty organization is allowed.
 */
export function checkLeave(
  snapshot: LeaveSnapshot,
  leaverIds: string | readonly string[],
  reason: LeaveReason,
  byOperator: boolean,
): AppError | null {
  const leavers = new Set(typeof leaverIds === 'string' ? [leaverIds] : leaverIds);
  const othersRemain = snapshot.memberCount > leavers.size;
  if (!othersRemain) {
    if (REMOVALS.has(reason) && !byOperator) {
      return AppError.unprocessable(
        ErrorCode.ManagerRequired,
        'The last member of an organization can only be removed by a system operator',
        { memberCount: snapshot.memberCount, reason },
      );
    }
    return null;
  }
  const remaining = snapshot.activeManagerIds.filter((id) => !leavers.has(id));
  if (remaining.length === 0 && snapshot.activeManagerIds.length > 0) {
    return AppError.unprocessable(
      ErrorCode.ManagerRequired,
      'The last manager cannot leave while other members remain; appoint another manager first',
      { memberCount: snapshot.memberCount, reason },
    );
  }
  return null;
}

/** 契約プランのユーザー登録上限: `adding` more members must fit (null = unlimited). */
export function checkJoin(memberCount: number, planUserLimit: number | null, adding = 1): AppError | null {
  if (planUserLimit !== null && memberCount + adding > planUserLimit) {
    return AppError.unprocessable(
      ErrorCode.UserLimitReached,
      "The organization has reached its plan's user limit",
      { memberCount, planUserLimit, adding },
    );
  }
  return null;
}
