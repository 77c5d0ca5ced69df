import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { newId } from '@kanri/common/ids/new-id';
import { PasswordHasher } from '@kanri/security/password-hasher';
import type { Actor } from '@kanri/access/actor';
import { SessionsService } from '../auth/sessions.service';
import { GroupsService } from '../organizations/groups.service';
import { MembershipService } from '../organizations/membership.service';
import { OrganizationLock } from '../organizations/organization-lock.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { type Grant, PermissionGrantsService } from '../organizations/permission-grants.service';
import { UserScopeService } from '../organizations/user-scope.service';
import { MemberAccounts } from '../users/member-accounts.service';
import type { User } from '../users/user.entity';
import { toUserView, type UserView } from '../users/user.view';
import { UserAccounts } from '../users/user-accounts.service';
import type { CreateOrganizationUserDto } from './dto/create-organization-user.dto';
import type { UpdateOrganizationUserDto } from './dto/update-organization-user.dto';
import { InvitationsService } from './invitations.service';
import { UsageStopService } from './usage-stop.service';
import { roleLabel } from '../users/search/user-search';
import { attributesSortKey } from '../users/search/user-attributes';
import { UserRemoval } from './user-removal.service';
import { UserSearchIndex } from '../users/search/user-search-index';

/** What no password verifies against: the hash of a provisional account until its invitation is accepted. */
export const UNUSABLE_PASSWORD_HASH = '!provisional';

/** A user as organization administration shows them: the account, its role, group and grants. */
export interface OrganizationUserView extends UserView {
  /** 権限 as the list prints it. */
  role: string;
  group: { id: string; code: string; name: string } | null;
  /** Grants in this organization (change them with PUT .../users/:userId/permissions). */
  permissions: Grant[];
}

/** Optional profile fields that `null` clears on PATCH. */
const CLEARABLE = [
  'familyNameKana',
  'givenNameKana',
  'email',
  'subEmail',
  'department',
  'phoneExternal',
  'phoneExtension',
  'validFrom',
  'validTo',
  'language',
  'note',
] as const;

/**
 * Organization user administration (SPEC §4 CRUD; manual ユーザー作成 / ユーザー詳細 / ユーザー更新 / 削除). Needs
 * `users.manage`; a holder with `subtree` scope sees and manages only users of their group subtree, others answer
 * 404. Every membership rule (plan limit, last manager, last member) is checked by MembershipService inside the
 * transaction that makes the change, after it locked the organization row.
 */
@Injectable()
export class OrganizationUsersService {
  constructor(
    private readonly memberAccounts: MemberAccounts,
    private readonly tx: TransactionService,
    private readonly accounts: UserAccounts,
    private readonly membership: MembershipService,
    private readonly organizations: OrganizationsService,
    private readonly groups: GroupsService,
    private readonly scope: UserScopeService,
    private readonly grants: PermissionGrantsService,
    private readonly sessions: SessionsService,
    private readonly invitations: InvitationsService,
    private readonly removal: UserRemoval,
    private readonly index: UserSearchIndex,
    private readonly hasher: PasswordHasher,
    private readonly stopDates: UsageStopService,
    private readonly clock: Clock,
    private readonly lock: OrganizationLock,
  ) {}

  /**
   * `POST .../users` (ユーザー作成). A provisional user gets no password but an invitation mail. Permissions are
   * granted through PermissionGrantsService after the account exists (its rules: only what the caller holds, no
   * wider scope, users.manage only by managers); it runs its own transaction, so a refused grant deletes the
   * just-created account again and the request answers with the refusal.
   */
  async create(actor: Actor, dto: CreateOrganizationUserDto): Promise<OrganizationUserView> {
    const provisional = dto.provisional ?? false;
    if (!provisional && !dto.password) {
      throw AppError.validation({ password: ['password is required unless the user is provisional'] });
    }
    if (provisional && dto.password) {
      throw AppError.validation({ password: ['a provisional user sets their own password (invitation)'] });
    }
    if (provisional && !dto.email) {
      throw AppError.validation({ email: ['a provisional user needs an email address for the invitation'] });
    }
    if (dto.password) await this.assertPassword(actor.orgId, dto.password);
    if (dto.usageStopDate !== undefined)
      this.stopDates.assertSettable(actor, dto.usageStopDate, 'usageStopDate');
    await this.assertGroupInReach(actor, dto.groupId ?? null);
    const passwordHash = dto.password ? await this.hasher.hash(dto.password) : UNUSABLE_PASSWORD_HASH;
    const now = this.clock.now();
    const attributes = dto.attributes ?? [];
    const user: User = {
      id: newId(now.getTime()),
      loginId: dto.loginId,
      passwordHash,
      confirmationHash: null,
      familyName: dto.familyName,
      givenName: dto.givenName,
      familyNameKana: dto.familyNameKana ?? null,
      givenNameKana: dto.givenNameKana ?? null,
      email: dto.email ?? null,
      subEmail: dto.subEmail ?? null,
      department: dto.department ?? null,
      phoneExternal: dto.phoneExternal ?? null,
      phoneExtension: dto.phoneExtension ?? null,
      allowedIps: dto.allowedIps ?? [],
      organizationId: actor.orgId,
      groupId: dto.groupId ?? null,
      attributes,
      attributesSortKey: attributesSortKey(attributes),
      isManager: false,
      isSystemOperator: false,
      isProvisional: provisional,
      isDisabled: false,
      mustChangePassword: dto.mustChangePassword ?? false,
      failedLoginCount: 0,
      lockedAt: null,
      lockedUntil: null,
      failedLoginAt: null,
      twoFactorEnabled: false,
      validFrom: dto.validFrom ?? null,
      validTo: dto.validTo ?? null,
      usageStopDate: dto.usageStopDate ?? null,
      language: dto.language ?? null,
      note: dto.note ?? null,
      lastLoginAt: null,
      passwordChangedAt: provisional ? null : now,
      createdAt: now,
      updatedAt: now,
    };
    await this.tx.run(async (em) => {
      await this.membership.assertMayAddMembers(em, actor.orgId, 1);
      if (user.groupId) await this.groups.lockGroup(em, actor.orgId, user.groupId);
      if (await this.memberAccounts.loginIdTaken(em, user.loginId)) {
        throw AppError.conflict('This login ID is already registered', { field: 'loginId' });
      }
      await this.memberAccounts.insertAccount(em, user);
      await this.index.addNames(em, actor.orgId, [user]);
      if (attributes.length) {
        await this.index.setAttributes(em, actor.orgId, [user], 'new');
      }
      if (provisional && !dto.permissions?.length) await this.invitations.invite(em, user);
    });
    if (dto.permissions?.length) {
      try {
        await this.grants.replace(actor, user.id, dto.permissions);
      } catch (refusal) {
        await this.tx.run((em) => this.removal.deleteMembers(em, actor.orgId, [user.id]));
        throw refusal;
      }
      if (provisional) await this.tx.run((em) => this.invitations.invite(em, user));
    }
    return this.view(actor, user.id);
  }

  /** `GET .../users/:userId` (ユーザー詳細). */
  async get(actor: Actor, userId: string): Promise<OrganizationUserView> {
    await this.manageable(this.tx.dataSource.manager, actor, userId);
    return this.view(actor, userId);
  }

  /**
   * `PATCH .../users/:userId` (ユーザー更新): only the fields present change. Disabling and a usage stop date go
   * through the manager policy; a new password or disabling ends the user's sessions. Nobody disables themselves.
   */
  async update(actor: Actor, userId: string, dto: UpdateOrganizationUserDto): Promise<OrganizationUserView> {
    for (const field of ['familyName', 'givenName', 'loginId', 'allowedIps', 'attributes'] as const) {
      if (dto[field] === null) throw AppError.validation({ [field]: [`${field} cannot be null`] });
    }
    if (dto.disabled === true && userId === actor.userId) {
      throw AppError.forbidden('Nobody disables their own account');
    }
    if (dto.password) await this.assertPassword(actor.orgId, dto.password);
    if (dto.usageStopDate !== undefined)
      this.stopDates.assertSettable(actor, dto.usageStopDate, 'usageStopDate');
    if (dto.groupId !== undefined) await this.assertGroupInReach(actor, dto.groupId);
    const passwordHash = dto.password ? await this.hasher.hash(dto.password) : null;
    await this.tx.run(async (em) => {
      // The organization row before the user row, in the order every membership change takes them (a change of
      // the stop date or the disabled flag goes on to the manager policy, which locks the organization).
      await this.lock.lock(em, actor.orgId);
      const user = await this.manageable(em, actor, userId, true);
      const now = this.clock.now();
      const changes: Partial<User> = {};
      for (const field of [
        'familyName',
        'givenName',
        'allowedIps',
        'mustChangePassword',
        ...CLEARABLE,
      ] as const) {
        if (dto[field] !== undefined) (changes as Record<string, unknown>)[field] = dto[field] ?? null;
      }
      if (dto.loginId !== undefined && dto.loginId !== user.loginId) {
        if (await this.memberAccounts.loginIdTaken(em, dto.loginId)) {
          throw AppError.conflict('This login ID is already registered', { field: 'loginId' });
        }
        changes.loginId = dto.loginId;
      }
      if (dto.groupId !== undefined && dto.groupId !== user.groupId) {
        if (dto.groupId) await this.groups.lockGroup(em, actor.orgId, dto.groupId);
        changes.groupId = dto.groupId;
      }
      if (dto.attributes !== undefined) {
        changes.attributes = dto.attributes;
        changes.attributesSortKey = attributesSortKey(dto.attributes);
        const loginId = changes.loginId ?? user.loginId;
        // The rows take the group and flag as they are; a change of either below makes them follow (updateMember).
        await this.index.setAttributes(
          em,
          actor.orgId,
          [{ ...user, loginId, attributes: dto.attributes }],
          'existing',
        );
      } else if (changes.loginId) {
        await this.index.renamed(em, user.id, changes.loginId);
      }
      if (dto.disabled !== undefined && dto.disabled !== user.isDisabled) {
        if (dto.disabled) {
          await this.membership.assertMemberMayLeave(em, actor.orgId, userId, 'disable', actor);
          await this.sessions.endAllForUser(em, userId, 'disabled');
        }
        changes.isDisabled = dto.disabled;
      }
      if (
        dto.usageStopDate !== undefined &&
        (await this.stopDates.applyInTransaction(em, actor, user, dto.usageStopDate))
      ) {
        changes.usageStopDate = dto.usageStopDate;
      }
      if (passwordHash) {
        changes.passwordHash = passwordHash;
        changes.passwordChangedAt = now;
        await this.sessions.endAllForUser(em, userId, 'password_changed');
      }
      if (!Object.keys(changes).length) return;
      await this.memberAccounts.updateMember(em, actor.orgId, userId, { ...changes, updatedAt: now });
      const names = { ...user, ...changes };
      if (['familyName', 'givenName', 'familyNameKana', 'givenNameKana'].some((k) => k in changes)) {
        await this.index.addNames(em, actor.orgId, [names]);
      }
    });
    return this.view(actor, userId);
  }

  /** `DELETE .../users/:userId` (削除). Nobody deletes themselves; the last member only by a system operator. */
  async remove(actor: Actor, userId: string): Promise<void> {
    if (userId === actor.userId) throw AppError.forbidden('Nobody deletes their own account');
    await this.tx.run(async (em) => {
      // The organization row first, as PUT …/managers takes it: user row then organization deadlocked with it.
      await this.lock.lock(em, actor.orgId);
      await this.manageable(em, actor, userId, true);
      await this.membership.assertMemberMayLeave(em, actor.orgId, userId, 'delete', actor);
      await this.removal.deleteMembers(em, actor.orgId, [userId]);
    });
  }

  /** `POST .../users/:userId/invitation`: a fresh invitation mail for a provisional member. */
  async invite(actor: Actor, userId: string): Promise<void> {
    await this.tx.run(async (em) => {
      const user = await this.manageable(em, actor, userId, true);
      await this.invitations.resend(em, user);
    });
  }

  /** The member, if the actor may manage them (404 otherwise: absent, another organization, outside the subtree). */
  async manageable(em: EntityManager, actor: Actor, userId: string, lock = false): Promise<User> {
    const user = await this.memberAccounts.findMember(em, actor.orgId, userId, lock);
    if (!user || !(await this.scope.canManageUser(actor, user, em))) throw AppError.notFound('User');
    return user;
  }

  async view(actor: Actor, userId: string): Promise<OrganizationUserView> {
    const user = await this.accounts.findById(userId);
    if (!user || user.organizationId !== actor.orgId) throw AppError.notFound('User');
    const [grants, group] = await Promise.all([
      this.grants.view(actor, userId),
      user.groupId ? this.groups.get(actor.orgId, user.groupId).catch(() => null) : Promise.resolve(null),
    ]);
    return {
      ...toUserView(user),
      role: roleLabel({ isManager: user.isManager, hasGrants: grants.permissions.length > 0 }),
      group: group ? { id: group.id, code: group.code, name: group.name } : null,
      permissions: grants.permissions,
    };
  }

  private async assertPassword(orgId: string, password: string): Promise<void> {
    const policy = (await this.organizations.effectiveSettingsOf(orgId)).passwordPolicy;
    this.accounts.assertPasswordPolicy(password, policy);
  }

  /** A subtree-scoped administrator keeps users inside their subtree (no group is outside it too). */
  private async assertGroupInReach(actor: Actor, groupId: string | null): Promise<void> {
    const reach = await this.scope.manageableGroupIds(actor);
    if (reach !== null && (!groupId || !reach.includes(groupId))) {
      throw AppError.forbidden('You can only place users in your own group or the groups below it');
    }
  }
}
