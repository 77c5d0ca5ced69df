import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, Repository } from 'typeorm';
import { insertRows } from '@kanri/common/database/bulk-insert';
import { placeholders } from '@kanri/common/database/sql-values';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { MemberCounts } from './member-counts';
import { UserSearchIndex } from './search/user-search-index';
import { User } from './user.entity';

/** How many ids go into one `IN (...)` list of a write. */
const CHUNK = 500;
/** How many login IDs go into one `IN (...)` lookup. */
const LOOKUP_CHUNK = 2000;
/** Columns an import may change on an existing account (database names, for the multi-row upsert). */
const IMPORTABLE_COLUMNS = [
  'family_name',
  'given_name',
  'family_name_kana',
  'given_name_kana',
  'email',
  'sub_email',
  'group_id',
  'attributes',
  'attributes_sort_key',
  'valid_from',
  'valid_to',
  'is_disabled',
  'language',
  'note',
  'password_hash',
  'password_changed_at',
  'updated_at',
];

/** A member's row as the usage-stop screens and job read it. */
export type UsageStopRow = Pick<
  User,
  'id' | 'loginId' | 'familyName' | 'givenName' | 'isManager' | 'usageStopDate'
>;

/**
 * The statements member administration (src/members) runs on account rows: creating, changing, disabling and
 * deleting members, imports and the usage stop. Every write takes the caller's `em`, so it commits with the rest
 * of the caller's transaction (the organization lock, the manager policy, the audit rows); bulk statements stay
 * set-based (chunked `IN` lists, multi-row inserts and upserts). Rows are always narrowed by organization where
 * the caller acts for one. Every write of a member's group or disabled flag goes through here, and the member's
 * attribute rows copy both with it (UserSearchIndex.followMembership): the user list filters on those copies.
 */
@Injectable()
export class MemberAccounts {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly tx: TransactionService,
    private readonly counts: MemberCounts,
    private readonly searchIndex: UserSearchIndex,
  ) {}

  /** Whether an account of any organization has this login ID (login IDs are unique across Kanri). */
  loginIdTaken(em: EntityManager, loginId: string): Promise<boolean> {
    return em.exists(User, { where: { loginId } });
  }

  /** The login IDs among these that an account of any organization has. */
  async takenLoginIds(em: EntityManager, loginIds: readonly string[]): Promise<string[]> {
    const taken: string[] = [];
    for (let i = 0; i < loginIds.length; i += LOOKUP_CHUNK) {
      const rows = await em.find(User, {
        where: { loginId: In(loginIds.slice(i, i + LOOKUP_CHUNK)) },
        select: { loginId: true },
      });
      taken.push(...rows.map((u) => u.loginId));
    }
    return taken;
  }

  /** One new account (ユーザー作成), counted in its organization's member counter. */
  async insertAccount(em: EntityManager, account: User): Promise<void> {
    await em.insert(User, account);
    await this.counts.addAccounts(em, [account.organizationId], 1);
  }

  /**
   * New accounts, in multi-row statements (a duplicate login ID fails the statement: the caller maps it), counted in
   * their organizations' member counters.
   */
  async insertAccounts(em: EntityManager, accounts: readonly User[]): Promise<void> {
    await insertRows(em, User, accounts);
    await this.counts.addAccounts(
      em,
      accounts.map((a) => a.organizationId),
      1,
    );
  }

  /**
   * Writes imported changes back, one multi-row upsert per chunk, touching only the columns an import may change
   * (the group and the disabled flag among them, which the members' attribute rows copy).
   */
  async writeImportedChanges(em: EntityManager, accounts: readonly User[]): Promise<void> {
    for (let i = 0; i < accounts.length; i += CHUNK) {
      const chunk = accounts.slice(i, i + CHUNK);
      await em
        .createQueryBuilder()
        .insert()
        .into(User)
        .values(chunk)
        .orUpdate(IMPORTABLE_COLUMNS, ['id'])
        .execute();
      await this.searchIndex.followMembership(
        em,
        chunk.map((a) => a.id),
      );
    }
  }

  /** The accounts with these login IDs (any organization), locked for the rest of the transaction. */
  async lockByLoginIds(em: EntityManager, loginIds: readonly string[]): Promise<Map<string, User>> {
    const found = new Map<string, User>();
    for (let i = 0; i < loginIds.length; i += LOOKUP_CHUNK) {
      const qb = em.createQueryBuilder(User, 'u').where({ loginId: In(loginIds.slice(i, i + LOOKUP_CHUNK)) });
      for (const u of await this.tx.lockForUpdate(qb).getMany()) found.set(u.loginId, u);
    }
    return found;
  }

  /** One member of the organization, optionally locked; null when absent or of another organization. */
  findMember(em: EntityManager, orgId: string, userId: string, lock = false): Promise<User | null> {
    const qb = em
      .createQueryBuilder(User, 'u')
      .where('u.id = :userId AND u.organizationId = :orgId', { userId, orgId });
    return (lock ? this.tx.lockForUpdate(qb) : qb).getOne();
  }

  /** The members among these ids, locked (what a bulk action needs of them); ids of non-members are left out. */
  async lockMembers(
    em: EntityManager,
    orgId: string,
    userIds: readonly string[],
  ): Promise<Pick<User, 'id' | 'loginId' | 'groupId' | 'isDisabled' | 'organizationId'>[]> {
    const found: User[] = [];
    for (let i = 0; i < userIds.length; i += CHUNK) {
      const qb = em
        .createQueryBuilder(User, 'u')
        .select(['u.id', 'u.loginId', 'u.groupId', 'u.isDisabled', 'u.organizationId'])
        .where('u.organizationId = :orgId AND u.id IN (:...ids)', {
          orgId,
          ids: userIds.slice(i, i + CHUNK),
        });
      found.push(...(await this.tx.lockForUpdate(qb).getMany()));
    }
    return found;
  }

  /** Changes one member's row (and their attribute rows' copy of a new group or disabled flag). */
  async updateMember(
    em: EntityManager,
    orgId: string,
    userId: string,
    changes: Partial<User>,
  ): Promise<void> {
    await em.update(User, { id: userId, organizationId: orgId }, changes);
    if ('groupId' in changes || 'isDisabled' in changes)
      await this.searchIndex.followMembership(em, [userId]);
  }

  /** Disables (or enables) these members, set-based. */
  async setDisabled(
    em: EntityManager,
    orgId: string,
    userIds: readonly string[],
    disabled: boolean,
    now: Date,
  ): Promise<void> {
    for (let i = 0; i < userIds.length; i += CHUNK) {
      const ids = userIds.slice(i, i + CHUNK);
      await em
        .createQueryBuilder()
        .update(User)
        .set({ isDisabled: disabled, updatedAt: now })
        .where('organization_id = :orgId AND id IN (:...ids)', { orgId, ids })
        .execute();
      await this.searchIndex.followMembership(em, ids);
    }
  }

  /**
   * Deletes these members' rows, set-based (the caller has ended their sessions and removed what refers to them);
   * the organization's member counter loses as many as were deleted (ids of non-members delete nothing).
   */
  async deleteMembers(em: EntityManager, orgId: string, userIds: readonly string[]): Promise<void> {
    let deleted = 0;
    for (let i = 0; i < userIds.length; i += CHUNK) {
      const ids = userIds.slice(i, i + CHUNK);
      // Counted before the delete: the drivers' affected-row figures differ, a locking count does not.
      deleted += await this.countMembersAmong(em, orgId, ids);
      await em
        .createQueryBuilder()
        .delete()
        .from(User)
        .where('organization_id = :orgId AND id IN (:...ids)', { orgId, ids })
        .execute();
    }
    await this.counts.add(em, new Map([[orgId, -deleted]]));
  }

  /** How many of these ids are members of the organization, as a locking read (the rows are about to change). */
  private async countMembersAmong(em: EntityManager, orgId: string, ids: readonly string[]): Promise<number> {
    const rows: { n: number | string }[] = await em.query(
      `SELECT COUNT(*) AS n FROM users WHERE organization_id = ? AND id IN (${placeholders(ids.length)})${
        this.tx.isMysql ? ' FOR UPDATE' : ''
      }`,
      [orgId, ...ids],
    );
    return Number(rows[0]?.n ?? 0);
  }

  /**
   * A provisional account becomes a regular one with its password set (invitation accepted); false when it is no
   * longer provisional (a second acceptance racing this one).
   */
  async activateProvisional(
    em: EntityManager,
    userId: string,
    credentials: { passwordHash: string; confirmationHash: string | null },
    now: Date,
  ): Promise<boolean> {
    const activated = await em.update(
      User,
      { id: userId, isProvisional: true },
      {
        passwordHash: credentials.passwordHash,
        ...(credentials.confirmationHash ? { confirmationHash: credentials.confirmationHash } : {}),
        isProvisional: false,
        mustChangePassword: false,
        passwordChangedAt: now,
        updatedAt: now,
      },
    );
    return (activated.affected ?? 0) === 1;
  }

  /** 利用停止日一覧: one page of the organization's members, or only those with a stop date (by date). */
  usageStopPage(
    orgId: string,
    scheduledOnly: boolean,
    page: number,
    perPage: number,
  ): Promise<[UsageStopRow[], number]> {
    const qb = this.users
      .createQueryBuilder('u')
      .select(['u.id', 'u.loginId', 'u.familyName', 'u.givenName', 'u.isManager', 'u.usageStopDate'])
      .where('u.organizationId = :orgId', { orgId });
    if (scheduledOnly) {
      qb.andWhere('u.usageStopDate IS NOT NULL')
        .orderBy('u.usageStopDate', 'ASC')
        .addOrderBy('u.loginId', 'ASC');
    } else {
      qb.orderBy('u.loginId', 'ASC');
    }
    return qb
      .skip((page - 1) * perPage)
      .take(perPage)
      .getManyAndCount();
  }

  /** The organizations with a member whose stop date is before `date` (the usage-stop job's work list). */
  async organizationsWithStopsBefore(date: string): Promise<string[]> {
    const rows: { organization_id: string }[] = await this.tx.dataSource.query(
      `SELECT DISTINCT organization_id FROM users
        WHERE usage_stop_date IS NOT NULL AND usage_stop_date < ? AND organization_id IS NOT NULL`,
      [date],
    );
    return rows.map((r) => r.organization_id);
  }

  /** The members whose stop date is before `date`, locked. */
  lockStoppedBefore(em: EntityManager, orgId: string, date: string): Promise<UsageStopRow[]> {
    return this.tx
      .lockForUpdate(
        em
          .createQueryBuilder(User, 'u')
          .select(['u.id', 'u.loginId', 'u.isManager', 'u.usageStopDate'])
          .where('u.organizationId = :orgId AND u.usageStopDate IS NOT NULL AND u.usageStopDate < :date', {
            orgId,
            date,
          }),
      )
      .getMany();
  }

  /** The ids of the organization's enabled managers, locked. */
  async lockEnabledManagerIds(em: EntityManager, orgId: string): Promise<string[]> {
    const rows = await this.tx
      .lockForUpdate(
        em
          .createQueryBuilder(User, 'u')
          .select(['u.id'])
          .where('u.organizationId = :orgId AND u.isManager = :yes AND u.isDisabled = :no', {
            orgId,
            yes: true,
            no: false,
          }),
      )
      .getMany();
    return rows.map((u) => u.id);
  }

  /** Plain rows of these login IDs (any organization) for an import's check phase, without the builder's cost. */
  accountsByLoginIds(loginIds: readonly string[]): Promise<Record<string, unknown>[]> {
    return this.users.query(
      `SELECT id, login_id, organization_id, family_name, given_name, is_provisional
         FROM users WHERE login_id IN (${placeholders(loginIds.length)})`,
      [...loginIds],
    );
  }

  /**
   * SCIM provisioning's list (`GET /scim/v2/Users`): members of the organization in creation order (ids are
   * time-ordered), optionally only the one with a login ID, `limit` from `offset`, and how many there are.
   */
  async provisioningPage(
    orgId: string,
    loginId: string | null,
    offset: number,
    limit: number,
  ): Promise<{ users: User[]; total: number }> {
    const where = loginId === null ? { organizationId: orgId } : { organizationId: orgId, loginId };
    const [users, total] = await Promise.all([
      limit > 0
        ? this.users.find({ where, order: { id: 'ASC' }, skip: offset, take: limit })
        : Promise.resolve([]),
      this.users.count({ where }),
    ]);
    return { users, total };
  }

  /** Members of one group, in login ID order (SCIM Group `members`). */
  async membersOfGroup(
    orgId: string,
    groupId: string,
    em?: EntityManager,
  ): Promise<Pick<User, 'id' | 'loginId'>[]> {
    return (em?.getRepository(User) ?? this.users).find({
      where: { organizationId: orgId, groupId },
      select: { id: true, loginId: true },
      order: { loginId: 'ASC' },
    });
  }
}
