import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { newId } from '@kanri/common/ids/new-id';
import { Clock } from '@kanri/common/clock/clock';
import type { Actor } from '@kanri/access/actor';
import {
  ALL_PERMISSIONS,
  MANAGER_IMPLICIT_PERMISSIONS,
  Permission,
  type PermissionScope,
} from '@kanri/access/permission';
import { UserMemberships } from '../users/user-memberships.service';
import { OrganizationLock } from './organization-lock.service';
import { UserPermission } from './user-permission.entity';
import { UserScopeService } from './user-scope.service';

export interface Grant {
  permission: Permission;
  scope: PermissionScope;
}

export interface GrantInput {
  permission: Permission;
  scope?: PermissionScope;
}

export interface PermissionGrantsView {
  userId: string;
  isManager: boolean;
  /** What was granted to this user in this organization. */
  permissions: Grant[];
  /** What the manager flag adds whatever the grants say (SPEC §1). Empty for non-managers. */
  implicitPermissions: Permission[];
}

const GRANT_CHUNK = 200;

/**
 * Permission grants per user per organization (SPEC §1). Grants are read by the organization scope guard on every
 * request (ActorResolver), so a change takes effect on the target's next request.
 *
 * Who may change whose grants (decisions where the spec is silent):
 * - the caller needs `users.manage`, and the target must be a member the caller may manage (`subtree` scope
 *   honoured; others answer 404 as if absent);
 * - nobody changes their own grants (no self-escalation);
 * - a caller can only add, remove or re-scope permissions they hold themselves, and never with a wider scope than
 *   their own (a `subtree` holder cannot hand out organization-wide `users.manage`);
 * - `users.manage` itself is granted and revoked only by a manager (管理責任者) or a system operator: who may
 *   administer the members' personal data stays the decision of the person answerable for it.
 */
@Injectable()
export class PermissionGrantsService {
  constructor(
    @InjectRepository(UserPermission) private readonly grants: Repository<UserPermission>,
    private readonly tx: TransactionService,
    private readonly memberships: UserMemberships,
    private readonly lock: OrganizationLock,
    private readonly scope: UserScopeService,
    private readonly clock: Clock,
  ) {}

  /** The creator of an organization holds every organization permission (SPEC §2). */
  async grantAll(em: EntityManager, orgId: string, userId: string): Promise<void> {
    await this.write(
      em,
      orgId,
      userId,
      ALL_PERMISSIONS.map((permission) => ({ permission, scope: null })),
    );
  }

  /** The members of `orgId` granted `permission` (any scope), by user id. */
  async holdersOf(orgId: string, permission: string): Promise<string[]> {
    const rows = await this.grants.find({
      where: { organizationId: orgId, permission },
      select: { userId: true },
    });
    return [...new Set(rows.map((r) => r.userId))];
  }

  /** A member leaves: the grants belonged to that membership. Call inside the leaving transaction. */
  async revokeAll(em: EntityManager, orgId: string, userId: string): Promise<void> {
    await em.delete(UserPermission, { organizationId: orgId, userId });
  }

  async view(actor: Actor, userId: string): Promise<PermissionGrantsView> {
    const target = await this.manageableTarget(this.tx.dataSource.manager, actor, userId);
    return this.toView(
      target.id,
      target.isManager,
      await this.read(this.tx.dataSource.manager, actor.orgId, userId),
    );
  }

  /** `PUT .../users/:userId/permissions`: replaces the member's grants with exactly `wanted`. */
  async replace(actor: Actor, userId: string, requested: GrantInput[]): Promise<PermissionGrantsView> {
    const wanted = validGrants(requested);
    if (userId === actor.userId) throw AppError.forbidden('Nobody changes their own permissions');
    return this.tx.run(async (em) => {
      await this.lock.lock(em, actor.orgId);
      const target = await this.manageableTarget(em, actor, userId);
      const current = await this.read(em, actor.orgId, userId);
      this.assertMayChange(actor, current, wanted);
      await this.write(em, actor.orgId, userId, wanted);
      return this.toView(target.id, target.isManager, sortGrants(wanted));
    });
  }

  private async manageableTarget(em: EntityManager, actor: Actor, userId: string) {
    const target = await this.memberships.findMembership(em, userId);
    if (
      !target ||
      target.organizationId !== actor.orgId ||
      !(await this.scope.canManageUser(actor, target, em))
    ) {
      throw AppError.notFound('User');
    }
    return target;
  }

  private assertMayChange(actor: Actor, current: Grant[], wanted: Grant[]): void {
    const before = new Map(current.map((g) => [g.permission, g.scope]));
    const after = new Map(wanted.map((g) => [g.permission, g.scope]));
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
      (p) => before.get(p) !== after.get(p),
    );
    if (changed.includes(Permission.UsersManage) && !actor.isManager && !actor.isSystemOperator) {
      throw AppError.forbidden('Only a manager (管理責任者) may grant or revoke users.manage');
    }
    const missing = changed.filter((p) => {
      if (!actor.permissions.has(p)) return true;
      // Granting a wider scope than one's own: an unscoped grant needs an unscoped holder.
      return after.has(p) && after.get(p) === null && actor.permissions.get(p) !== null;
    });
    if (missing.length) {
      throw new AppError(
        ErrorCode.Forbidden,
        HttpStatus.FORBIDDEN,
        'You can only grant or revoke permissions you hold, with no wider scope',
        { missing },
      );
    }
  }

  private async read(em: EntityManager, orgId: string, userId: string): Promise<Grant[]> {
    const rows = await em.find(UserPermission, {
      where: { organizationId: orgId, userId },
      select: { permission: true, scope: true },
    });
    return sortGrants(rows.map((r) => ({ permission: r.permission as Permission, scope: r.scope })));
  }

  private async write(em: EntityManager, orgId: string, userId: string, wanted: Grant[]): Promise<void> {
    await em.delete(UserPermission, { organizationId: orgId, userId });
    const now = this.clock.now().getTime();
    const rows = wanted.map((g) => ({
      id: newId(now),
      organizationId: orgId,
      userId,
      permission: g.permission,
      scope: g.scope,
    }));
    for (let i = 0; i < rows.length; i += GRANT_CHUNK) {
      await em.insert(UserPermission, rows.slice(i, i + GRANT_CHUNK));
    }
  }

  private toView(userId: string, isManager: boolean, permissions: Grant[]): PermissionGrantsView {
    return {
      userId,
      isManager,
      permissions,
      implicitPermissions: isManager ? [...MANAGER_IMPLICIT_PERMISSIONS] : [],
    };
  }
}

/** Each permission once; a scope only on `users.manage` (the one permission whose reach SPEC §1 scopes). */
function validGrants(requested: GrantInput[]): Grant[] {
  const problems: string[] = [];
  const seen = new Set<Permission>();
  for (const g of requested) {
    if (seen.has(g.permission)) problems.push(`${g.permission} is listed more than once`);
    seen.add(g.permission);
    if (g.scope && g.permission !== Permission.UsersManage) {
      problems.push(`${g.permission} takes no scope; only users.manage may be limited to a subtree`);
    }
  }
  if (problems.length) throw AppError.validation({ permissions: problems });
  return requested.map((g) => ({ permission: g.permission, scope: g.scope ?? null }));
}

function sortGrants(grants: Grant[]): Grant[] {
  return [...grants].sort((a, b) => a.permission.localeCompare(b.permission));
}
