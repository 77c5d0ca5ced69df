import { Injectable } from '@nestjs/common';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import type { Principal } from '@kanri/access/actor';
import { approvalPermission, type BusinessType } from '@kanri/access/permission';
import { ActorResolver } from '../organizations/actor-resolver.service';
import { PermissionGrantsService } from '../organizations/permission-grants.service';
import { type MemberName, UserMemberships } from '../users/user-memberships.service';

/** A member the requester may name as an approver (承認者), with only what the request form shows. */
export type ApproverCandidate = MemberName;

/**
 * Who may be named as an approver (SPEC §5 "approvers hold approvals.approve.<business>"): an active member of the
 * organization (not disabled, no usage stop date) whose permissions — resolved exactly as the organization scope
 * guard resolves them when that member signs in — include the approve permission of the business. Ids of
 * non-members answer the same refusal as ineligible members, so nothing about other organizations leaks.
 */
@Injectable()
export class ApproverDirectory {
  constructor(
    private readonly memberships: UserMemberships,
    private readonly actors: ActorResolver,
    private readonly grants: PermissionGrantsService,
    private readonly tx: TransactionService,
  ) {}

  /**
   * The members `assertEligible` would accept for `business`, except `requesterId` (never their own approver), by
   * login ID: active, not a system operator, holding the approve permission by grant. The organization scope guard
   * adds nothing to a member's grants that approves (a manager's implicit right is audit.read), so
   * the grant rows decide, as they do in `assertEligible`.
   */
  async candidates(orgId: string, business: BusinessType, requesterId: string): Promise<ApproverCandidate[]> {
    const holders = await this.grants.holdersOf(orgId, approvalPermission('approve', business));
    const others = holders.filter((id) => id !== requesterId);
    return others.length ? this.memberships.findNames(orgId, others, true) : [];
  }

  async assertEligible(orgId: string, business: BusinessType, approverIds: readonly string[]): Promise<void> {
    if (!approverIds.length) return;
    const members = await this.memberships.findMembers(this.tx.dataSource.manager, orgId, approverIds);
    const byId = new Map(members.map((m) => [m.id, m]));
    const permission = approvalPermission('approve', business);
    const ineligible: string[] = [];
    for (const id of approverIds) {
      const m = byId.get(id);
      if (!m || !m.isActive || m.isSystemOperator) {
        ineligible.push(id);
        continue;
      }
      const principal: Principal = {
        userId: m.id,
        sessionId: '',
        loginId: '',
        organizationId: m.organizationId,
        groupId: m.groupId,
        isSystemOperator: false,
        isManager: m.isManager,
        mustChangePassword: false,
      };
      const actor = await this.actors.resolve(principal, orgId);
      if (!actor?.permissions.has(permission)) ineligible.push(id);
    }
    if (ineligible.length) {
      throw AppError.unprocessable(
        ErrorCode.ApproverNotEligible,
        `Every approver must be an active member holding ${permission}`,
        { approverIds: ineligible },
      );
    }
  }
}
