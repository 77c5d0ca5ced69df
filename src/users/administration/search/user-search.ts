import type { EntityManager } from 'typeorm';
import { MAX_TERM_LENGTH, normalizeForSearch } from './name-terms';

/** Keywords beyond this many are ignored. */
const MAX_TOKENS = 5;
/** A keyword matching more distinct names than this is searched without the dictionary's name list. */
export const TERM_LIMIT = 500;

/**
 * 権限 (role) as the list and the CSV show it, after the roles of SPEC §1: a member holding any granted permission is
 * 管理者権限, anyone else 一般ユーザー; a manager's role is followed by （管理責任者）. Kept identical to the audit
 * module's user list export (audit/user-role-label.ts), which prints the same column.
 */
export function roleLabel(member: { isManager: boolean; hasGrants: boolean }): string {
  const role = member.hasGrants ? '管理者権限' : '一般ユーザー';
  return member.isManager ? `${role}（管理責任者）` : role;
}

export interface RoleCombo {
  isManager: boolean;
  hasGrants: boolean;
}

const ROLE_COMBOS: RoleCombo[] = [
  { isManager: false, hasGrants: false },
  { isManager: true, hasGrants: false },
  { isManager: false, hasGrants: true },
  { isManager: true, hasGrants: true },
];

/** One keyword, resolved into what it can match. */
export interface SearchToken {
  /** Distinct stored names or kana containing the keyword, or null when there are too many to list. */
  terms: string[] | null;
  /** The normalized keyword (for the fallback that reads the dictionary in SQL). */
  normalized: string;
  /** Login IDs beginning with the keyword: `[from, to)`, or null when the keyword cannot begin a login ID. */
  loginRange: [string, string] | null;
  /** The roles whose label contains the keyword. */
  roles: RoleCombo[];
}

/** Splits the keyword on spaces (full-width too); every word must match (AND). */
export function searchWords(q: string | undefined): string[] {
  if (!q) return [];
  return q.normalize('NFKC').split(/\s+/).filter(Boolean).slice(0, MAX_TOKENS);
}

/**
 * Resolves each word: the dictionary gives the distinct names containing it (an index range over suffixes, see
 * name-terms.ts), login IDs match by prefix, roles by their label.
 */
export async function resolveSearch(
  em: EntityManager,
  orgId: string,
  q: string | undefined,
): Promise<SearchToken[]> {
  const tokens: SearchToken[] = [];
  for (const word of searchWords(q)) {
    const normalized = Array.from(normalizeForSearch(word)).slice(0, MAX_TERM_LENGTH).join('');
    const rows: { term: string }[] = await em.query(
      `SELECT DISTINCT term FROM user_name_terms
        WHERE organization_id = ? AND suffix >= ? AND suffix < ? LIMIT ${TERM_LIMIT + 1}`,
      [orgId, normalized, `${normalized}\u{10FFFF}`],
    );
    tokens.push({
      terms: rows.length > TERM_LIMIT ? null : rows.map((r) => r.term),
      normalized,
      loginRange: /^[A-Za-z0-9]{1,12}$/.test(word) ? [word, `${word}{`] : null,
      roles: ROLE_COMBOS.filter((combo) => roleLabel(combo).normalize('NFKC').includes(word)),
    });
  }
  return tokens;
}
