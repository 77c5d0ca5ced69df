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
import { UserPermission } from './user-permission.entity';

const ID_PATTERN = /^[0-9a-f-]{36}$/;

/**
 * Resolves who acts within an organization: members with their grants (plus a manager's implicit rights),
 * system operators with every permission; everyone else gets null, which the guard answers with 404.
 */
@Injectable()
export class ActorResolver {
  constructor(
    @InjectRepository(Organization) private readonly organizations: Repository<Organization>,
    @InjectRepository(UserPermission) private readonly grants: Repository<UserPermission>,
  ) {}

  async resolve(principal: Principal, orgId: string): Promise<Actor | null> {
    if (!ID_PATTERN.test(orgId)) return null;
    if (!principal.isSystemOperator && principal.organizationId !== orgId) return null;
    if (!(await this.organizations.exists({ where: { id: orgId } }))) return null;
    const permissions = new Map<Permission, PermissionScope>();
    if (principal.isSystemOperator) {
      for (const p of ALL_PERMISSIONS) permissions.set(p, null);
    } else {
      const rows = await this.grants.find({
        where: { userId: principal.userId, organizationId: orgId },
        select: { permission: true, scope: true },
      });
      for (const row of rows) permissions.set(row.permission as Permission, row.scope);
      if (principal.isManager) for (const p of MANAGER_IMPLICIT_PERMISSIONS) permissions.set(p, null);
    }
    return { ...principal, orgId, permissions };
  }
}
