import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Actor } from '@kanri/access/actor';
import { Clock } from '@kanri/common/clock/clock';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { type GroupView, GroupsService } from '../organizations/groups.service';
import { OrganizationLock } from '../organizations/organization-lock.service';
import { MemberAccounts } from '../users/member-accounts.service';
import { ScimError } from './scim-error';
import { equalityFilter, scimPage } from './scim-filter';
import { displayNameOf, type GroupPatch, groupPatch, memberIds } from './scim-group-patch';
import { excludes, groupResource, listResponse } from './scim-resources';
import { attributeOf } from './scim-user-state';

type Resource = Record<string, unknown>;

/** A code for a group a provisioning client creates (グループコード is Kanri's; SCIM has only a display name). */
function newGroupCode(): string {
  return `scim-${randomBytes(12).toString('hex')}`;
}

/**
 * SCIM Groups over Kanri's organization groups (グループ). A Kanri member belongs to at most one group, so adding
 * a member to a group moves them out of the group they were in; removing a member from a group leaves them in no
 * group. Groups created by SCIM are top-level, with a generated code (`scim-…`); groups a manager made in the
 * console are listed too and can be managed the same way.
 */
@Injectable()
export class ScimGroupsService {
  constructor(
    private readonly groups: GroupsService,
    private readonly accounts: MemberAccounts,
    private readonly tx: TransactionService,
    private readonly lock: OrganizationLock,
    private readonly clock: Clock,
  ) {}

  async list(actor: Actor, query: Record<string, unknown>, baseUrl: string): Promise<Resource> {
    const filter = equalityFilter(query.filter, ['displayname']);
    const page = scimPage(query.startIndex, query.count);
    const all = (await this.groups.list(actor.orgId)).items
      .filter((g) => !filter || g.name === filter.value)
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const chosen = all.slice(page.startIndex - 1, page.startIndex - 1 + page.count);
    const withMembers = !excludes(query.excludedAttributes, 'members');
    const resources = await Promise.all(chosen.map((g) => this.resource(actor, g, baseUrl, withMembers)));
    return listResponse(resources, all.length, page.startIndex);
  }

  async get(actor: Actor, id: string, query: Record<string, unknown>, baseUrl: string): Promise<Resource> {
    const group = await this.groups.get(actor.orgId, id);
    return this.resource(actor, group, baseUrl, !excludes(query.excludedAttributes, 'members'));
  }

  /** POST /Groups `{displayName, members?}`; a display name already used in the organization is 409 uniqueness. */
  async create(actor: Actor, body: unknown, baseUrl: string): Promise<Resource> {
    if (typeof body !== 'object' || body === null)
      throw new ScimError(400, 'invalidSyntax', 'The body must be a SCIM Group resource');
    const name = displayNameOf(attributeOf(body as Record<string, unknown>, 'displayName'));
    const members = memberIds(attributeOf(body as Record<string, unknown>, 'members'));
    if ((await this.groups.list(actor.orgId)).items.some((g) => g.name === name))
      throw new ScimError(409, 'uniqueness', `A group named ${name} already exists`, ErrorCode.Conflict);
    const group = await this.groups.create(actor, { code: newGroupCode(), name, parentId: null });
    if (members.length) {
      try {
        await this.changeMembers(actor, group.id, [{ kind: 'add', userIds: members }]);
      } catch (refusal) {
        // The group and its members are one request: a refused member takes the new group away again.
        await this.groups.remove(actor, group.id);
        throw refusal;
      }
    }
    return this.get(actor, group.id, {}, baseUrl);
  }

  /** PUT /Groups/:id: display name and the whole member set. */
  async replace(actor: Actor, id: string, body: unknown, baseUrl: string): Promise<Resource> {
    await this.groups.get(actor.orgId, id);
    if (typeof body !== 'object' || body === null)
      throw new ScimError(400, 'invalidSyntax', 'The body must be a SCIM Group resource');
    const json = body as Record<string, unknown>;
    return this.applyPatch(
      actor,
      id,
      {
        displayName: displayNameOf(attributeOf(json, 'displayName')),
        steps: [{ kind: 'replace', userIds: memberIds(attributeOf(json, 'members')) }],
      },
      baseUrl,
    );
  }

  async patch(actor: Actor, id: string, body: unknown, baseUrl: string): Promise<Resource | null> {
    await this.groups.get(actor.orgId, id);
    const patch = groupPatch(body);
    await this.applyPatch(actor, id, patch, baseUrl);
    return null;
  }

  /** DELETE /Groups/:id: its members are left in no group, then the group goes (as the console's, 409 if it has subgroups). */
  async remove(actor: Actor, id: string): Promise<void> {
    await this.groups.get(actor.orgId, id);
    await this.changeMembers(actor, id, [{ kind: 'replace', userIds: [] }]);
    await this.groups.remove(actor, id);
  }

  private async applyPatch(actor: Actor, id: string, patch: GroupPatch, baseUrl: string): Promise<Resource> {
    if (patch.displayName !== undefined) await this.groups.update(actor, id, { name: patch.displayName });
    if (patch.steps.length) await this.changeMembers(actor, id, patch.steps);
    return this.get(actor, id, {}, baseUrl);
  }

  /**
   * Member steps in one transaction, after locking the organization and the group (so the group cannot be deleted
   * underneath, as in user administration). An id that is no member of the organization is 400 invalidValue on add.
   */
  private async changeMembers(actor: Actor, groupId: string, steps: GroupPatch['steps']): Promise<void> {
    const orgId = actor.orgId;
    await this.tx.run(async (em) => {
      await this.lock.lock(em, orgId);
      await this.groups.lockGroup(em, orgId, groupId);
      const now = this.clock.now();
      const current = new Set((await this.accounts.membersOfGroup(orgId, groupId, em)).map((m) => m.id));
      const wanted = new Set(current);
      for (const step of steps) {
        if (step.kind === 'replace') wanted.clear();
        for (const id of step.userIds) {
          if (step.kind === 'remove') wanted.delete(id);
          else wanted.add(id);
        }
      }
      for (const id of wanted) {
        if (current.has(id)) continue;
        const member = await this.accounts.findMember(em, orgId, id, true);
        if (!member) throw ScimError.invalidValue(`members: ${id} is not a user of this organization`);
        await this.accounts.updateMember(em, orgId, id, { groupId, updatedAt: now });
      }
      for (const id of current) {
        if (!wanted.has(id))
          await this.accounts.updateMember(em, orgId, id, { groupId: null, updatedAt: now });
      }
    });
  }

  private async resource(
    actor: Actor,
    group: GroupView,
    baseUrl: string,
    withMembers: boolean,
  ): Promise<Resource> {
    const members = withMembers ? await this.accounts.membersOfGroup(actor.orgId, group.id) : null;
    return groupResource(group, members, baseUrl);
  }
}
