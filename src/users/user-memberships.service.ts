import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { UserSearchIndex } from './search/user-search-index';
import { MemberCounts } from './member-counts';
import { User } from './user.entity';

/**
 * Organization membership of accounts (SPEC §2), called by the organizations and members modules inside their
 * transactions. Those modules lock the organization row before calling these, so counts read here are exact.
 */
@Injectable()
export class UserMemberships {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
    private readonly searchIndex: UserSearchIndex,
    private readonly counts: MemberCounts,
  ) {}

  /**
   * 組織内ユーザー数: every account of the organization, disabled and provisional ones included. With `lock` the
   * count is a locking read (FOR UPDATE on MySQL), which sees the latest committed rows even when the caller's
   * transaction already holds an older snapshot (InnoDB REPEATABLE READ).
   */
  async countMembers(em: EntityManager, orgId: string, lock = false): Promise<number> {
    const qb = em
      .createQueryBuilder(User, 'u')
      .select('COUNT(*)', 'n')
      .where('u.organizationId = :orgId', { orgId });
    const row = await (lock ? this.tx.lockForUpdate(qb) : qb).getRawOne<{ n: number | string }>();
    return Number(row?.n ?? 0);
  }

  /**
   * The membership facts of one account; with `lock`, the row is locked (FOR UPDATE on MySQL) so that it cannot
   * change organization or flags until the transaction ends.
   */
  async findMembership(em: EntityManager, userId: string, lock = false): Promise<UserMembership | null> {
    const qb = em
      .createQueryBuilder(User, 'u')
      .select(MEMBERSHIP_COLUMNS)
      .where('u.id = :userId', { userId });
    const u = await (lock ? this.tx.lockForUpdate(qb) : qb).getOne();
    return u ? toMembership(u) : null;
  }

  /** The members among `userIds` (others are silently absent); with `lock`, a locking read. */
  async findMembers(
    em: EntityManager,
    orgId: string,
    userIds: readonly string[],
    lock = false,
  ): Promise<UserMembership[]> {
    const found: UserMembership[] = [];
    for (let i = 0; i < userIds.length; i += MEMBERSHIP_CHUNK) {
      const qb = em
        .createQueryBuilder(User, 'u')
        .select(MEMBERSHIP_COLUMNS)
        .where('u.organizationId = :orgId AND u.id IN (:...ids)', {
          orgId,
          ids: userIds.slice(i, i + MEMBERSHIP_CHUNK),
        });
      const rows = await (lock ? this.tx.lockForUpdate(qb) : qb).getMany();
      found.push(...rows.map(toMembership));
    }
    return found;
  }

  /** Holders of the manager flag in an organization; with `lock`, a locking read (see `countMembers`). */
  async findManagers(em: EntityManager, orgId: string, lock = false): Promise<UserMembership[]> {
    const qb = em
      .createQueryBuilder(User, 'u')
      .select(MEMBERSHIP_COLUMNS)
      .where('u.organizationId = :orgId AND u.isManager = :yes', { orgId, yes: 1 });
    return (await (lock ? this.tx.lockForUpdate(qb) : qb).getMany()).map(toMembership);
  }

  /** Every member with the columns the manager screen (管理責任者修正) shows, login ID ascending. */
  async listMembers(orgId: string): Promise<MemberSummary[]> {
    const rows = await this.users.find({
      where: { organizationId: orgId },
      select: { id: true, loginId: true, familyName: true, givenName: true, isManager: true },
      order: { loginId: 'ASC' },
    });
    return rows.map((u) => ({
      id: u.id,
      loginId: u.loginId,
      familyName: u.familyName,
      givenName: u.givenName,
      isManager: u.isManager,
    }));
  }

  /**
   * Login ID and name of the members among `userIds` (other organizations' ids are silently absent), login ID
   * ascending; with `activeOnly`, only members who can act (not disabled, no usage stop date, not a system operator).
   */
  async findNames(orgId: string, userIds: readonly string[], activeOnly = false): Promise<MemberName[]> {
    const found: MemberName[] = [];
    for (let i = 0; i < userIds.length; i += MEMBERSHIP_CHUNK) {
      const qb = this.users
        .createQueryBuilder('u')
        .select(['u.id', 'u.loginId', 'u.familyName', 'u.givenName'])
        .where('u.organizationId = :orgId AND u.id IN (:...ids)', {
          orgId,
          ids: userIds.slice(i, i + MEMBERSHIP_CHUNK),
        });
      if (activeOnly)
        qb.andWhere('u.isDisabled = :no AND u.isSystemOperator = :no AND u.usageStopDate IS NULL', {
          no: false,
        });
      for (const u of await qb.getMany()) {
        found.push({
          id: u.id,
          loginId: u.loginId,
          displayName: [u.familyName, u.givenName].filter(Boolean).join(' ') || u.loginId,
        });
      }
    }
    return found.sort((a, b) => (a.loginId < b.loginId ? -1 : a.loginId > b.loginId ? 1 : 0));
  }

  /** Sets or clears the manager flag of the given members (chunked; other organizations' rows are untouched). */
  async setManagerFlags(
    em: EntityManager,
    orgId: string,
    userIds: readonly string[],
    isManager: boolean,
  ): Promise<void> {
    const now = this.clock.now();
    for (let i = 0; i < userIds.length; i += MEMBERSHIP_CHUNK) {
      await em
        .createQueryBuilder()
        .update(User)
        .set({ isManager, updatedAt: now })
        .where('organization_id = :orgId AND id IN (:...ids)', {
          orgId,
          ids: userIds.slice(i, i + MEMBERSHIP_CHUNK),
        })
        .execute();
    }
  }

  /**
   * Puts an account into an organization (or none): the group and the attributes are cleared (both belong to one
   * organization) and the manager flag set as given (a move clears it, SPEC §2; creating an organization sets it).
   * The account's names join the new organization's search dictionary, so the user list finds them, and both
   * organizations' member counters follow (member-counts.ts).
   */
  async moveToOrganization(
    em: EntityManager,
    userId: string,
    orgId: string | null,
    asManager = false,
  ): Promise<void> {
    // Where it was, as a locking read (the callers hold the account's row already; this reads the latest value).
    const [before] = (await em.query(
      `SELECT organization_id FROM users WHERE id = ?${this.tx.isMysql ? ' FOR UPDATE' : ''}`,
      [userId],
    )) as { organization_id: string | null }[];
    await em.update(
      User,
      { id: userId },
      {
        organizationId: orgId,
        groupId: null,
        attributes: [],
        attributesSortKey: '',
        isManager: asManager,
        updatedAt: this.clock.now(),
      },
    );
    await this.searchIndex.forget(em, [userId]);
    if (orgId) {
      const names = await em.findOne(User, {
        where: { id: userId },
        select: { id: true, familyName: true, givenName: true, familyNameKana: true, givenNameKana: true },
      });
      if (names) await this.searchIndex.addNames(em, orgId, [names]);
    }
    // The member counters of both organizations (nothing when the account stays where it was, or does not exist).
    const from = before?.organization_id ?? null;
    if (before && from !== orgId) {
      const deltas = new Map<string, number>();
      if (from) deltas.set(from, -1);
      if (orgId) deltas.set(orgId, 1);
      await this.counts.add(em, deltas);
    }
  }

  /** Whether any member of the organization belongs to the group (GROUP_NOT_EMPTY). */
  hasMembersInGroup(em: EntityManager, orgId: string, groupId: string): Promise<boolean> {
    return em.exists(User, { where: { organizationId: orgId, groupId } });
  }
}

/** How many ids go into one `IN (...)` list. */
const MEMBERSHIP_CHUNK = 500;
const MEMBERSHIP_COLUMNS = [
  'u.id',
  'u.organizationId',
  'u.groupId',
  'u.isManager',
  'u.isDisabled',
  'u.usageStopDate',
  'u.isSystemOperator',
];

/** What the organizations module needs to know about an account's membership. */
export interface UserMembership {
  id: string;
  organizationId: string | null;
  groupId: string | null;
  isManager: boolean;
  isSystemOperator: boolean;
  /** Not disabled and no usage stop date: a manager who can keep the organization answerable (manager-policy.ts). */
  isActive: boolean;
}

/** A member as a screen names them: login ID and 姓 名 (the login ID when no name is kept). */
export interface MemberName {
  id: string;
  loginId: string;
  displayName: string;
}

export interface MemberSummary {
  id: string;
  loginId: string;
  familyName: string;
  givenName: string;
  isManager: boolean;
}

function toMembership(u: User): UserMembership {
  return {
    id: u.id,
    organizationId: u.organizationId,
    groupId: u.groupId,
    isManager: u.isManager,
    isSystemOperator: u.isSystemOperator,
    isActive: !u.isDisabled && !u.usageStopDate,
  };
}
