import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { Actor, Principal } from '@kanri/access/actor';
import {
  ALL_PERMISSIONS,
  MANAGER_IMPLICIT_PERMISSIONS,
  type Permission,
  type PermissionScope,
} from '@kanri/access/permission';
import { Organization } from './organization.entity';

const ID_PATTERN = /^[0-9a-f-]{36}$/;

/**
 * Resolves who acts within an organization: members with their grants (plus a manager's implicit rights),
 * system operators with every permission; everyone else gets null, which the guard answers with 404.
 */
@Injectable()
export class ActorResolver {
  constructor(@InjectRepository(Organization) private readonly organizations: Repository<Organization>) {}

  async resolve(principal: Principal, orgId: string): Promise<Actor | null> {
    if (!ID_PATTERN.test(orgId)) return null;
    if (!principal.isSystemOperator && principal.organizationId !== orgId) return null;
    const permissions = new Map<Permission, PermissionScope>();
    if (principal.isSystemOperator) {
      if (!(await this.organizations.exists({ where: { id: orgId } }))) return null;
      for (const p of ALL_PERMISSIONS) permissions.set(p, null);
    } else {
      const grants = await this.memberGrants(principal.userId, orgId);
      if (!grants) return null;
      for (const row of grants) permissions.set(row.permission, row.scope);
      if (principal.isManager) for (const p of MANAGER_IMPLICIT_PERMISSIONS) permissions.set(p, null);
    }
    return { ...principal, orgId, permissions };
  }

  /**
   * A member's grants in the organization, read with the organization's existence in one statement (every request
   * to an organization's routes asks both): null when the organization does not exist, else its grant rows.
   */
  private async memberGrants(
    userId: string,
    orgId: string,
  ): Promise<{ permission: Permission; scope: PermissionScope }[] | null> {
    const rows: { permission: string | null; scope: string | null }[] =
      await this.organizations.manager.query(
        `SELECT p.permission, p.scope
         FROM organizations o LEFT JOIN user_permissions p ON p.organization_id = o.id AND p.user_id = ?
        WHERE o.id = ?`,
        [userId, orgId],
      );
    if (!rows.length) return null;
    return rows
      .filter((r) => r.permission !== null)
      .map((r) => ({ permission: r.permission as Permission, scope: r.scope as PermissionScope }));
  }
}
