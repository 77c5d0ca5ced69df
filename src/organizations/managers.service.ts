import { Injectable } from '@nestjs/common';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import type { Actor } from '@kanri/access/actor';
import { type MemberSummary, UserMemberships } from '../users/user-memberships.service';
import { checkLeave, checkManagerSet, maxManagers } from './manager-policy';
import { MembershipService } from './membership.service';
import { OrganizationLock } from './organization-lock.service';
import { Organization } from './organization.entity';

export interface ManagersView {
  /** 組織内ユーザー数. */
  memberCount: number;
  /** ceil(memberCount × 0.2). */
  maxManagers: number;
  /** More managers than the cap (the membership shrank); nobody can be added until it is within the cap again. */
  overCap: boolean;
  members: MemberSummary[];
}

/** 管理責任者の追加削除 (SPEC §2): the manager list and replacing the manager set in one step. */
@Injectable()
export class ManagersService {
  constructor(
    private readonly tx: TransactionService,
    private readonly memberships: UserMemberships,
    private readonly lock: OrganizationLock,
    private readonly membership: MembershipService,
  ) {}

  async list(orgId: string): Promise<ManagersView> {
    const members = await this.memberships.listMembers(orgId);
    const max = maxManagers(members.length);
    return {
      memberCount: members.length,
      maxManagers: max,
      overCap: members.filter((m) => m.isManager).length > max,
      members,
    };
  }

  /**
   * `PUT .../managers`: the new set replaces the old one atomically. Under the organization row lock: the caller
   * is still a manager, every id is a member, then the cap and at-least-one rules on fresh counts.
   */
  async replace(actor: Actor, managerUserIds: string[]): Promise<ManagersView> {
    await this.tx.run(async (em) => {
      await this.lock.lock(em, actor.orgId);
      await this.membership.assertStillManager(em, actor);
      const memberCount = await this.memberships.countMembers(em, actor.orgId, true);
      const current = await this.memberships.findManagers(em, actor.orgId, true);
      const requested = await this.memberships.findMembers(em, actor.orgId, managerUserIds, true);
      if (requested.length !== managerUserIds.length) throw AppError.notFound('User');
      const refusal = checkManagerSet(
        { memberCount, currentManagerIds: current.map((m) => m.id) },
        { requestedIds: managerUserIds, activeRequestedCount: requested.filter((m) => m.isActive).length },
      );
      if (refusal) throw refusal;
      const wanted = new Set(managerUserIds);
      const currentIds = new Set(current.map((m) => m.id));
      await this.memberships.setManagerFlags(
        em,
        actor.orgId,
        current.filter((m) => !wanted.has(m.id)).map((m) => m.id),
        false,
      );
      await this.memberships.setManagerFlags(
        em,
        actor.orgId,
        managerUserIds.filter((id) => !currentIds.has(id)),
        true,
      );
      // A manager is appointed again: the organization is answerable once more (SPEC §4 usage stop date).
      await em.update(Organization, { id: actor.orgId, managerRequired: true }, { managerRequired: false });
    });
    return this.list(actor.orgId);
  }

  /**
   * The guard's early answer for `PUT .../managers`, from an unlocked read: the same policy as `replace`, so the
   * caller gets the clear refusal before any lock is taken. `replace` decides for real.
   */
  async precheckReplace(orgId: string, managerUserIds: string[]): Promise<void> {
    const em = this.tx.dataSource.manager;
    const requested = await this.memberships.findMembers(em, orgId, managerUserIds);
    if (requested.length !== managerUserIds.length) return; // 404 comes from the service, after validation.
    const refusal = checkManagerSet(
      {
        memberCount: await this.memberships.countMembers(em, orgId),
        currentManagerIds: (await this.memberships.findManagers(em, orgId)).map((m) => m.id),
      },
      { requestedIds: managerUserIds, activeRequestedCount: requested.filter((m) => m.isActive).length },
    );
    if (refusal) throw refusal;
  }

  /** The guard's early answer for `DELETE .../members/:userId`. */
  async precheckRemoval(actor: Actor, userId: string): Promise<void> {
    const em = this.tx.dataSource.manager;
    if (!(await this.memberships.findMembers(em, actor.orgId, [userId])).length) return; // 404 from the service.
    const snapshot = await this.membership.leaveSnapshot(em, actor.orgId, false);
    const refusal = checkLeave(snapshot, userId, 'remove', actor.isSystemOperator);
    if (refusal) throw refusal;
  }
}
