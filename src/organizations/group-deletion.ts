import { HttpStatus } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';

/**
 * The `group.deleting` domain event: emitted with `emitAsync` inside the deleting transaction, after the organization
 * row and the group row are locked and before the group goes. A module that keeps rows in a group refuses the deletion
 * by throwing `groupNotEmpty(...)` from its listener (`@OnEvent(GROUP_DELETING, { suppressErrors: false })`); whoever
 * puts a row into a group locks it first (`GroupsService.lockGroup`), so the check cannot be slipped past.
 */
export interface GroupDeletingEvent {
  em: EntityManager;
  organizationId: string;
  groupId: string;
}

export const GROUP_DELETING = 'group.deleting';

/** Why a group is not empty: child groups, members, or rows another module keeps in it. */
export type GroupNotEmptyReason = 'children' | 'members' | 'personal_number_records';

/** 409 GROUP_NOT_EMPTY with `details.reason` (SPEC §2: a group with members or children cannot be deleted). */
export function groupNotEmpty(reason: GroupNotEmptyReason, message: string): AppError {
  return new AppError(ErrorCode.GroupNotEmpty, HttpStatus.CONFLICT, message, { reason });
}
