import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { insertRows } from '@kanri/common/database/bulk-insert';
import { placeholders } from '@kanri/common/database/sql-values';
import { nameTermRows } from './name-terms';
import { UserNameTerm } from './user-name-term.entity';
import { UserAttribute } from './user-attribute.entity';
import { attributesSortKey } from './user-attributes';
import { TagSetCounts } from './tag-set-counts';
import { membersHavingAny, tagSetKey } from './tag-set-match';

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
  attributes: readonly string[];
}

/**
 * Keeps the list's lookup rows in step with the users, inside the caller's transaction: the name-search dictionary
 * (search/name-terms.ts) and the attribute rows (user-attributes.ts). Every path that writes names or attributes
 * of an organization's members (create, update, import) calls this.
 */
@Injectable()
export class UserSearchIndex {
  constructor(private readonly tagSets: TagSetCounts) {}

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

  /** Sets the attribute rows of these members to exactly their tags (each row carries the member's sort key and login ID). */
  async setAttributes(
    em: EntityManager,
    orgId: string,
    members: readonly AttributedMember[],
    known: 'new' | 'existing',
  ): Promise<void> {
    if (!members.length) return;
    if (known === 'existing')
      await this.forget(
        em,
        members.map((m) => m.id),
      );
    const counted = new Map<string, { orgId: string; sortKey: string; delta: number }>();
    for (const m of members) {
      if (!m.attributes.length) continue;
      const sortKey = attributesSortKey(m.attributes);
      const key = tagSetKey(orgId, sortKey);
      counted.set(key, { orgId, sortKey, delta: (counted.get(key)?.delta ?? 0) + 1 });
    }
    const rows = members
      .flatMap((m) => {
        const sortKey = attributesSortKey(m.attributes);
        return m.attributes.map((attribute) => ({
          organizationId: orgId,
          attribute,
          userId: m.id,
          sortKey,
          loginId: m.loginId,
        }));
      })
      .sort((a, b) =>
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
    await this.tagSets.add(em, counted);
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

  /** Drops the attribute rows of these users (they are being deleted, or their tags rewritten). */
  async forget(em: EntityManager, userIds: readonly string[]): Promise<void> {
    for (let i = 0; i < userIds.length; i += CHUNK) {
      const sets: { organization_id: string; sort_key: string; members: number | string }[] = await em.query(
        `SELECT organization_id, sort_key, COUNT(DISTINCT user_id) AS members FROM user_attributes
          WHERE user_id IN (${placeholders(Math.min(CHUNK, userIds.length - i))}) GROUP BY organization_id, sort_key`,
        userIds.slice(i, i + CHUNK),
      );
      await this.tagSets.add(
        em,
        new Map(
          sets.map((s) => [
            tagSetKey(s.organization_id, s.sort_key),
            { orgId: s.organization_id, sortKey: s.sort_key, delta: -Number(s.members) },
          ]),
        ),
      );
      await em
        .createQueryBuilder()
        .delete()
        .from(UserAttribute)
        .where('user_id IN (:...ids)', { ids: userIds.slice(i, i + CHUNK) })
        .execute();
    }
  }
}
