import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '@kanri/access/actor';
import { Permission } from '@kanri/access/permission';
import { GroupsService } from './groups.service';

/** The part of a user that decides who may administer them. */
export interface ManagedUserRef {
  organizationId: string | null;
  groupId: string | null;
}

/**
 * `users.manage` and its `subtree` scope (SPEC §1 所属配下ユーザーのみ管理する), in one place for every module that
 * administers users. A holder with `subtree` sees and manages only users of their own group and its descendant
 * groups; a holder without a group then manages nobody. System operators manage everyone.
 */
@Injectable()
export class UserScopeService {
  constructor(private readonly groups: GroupsService) {}

  /** Whether `actor` may see and administer `target` under `users.manage`. */
  async canManageUser(actor: Actor, target: ManagedUserRef, em?: EntityManager): Promise<boolean> {
    if (target.organizationId !== actor.orgId) return false;
    if (actor.isSystemOperator) return true;
    if (!actor.permissions.has(Permission.UsersManage)) return false;
    if (actor.permissions.get(Permission.UsersManage) === null) return true;
    if (!actor.groupId || !target.groupId) return false;
    return this.groups.isInSubtree(actor.orgId, actor.groupId, target.groupId, em);
  }

  /**
   * For list queries: null when the actor manages the whole organization, otherwise the group ids whose members
   * they manage (empty when none). Filter with `users.group_id IN (...)`.
   */
  async manageableGroupIds(actor: Actor, em?: EntityManager): Promise<string[] | null> {
    if (actor.isSystemOperator) return null;
    if (!actor.permissions.has(Permission.UsersManage)) return [];
    if (actor.permissions.get(Permission.UsersManage) === null) return null;
    if (!actor.groupId) return [];
    return this.groups.subtreeGroupIds(actor.orgId, actor.groupId, em);
  }
}
