import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError } from '@kanri/common/errors/app-error';
import type { Actor } from '@kanri/access/actor';
import { Permission } from '@kanri/access/permission';
import { GroupsService } from '../organizations/groups.service';

const VAULT_PERMISSIONS = [
  Permission.PersonalNumbersRead,
  Permission.PersonalNumbersWrite,
  Permission.PersonalNumbersExport,
] as const;

/**
 * Which employees an actor handles (manual 安全管理措置 ④ 取り扱える所属/社員の範囲の限定; SPEC "subtree scope honoured").
 *
 * Employees carry a group (所属). An administrator limited to a subtree — their `users.manage` carries `subtree`
 * (所属配下ユーザーのみ管理する), or a personal_numbers permission does should grants ever allow it — handles only
 * employees of their own group and its descendants; employees without a group, and everyone when they have no group
 * themselves, are outside that reach. The limit describes the person (a department's administrator), so it applies
 * to every vault permission they hold. Everyone else with a vault permission handles the whole organization. Outside
 * the reach, records answer 404 as if absent.
 */
@Injectable()
export class PersonalNumberReach {
  constructor(private readonly groups: GroupsService) {}

  /** Whether the actor holds any vault permission (lists, records and the input-status report need one). */
  static mayView(actor: Actor): boolean {
    return actor.isSystemOperator || VAULT_PERMISSIONS.some((p) => actor.permissions.has(p));
  }

  static assertMayView(actor: Actor): void {
    if (!PersonalNumberReach.mayView(actor))
      throw AppError.forbidden('Handling individual numbers needs a personal_numbers permission');
  }

  /**
   * Revealing and exporting put numbers in someone's hands; the service operator (運用者) of a hosted Kanri is not
   * the employer and must not become a handler of its customers' numbers, so operators are refused.
   */
  static assertMayDisclose(actor: Actor): void {
    if (actor.isSystemOperator) throw AppError.forbidden('System operators do not handle individual numbers');
  }

  static isLimited(actor: Actor): boolean {
    if (actor.isSystemOperator) return false;
    if (actor.permissions.get(Permission.UsersManage) === 'subtree') return true;
    return VAULT_PERMISSIONS.some((p) => actor.permissions.get(p) === 'subtree');
  }

  /** null: the whole organization; otherwise the group ids whose employees the actor handles (maybe none). */
  async groupIds(actor: Actor, em?: EntityManager): Promise<string[] | null> {
    if (!PersonalNumberReach.isLimited(actor)) return null;
    if (!actor.groupId) return [];
    return this.groups.subtreeGroupIds(actor.orgId, actor.groupId, em);
  }
}

/** Whether an employee of `groupId` lies within `reach` (null = everything). */
export function withinReach(reach: string[] | null, groupId: string | null): boolean {
  return reach === null || (groupId !== null && reach.includes(groupId));
}
