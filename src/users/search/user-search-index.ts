import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { insertRows } from '@kanri/common/database/bulk-insert';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { placeholders } from '@kanri/common/database/sql-values';
import { nameTermRows } from './name-terms';
import { UserNameTerm } from './user-name-term.entity';
import { UserAttribute } from './user-attribute.entity';
import { attributesSortKey } from './user-attributes';
import { TagSetCounts } from './tag-set-counts';
import { countTagSet, membersHavingAny, type TagSetDeltas } from './tag-set-match';

const CHUNK = 500;

export interface IndexedNames {
  familyName: string;
  givenName: string;
  familyNameKana: string | null;
  givenNameKana: string | null;
}

/** A member as the attribute rows need them. */
export interface AttributedMember {
  id: string;
  loginId: string;
  groupId: string | null;
  isDisabled: boolean;
  attributes: readonly string[];
}

/**
 * Keeps the list's lookup rows in step with the users, inside the caller's transaction: the name-search dictionary
 * (search/name-terms.ts) and the attribute rows (user-attributes.ts). Every path that writes names or attributes
 * of an organization's members (create, update, import) calls this, and MemberAccounts on every write of a member's
 * group or disabled flag, which the attribute rows copy (followMembership).
 */
@Injectable()
export class UserSearchIndex {
  constructor(
    private readonly tagSets: TagSetCounts,
    private readonly tx: TransactionService,
  ) {}

  /** Adds the suffixes of these names to the organization's dictionary (existing rows are kept). */
  async addNames(em: EntityManager, orgId: string, users: readonly IndexedNames[]): Promise<void> {
    const names = new Set<string>();
    for (const u of users) {
      for (const name of [u.familyName, u.givenName, u.familyNameKana, u.givenNameKana])
        if (name) names.add(name);
    }
    const rows = nameTermRows([...names])
      .map(([suffix, term]) => ({ organizationId: orgId, suffix, term }))
      // In primary-key order: the clustered index fills pages one after another.
      .sort((a, b) =>
        a.suffix < b.suffix ? -1 : a.suffix > b.suffix ? 1 : a.term < b.term ? -1 : a.term > b.term ? 1 : 0,
      );
    await insertRows(em, UserNameTerm, rows, { ignore: true });
  }

  /**
   * Sets the attribute rows of these members to exactly their tags (each row carries the member's sort key, login ID,
   * group and disabled flag), and the tag-list counters with them: the lists the members leave and join are netted into one write each,
   * in key order, so a member whose tags did not change writes no counter.
   */
  async setAttributes(
    em: EntityManager,
    orgId: string,
    members: readonly AttributedMember[],
    known: 'new' | 'existing',
  ): Promise<void> {
    if (!members.length) return;
    const deltas: TagSetDeltas = new Map();
    if (known === 'existing')
      await this.dropRows(
        em,
        members.map((m) => m.id),
        deltas,
      );
    const rows: UserAttribute[] = [];
    for (const m of members) {
      if (!m.attributes.length) continue;
      const sortKey = attributesSortKey(m.attributes);
      countTagSet(deltas, orgId, sortKey, 1);
      for (const attribute of m.attributes)
        rows.push({
          organizationId: orgId,
          attribute,
          userId: m.id,
          sortKey,
          loginId: m.loginId,
          groupId: m.groupId,
          isDisabled: m.isDisabled,
        });
    }
    // In primary-key order: the clustered index fills pages one after another.
    rows.sort((a, b) =>
      a.attribute < b.attribute
        ? -1
        : a.attribute > b.attribute
          ? 1
          : a.userId < b.userId
            ? -1
            : a.userId > b.userId
              ? 1
              : 0,
    );
    await insertRows(em, UserAttribute, rows);
    await this.tagSets.add(em, deltas);
  }

  /**
   * How many members of the organization have any of these tags, from the tag-list counters (TagSetCounts); null
   * when the counters cannot tell (a list longer than the sort key) and the rows must be counted.
   */
  async countHavingAny(
    orgId: string,
    attributes: readonly string[],
    em?: EntityManager,
  ): Promise<number | null> {
    return membersHavingAny(await this.tagSets.read(orgId, em), attributes);
  }

  /** A member's login ID changed: their attribute rows follow it (the list sorts them by it). */
  async renamed(em: EntityManager, userId: string, loginId: string): Promise<void> {
    await em
      .createQueryBuilder()
      .update(UserAttribute)
      .set({ loginId })
      .where('user_id = :userId', { userId })
      .execute();
  }

  /**
   * These members' group or disabled flag was written: their attribute rows copy both again from the users (one
   * statement per chunk, whatever each member's new values are; the callers hold the users' rows locked).
   */
  async followMembership(em: EntityManager, userIds: readonly string[]): Promise<void> {
    for (let i = 0; i < userIds.length; i += CHUNK) {
      const ids = userIds.slice(i, i + CHUNK);
      await em.query(
        `UPDATE user_attributes SET
           group_id = (SELECT u.group_id FROM users u WHERE u.id = user_attributes.user_id),
           is_disabled = (SELECT u.is_disabled FROM users u WHERE u.id = user_attributes.user_id)
         WHERE user_id IN (${placeholders(ids.length)})`,
        ids,
      );
    }
  }

  /** Drops the attribute rows of these users (they are being deleted, or leave), and counts them out of their lists. */
  async forget(em: EntityManager, userIds: readonly string[]): Promise<void> {
    const deltas: TagSetDeltas = new Map();
    await this.dropRows(em, userIds, deltas);
    await this.tagSets.add(em, deltas);
  }

  /** Deletes the users' attribute rows, counting the members each tag list loses into `deltas`. */
  private async dropRows(em: EntityManager, userIds: readonly string[], deltas: TagSetDeltas): Promise<void> {
    for (let i = 0; i < userIds.length; i += CHUNK) {
      const ids = userIds.slice(i, i + CHUNK);
      // A locking read on MySQL/MariaDB: it counts the rows the DELETE below removes, as committed now, not as the
      // transaction's snapshot (taken at its first plain read) had them before a concurrent retag committed.
      const sets: { organization_id: string; sort_key: string; members: number | string }[] = await em.query(
        `SELECT organization_id, sort_key, COUNT(DISTINCT user_id) AS members FROM user_attributes
          WHERE user_id IN (${placeholders(ids.length)}) GROUP BY organization_id, sort_key${this.tx.isMysql ? ' FOR UPDATE' : ''}`,
        ids,
      );
      for (const set of sets) countTagSet(deltas, set.organization_id, set.sort_key, -Number(set.members));
      await em
        .createQueryBuilder()
        .delete()
        .from(UserAttribute)
        .where('user_id IN (:...ids)', { ids })
        .execute();
    }
  }
}
