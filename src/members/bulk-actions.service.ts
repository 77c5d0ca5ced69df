import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import type { Actor } from '@kanri/access/actor';
import { SessionsService } from '../auth/sessions.service';
import { MembershipService } from '../organizations/membership.service';
import { OrganizationLock } from '../organizations/organization-lock.service';
import { UserScopeService } from '../organizations/user-scope.service';
import { MemberAccounts } from '../users/member-accounts.service';
import { UserMemberships } from '../users/user-memberships.service';
import type { BulkAction } from './dto/bulk-action.dto';
import { type UserAuditActor, UserAuditTrail } from './user-audit-trail';
import { UserRemoval } from './user-removal.service';

export interface BulkActionResult {
  action: BulkAction;
  /** How many users the action applied to (all of those asked for). */
  count: number;
  userIds: string[];
}

type BulkTarget = Awaited<ReturnType<MemberAccounts['lockMembers']>>[number];

const SCREENS: Record<BulkAction, string> = {
  delete: 'ユーザー一括削除',
  disable: 'ユーザー一括無効化',
  enable: 'ユーザー一括有効化',
};

/**
 * 一括削除・無効化・有効化 (SPEC §4 bulk; manual: ユーザー一覧 チェックボックス). All or nothing, in one transaction
 * after the organization row is locked: the caller is never among the users (BULK_INCLUDES_SELF), an organization
 * of one user has nothing to act on (BULK_SINGLE_USER_ORGANIZATION), every id must be a member within the caller's
 * `users.manage` reach (otherwise 404 naming the ids, and nothing changes), and deleting or disabling goes through
 * the manager policy (MANAGER_REQUIRED). Each affected user gets an operation-history row of their own.
 */
@Injectable()
export class BulkActionsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly memberships: UserMemberships,
    private readonly accounts: MemberAccounts,
    private readonly membership: MembershipService,
    private readonly lock: OrganizationLock,
    private readonly scope: UserScopeService,
    private readonly sessions: SessionsService,
    private readonly removal: UserRemoval,
    private readonly audit: UserAuditTrail,
    private readonly clock: Clock,
  ) {}

  async run(
    actor: Actor,
    action: BulkAction,
    userIds: string[],
    by: Omit<UserAuditActor, 'userId' | 'loginId'>,
  ): Promise<BulkActionResult> {
    if (userIds.includes(actor.userId)) {
      throw AppError.unprocessable(
        ErrorCode.BulkIncludesSelf,
        'Bulk actions never include yourself; deselect your own account',
      );
    }
    return this.tx.run(async (em) => {
      await this.lock.lock(em, actor.orgId);
      if ((await this.memberships.countMembers(em, actor.orgId, true)) <= 1) {
        throw AppError.unprocessable(
          ErrorCode.BulkSingleUserOrganization,
          'An organization with a single user has no one to act on in bulk',
        );
      }
      const targets = await this.targets(em, actor, userIds);
      if (action === 'delete' || action === 'disable') {
        await this.membership.assertMembersMayLeave(em, actor.orgId, userIds, action, actor);
      }
      await this.apply(em, actor.orgId, action, targets);
      await this.audit.record(
        em,
        actor.orgId,
        { ...by, userId: actor.userId, loginId: actor.loginId },
        targets.map((u) => ({
          screen: SCREENS[action],
          operation: action === 'delete' ? 'delete' : 'update',
          route: '/api/v1/organizations/:orgId/users/bulk',
          httpMethod: 'POST',
          details: { action, userId: u.id, loginId: u.loginId },
        })),
      );
      return { action, count: targets.length, userIds: targets.map((u) => u.id) };
    });
  }

  /** The members, locked; 404 naming every id that is not a member within the caller's reach. */
  private async targets(em: EntityManager, actor: Actor, userIds: string[]): Promise<BulkTarget[]> {
    const found = await this.accounts.lockMembers(em, actor.orgId, userIds);
    const reach = await this.scope.manageableGroupIds(actor, em);
    const inReach = reach === null ? found : found.filter((u) => u.groupId && reach.includes(u.groupId));
    const ids = new Set(inReach.map((u) => u.id));
    const missing = userIds.filter((id) => !ids.has(id));
    if (missing.length) {
      throw new AppError(ErrorCode.NotFound, 404, 'Some users were not found; nothing was changed', {
        userIds: missing,
      });
    }
    return inReach;
  }

  private async apply(
    em: EntityManager,
    orgId: string,
    action: BulkAction,
    targets: BulkTarget[],
  ): Promise<void> {
    const ids = targets.map((u) => u.id);
    if (action === 'delete') return this.removal.deleteMembers(em, orgId, ids);
    const disabled = action === 'disable';
    if (disabled) {
      for (const id of ids) await this.sessions.endAllForUser(em, id, 'disabled');
    }
    await this.accounts.setDisabled(em, orgId, ids, disabled, this.clock.now());
  }
}
