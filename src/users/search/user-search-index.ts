import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { insertRows } from '@kanri/common/database/bulk-insert';
import { nameTermRows } from './name-terms';
import { UserNameTerm } from './user-name-term.entity';
import { UserAttribute } from './user-attribute.entity';
import { attributesSortKey } from './user-attributes';

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
      await em
        .createQueryBuilder()
        .delete()
        .from(UserAttribute)
        .where('user_id IN (:...ids)', { ids: userIds.slice(i, i + CHUNK) })
        .execute();
    }
  }
}
