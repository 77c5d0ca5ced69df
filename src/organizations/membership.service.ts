import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { TransactionConflictError } from '@kanri/common/database/database-errors';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import type { Actor, Principal } from '@kanri/access/actor';
import { type UserMembership, UserMemberships } from '../users/user-memberships.service';
import { checkJoin, checkLeave, type LeaveReason, type LeaveSnapshot } from './manager-policy';
import { normalizeOrganizationCode } from './organization-code';
import { OrganizationLock } from './organization-lock.service';
import { Organization } from './organization.entity';
import { PermissionGrantsService } from './permission-grants.service';

/** The account changed organization between reading it and locking: start the move again from a fresh read. */
class MembershipMovedMeanwhile extends Error {}

const MOVE_ATTEMPTS = 10;

/** Who is asking for a member to leave: only a system operator may take out the last member. */
export interface LeaveRequester {
  isSystemOperator: boolean;
}

export interface MyOrganizationView {
  organization: { id: string; code: string; name: string };
  isManager: boolean;
}

/**
 * Who belongs to which organization (SPEC §2): joining and moving by code, removing a member, and the check other
 * modules run before a member leaves or stops counting as a manager. Every path locks the organization row(s)
 * first, then re-reads membership with locking reads, then applies manager-policy.ts.
 */
@Injectable()
export class MembershipService {
  constructor(
    @InjectRepository(Organization) private readonly organizations: Repository<Organization>,
    private readonly tx: TransactionService,
    private readonly memberships: UserMemberships,
    private readonly lock: OrganizationLock,
    private readonly grants: PermissionGrantsService,
  ) {}

  /**
   * For other modules, inside THEIR transaction and before they write to the user: refuses (422
   * MANAGER_REQUIRED) when deleting, disabling, stop-dating, moving or removing these members would leave the
   * organization's other members without an active manager, or would remove its last members without a system
   * operator. Locks the organization row, so the check and the caller's change are atomic; the reads it makes are
   * locking reads, so they are current even if the caller read other rows earlier in the transaction.
   */
  async assertMembersMayLeave(
    em: EntityManager,
    orgId: string,
    userIds: string | readonly string[],
    reason: LeaveReason,
    by: LeaveRequester,
  ): Promise<void> {
    await this.lock.lock(em, orgId);
    const refusal = checkLeave(
      await this.leaveSnapshot(em, orgId, true),
      userIds,
      reason,
      by.isSystemOperator,
    );
    if (refusal) throw refusal;
  }

  /** One member; see `assertMembersMayLeave`. */
  assertMemberMayLeave(
    em: EntityManager,
    orgId: string,
    userId: string,
    reason: LeaveReason,
    by: LeaveRequester,
  ): Promise<void> {
    return this.assertMembersMayLeave(em, orgId, [userId], reason, by);
  }

  /**
   * For other modules creating members directly (user administration, imports), inside their transaction and
   * before inserting: refuses 422 USER_LIMIT_REACHED when `count` more members would pass the plan's user limit.
   */
  async assertMayAddMembers(em: EntityManager, orgId: string, count = 1): Promise<void> {
    const org = await this.lock.lock(em, orgId);
    const members = await this.memberships.countMembers(em, orgId, true);
    const refusal = checkJoin(members, org.planUserLimit, count);
    if (refusal) throw refusal;
  }

  /** Member count and active managers, read with locking reads when `lock` is set. */
  async leaveSnapshot(em: EntityManager, orgId: string, lock: boolean): Promise<LeaveSnapshot> {
    const [memberCount, managers] = [
      await this.memberships.countMembers(em, orgId, lock),
      await this.memberships.findManagers(em, orgId, lock),
    ];
    return { memberCount, activeManagerIds: managers.filter((m) => m.isActive).map((m) => m.id) };
  }

  /**
   * `PUT /me/organization {code}` (一般ユーザーと組織コードの紐づけ): joins the organization of the code, or moves
   * there from the current one (the manager flag and the grants of the old membership are dropped).
   */
  async joinByCode(principal: Principal, typedCode: string): Promise<MyOrganizationView> {
    if (principal.isSystemOperator) {
      throw AppError.forbidden('System operators act on every organization and do not join one');
    }
    const target = await this.organizations.findOne({
      where: { code: normalizeOrganizationCode(typedCode) },
      select: { id: true },
    });
    if (!target) {
      throw new AppError(
        ErrorCode.OrganizationCodeNotFound,
        HttpStatus.NOT_FOUND,
        'No organization has this code',
      );
    }
    return this.moveSelf(
      principal,
      async (em, locked) => {
        const org = locked.get(target.id)!;
        const refusal = checkJoin(await this.memberships.countMembers(em, org.id, true), org.planUserLimit);
        if (refusal) throw refusal;
        return { org, asManager: false };
      },
      target.id,
    );
  }

  /**
   * Moves the caller into an organization chosen by `enter` (joining by code, or one just created), leaving the
   * current organization under the manager policy. The organization to lock with the target is read before the
   * transaction (organizations are locked before accounts); when the account moved meanwhile (another request of its
   * own), the transaction is dropped and the move starts again from a fresh read, after a short random pause so
   * that requests racing for one account do not keep meeting. Locking the new organization late instead, after the
   * account's row, inverted the lock order: two such moves deadlocked on every retry of the same stale read.
   * Still moved after MOVE_ATTEMPTS reads: 503 TRANSACTION_CONFLICT (nothing changed; the request may be sent again).
   */
  async moveSelf(
    principal: Principal,
    enter: (
      em: EntityManager,
      locked: Map<string, Organization>,
    ) => Promise<{ org: Organization; asManager: boolean; grantAll?: boolean }>,
    targetOrgId?: string,
  ): Promise<MyOrganizationView> {
    for (let attempt = 1; ; attempt++) {
      const before = await this.memberships.findMembership(this.tx.dataSource.manager, principal.userId);
      if (!before) throw AppError.notFound('User');
      try {
        return await this.tx.run(async (em) => {
          const locked = await this.lock.lockAll(
            em,
            [before.organizationId, targetOrgId].filter((id): id is string => !!id),
          );
          const me = await this.memberships.findMembership(em, principal.userId, true);
          if (!me) throw AppError.notFound('User');
          if (me.organizationId !== before.organizationId) throw new MembershipMovedMeanwhile();
          if (me.organizationId && me.organizationId === targetOrgId) {
            const org = locked.get(targetOrgId)!;
            return { organization: summary(org), isManager: me.isManager };
          }
          if (me.organizationId) await this.leave(em, me, me.organizationId, 'move', principal);
          const { org, asManager, grantAll } = await enter(em, locked);
          await this.memberships.moveToOrganization(em, me.id, org.id, asManager);
          if (grantAll) await this.grants.grantAll(em, org.id, me.id);
          return { organization: summary(org), isManager: asManager };
        });
      } catch (error) {
        if (!(error instanceof MembershipMovedMeanwhile)) throw error;
        if (attempt >= MOVE_ATTEMPTS) throw new TransactionConflictError(attempt);
        await sleep(randomInt(5, 25) * attempt);
      }
    }
  }

  /**
   * `DELETE /organizations/:orgId/members/:userId`: takes a member out of the organization (the account stays,
   * without organization). Managers and operators; the last member only by an operator.
   */
  async removeMember(actor: Actor, userId: string): Promise<void> {
    await this.tx.run(async (em) => {
      await this.lock.lock(em, actor.orgId);
      await this.assertStillManager(em, actor);
      const target = await this.memberships.findMembership(em, userId, true);
      if (!target || target.organizationId !== actor.orgId) throw AppError.notFound('User');
      await this.leave(em, target, actor.orgId, 'remove', actor);
    });
  }

  /**
   * The manager rule as the route guard saw it may be stale by the time the transaction holds the lock (another
   * manager may have just demoted the caller): managers re-check it under the lock.
   */
  async assertStillManager(em: EntityManager, actor: Actor): Promise<void> {
    if (actor.isSystemOperator) return;
    const me = await this.memberships.findMembership(em, actor.userId, true);
    if (!me || me.organizationId !== actor.orgId || !me.isManager) {
      throw AppError.forbidden('Only a manager (管理責任者) of this organization may do this');
    }
  }

  /** Refusal check, then the membership's grants go and the account leaves (organization row already locked). */
  private async leave(
    em: EntityManager,
    member: UserMembership,
    orgId: string,
    reason: LeaveReason,
    by: LeaveRequester,
  ): Promise<void> {
    const refusal = checkLeave(
      await this.leaveSnapshot(em, orgId, true),
      member.id,
      reason,
      by.isSystemOperator,
    );
    if (refusal) throw refusal;
    await this.grants.revokeAll(em, orgId, member.id);
    if (reason === 'remove') await this.memberships.moveToOrganization(em, member.id, null);
  }
}

function summary(org: Organization): MyOrganizationView['organization'] {
  return { id: org.id, code: org.code, name: org.name };
}
