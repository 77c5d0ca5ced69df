import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { newId } from '@kanri/common/ids/new-id';
import type { Actor } from '@kanri/access/actor';
import { Permission } from '@kanri/access/permission';
import { UserMemberships } from '../users/user-memberships.service';
import type { CreateGroupDto, UpdateGroupDto } from './dto/group.dto';
import { GroupClosure } from './group-closure.entity';
import { GROUP_DELETING, type GroupDeletingEvent, groupNotEmpty } from './group-deletion';
import { Group } from './group.entity';
import { OrganizationLock } from './organization-lock.service';

export interface GroupView {
  id: string;
  code: string;
  name: string;
  parentId: string | null;
  createdAt: string;
  updatedAt: string;
}

const CHUNK = 500;

/**
 * Group trees (グループ, SPEC §2). Every tree change locks the organization row first, so two concurrent moves
 * cannot build a cycle between them; `org_group_closure` answers "this group and everything under it" with one
 * index range however deep the tree is.
 */
@Injectable()
export class GroupsService {
  constructor(
    @InjectRepository(Group) private readonly groups: Repository<Group>,
    @InjectRepository(GroupClosure) private readonly closure: Repository<GroupClosure>,
    private readonly tx: TransactionService,
    private readonly lock: OrganizationLock,
    private readonly memberships: UserMemberships,
    private readonly events: EventEmitter2,
    private readonly clock: Clock,
  ) {}

  async list(orgId: string): Promise<{ items: GroupView[] }> {
    const rows = await this.groups.find({ where: { organizationId: orgId }, order: { code: 'ASC' } });
    return { items: rows.map(toGroupView) };
  }

  async get(orgId: string, groupId: string): Promise<GroupView> {
    const group = await this.groups.findOne({ where: { id: groupId, organizationId: orgId } });
    if (!group) throw AppError.notFound('Group');
    return toGroupView(group);
  }

  async create(actor: Actor, dto: CreateGroupDto): Promise<GroupView> {
    assertTreeAdministrator(actor);
    const orgId = actor.orgId;
    return this.tx.run(async (em) => {
      await this.lock.lock(em, orgId);
      const parentId = dto.parentId ?? null;
      if (parentId) await this.findInOrg(em, orgId, parentId, 'Parent group');
      await this.assertCodeFree(em, orgId, dto.code);
      const now = this.clock.now();
      const group = em.create(Group, {
        id: newId(now.getTime()),
        organizationId: orgId,
        code: dto.code,
        name: dto.name,
        parentId,
        createdAt: now,
        updatedAt: now,
      });
      await em.insert(Group, group);
      await em.insert(GroupClosure, {
        ancestorId: group.id,
        descendantId: group.id,
        organizationId: orgId,
        depth: 0,
      });
      if (parentId) {
        await em.query(
          `INSERT INTO org_group_closure (ancestor_id, descendant_id, organization_id, depth)
           SELECT ancestor_id, ?, organization_id, depth + 1 FROM org_group_closure WHERE descendant_id = ?`,
          [group.id, parentId],
        );
      }
      return toGroupView(group);
    });
  }

  /** Renames, re-codes or moves a group with its whole subtree; a move under its own subtree is refused. */
  async update(actor: Actor, groupId: string, dto: UpdateGroupDto): Promise<GroupView> {
    assertTreeAdministrator(actor);
    const orgId = actor.orgId;
    return this.tx.run(async (em) => {
      await this.lock.lock(em, orgId);
      const group = await this.findInOrg(em, orgId, groupId, 'Group');
      if (dto.code !== undefined && dto.code !== group.code) {
        await this.assertCodeFree(em, orgId, dto.code);
        group.code = dto.code;
      }
      if (dto.name !== undefined) group.name = dto.name;
      if (dto.parentId !== undefined && dto.parentId !== group.parentId) {
        if (dto.parentId !== null) {
          await this.findInOrg(em, orgId, dto.parentId, 'Parent group');
          if (await this.isInSubtree(orgId, group.id, dto.parentId, em)) {
            throw AppError.validation({
              parentId: ['a group cannot be moved under itself or its descendants'],
            });
          }
        }
        await this.moveSubtree(em, orgId, group.id, dto.parentId);
        group.parentId = dto.parentId;
      }
      group.updatedAt = this.clock.now();
      await em.update(
        Group,
        { id: group.id, organizationId: orgId },
        { code: group.code, name: group.name, parentId: group.parentId, updatedAt: group.updatedAt },
      );
      return toGroupView(group);
    });
  }

  /**
   * Deletes an empty group: one with child groups, members, or rows another module keeps in it (listeners of
   * `group.deleting`, e.g. the individual-number vault's employees) answers 409 GROUP_NOT_EMPTY.
   */
  async remove(actor: Actor, groupId: string): Promise<void> {
    assertTreeAdministrator(actor);
    const orgId = actor.orgId;
    await this.tx.run(async (em) => {
      await this.lock.lock(em, orgId);
      await this.lockGroup(em, orgId, groupId);
      if (await em.exists(Group, { where: { organizationId: orgId, parentId: groupId } }))
        throw groupNotEmpty('children', 'The group has child groups');
      if (await this.memberships.hasMembersInGroup(em, orgId, groupId))
        throw groupNotEmpty('members', 'The group has members');
      await this.events.emitAsync(GROUP_DELETING, {
        em,
        organizationId: orgId,
        groupId,
      } satisfies GroupDeletingEvent);
      await em.delete(GroupClosure, { descendantId: groupId });
      await em.delete(Group, { id: groupId, organizationId: orgId });
    });
  }

  /**
   * Locks a group of the organization (404 when it is not one). Whoever puts a user into a group calls this in
   * the same transaction, so the group cannot be deleted underneath.
   */
  async lockGroup(em: EntityManager, orgId: string, groupId: string): Promise<Group> {
    const group = await this.tx
      .lockForUpdate(
        em
          .createQueryBuilder(Group, 'g')
          .where('g.id = :groupId AND g.organizationId = :orgId', { groupId, orgId }),
      )
      .getOne();
    if (!group) throw AppError.notFound('Group');
    return group;
  }

  /** The group and all its descendants (for `subtree` scope and group filters); empty for an unknown group. */
  async subtreeGroupIds(orgId: string, groupId: string, em?: EntityManager): Promise<string[]> {
    const rows = await (em ?? this.tx.dataSource.manager).find(GroupClosure, {
      where: { organizationId: orgId, ancestorId: groupId },
      select: { descendantId: true },
    });
    return rows.map((r) => r.descendantId);
  }

  /** Whether `groupId` is `ancestorId` or lies under it. */
  isInSubtree(orgId: string, ancestorId: string, groupId: string, em?: EntityManager): Promise<boolean> {
    return (em ?? this.tx.dataSource.manager).exists(GroupClosure, {
      where: { organizationId: orgId, ancestorId, descendantId: groupId },
    });
  }

  /** Re-hangs a subtree: drops the pairs that cross its boundary, then pairs the new ancestors with every node. */
  private async moveSubtree(
    em: EntityManager,
    orgId: string,
    groupId: string,
    newParentId: string | null,
  ): Promise<void> {
    const subtree = await this.subtreeGroupIds(orgId, groupId, em);
    const oldAncestors = (
      await em.find(GroupClosure, {
        where: { organizationId: orgId, descendantId: groupId },
        select: { ancestorId: true },
      })
    )
      .map((r) => r.ancestorId)
      .filter((id) => id !== groupId);
    if (oldAncestors.length) {
      for (let i = 0; i < subtree.length; i += CHUNK) {
        await em
          .createQueryBuilder()
          .delete()
          .from(GroupClosure)
          .where('ancestor_id IN (:...ancestors) AND descendant_id IN (:...nodes)', {
            ancestors: oldAncestors,
            nodes: subtree.slice(i, i + CHUNK),
          })
          .execute();
      }
    }
    if (newParentId) {
      await em.query(
        `INSERT INTO org_group_closure (ancestor_id, descendant_id, organization_id, depth)
         SELECT a.ancestor_id, s.descendant_id, s.organization_id, a.depth + s.depth + 1
         FROM org_group_closure a CROSS JOIN org_group_closure s
         WHERE a.descendant_id = ? AND s.ancestor_id = ?`,
        [newParentId, groupId],
      );
    }
  }

  private async findInOrg(em: EntityManager, orgId: string, groupId: string, what: string): Promise<Group> {
    const group = await em.findOne(Group, { where: { id: groupId, organizationId: orgId } });
    if (!group) throw AppError.notFound(what);
    return group;
  }

  private async assertCodeFree(em: EntityManager, orgId: string, code: string): Promise<void> {
    if (await em.exists(Group, { where: { organizationId: orgId, code } })) {
      throw AppError.conflict('A group with this code already exists in the organization', { field: 'code' });
    }
  }
}

/**
 * Changing the tree needs `users.manage` over the whole organization: a `subtree` holder administers the users of
 * their branch but does not reshape the organization (decision; SPEC §2 names no permission for groups).
 */
function assertTreeAdministrator(actor: Actor): void {
  if (actor.isSystemOperator || actor.permissions.get(Permission.UsersManage) === null) return;
  throw AppError.forbidden('Changing groups needs users.manage for the whole organization');
}

function toGroupView(g: Group): GroupView {
  return {
    id: g.id,
    code: g.code,
    name: g.name,
    parentId: g.parentId,
    createdAt: g.createdAt.toISOString(),
    updatedAt: g.updatedAt.toISOString(),
  };
}
