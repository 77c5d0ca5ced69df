import { KANA_PATTERN } from '../dto/user-fields.dto';
import { MAX_TERM_LENGTH, normalizeForSearch } from './name-terms';

/** Keywords beyond this many are ignored. */
const MAX_TOKENS = 5;

/**
 * 権限 (role) as the list and the CSV show it, after the roles of SPEC §1: a member holding any granted permission is
 * 管理者権限, anyone else 一般ユーザー; a manager's role is followed by （管理責任者）. The one place for the label: the
 * list, the CSV export and the user views all print it from here, and the keyword search matches it.
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
  /** The keyword normalized like the dictionary's suffixes: names and kana containing it have a suffix beginning with it. */
  normalized: string;
  /** Login IDs beginning with the keyword: `[from, to)`, or null when the keyword cannot begin a login ID. */
  loginRange: [string, string] | null;
  /** The roles whose label contains the keyword. */
  roles: RoleCombo[];
  /**
   * Whether a kana field (姓(カナ), 名(カナ)) can contain the keyword: every write path validates those fields with
   * KANA_PATTERN, whose characters stay within it once normalized (user-search.spec.ts), so a keyword with any other
   * character (a kanji, a letter, a digit) is in no kana field and the search skips their lookups.
   */
  mayBeKana: boolean;
}

/** Splits the keyword on spaces (full-width too); every word must match (AND). */
export function searchWords(q: string | undefined): string[] {
  if (!q) return [];
  return q.normalize('NFKC').split(/\s+/).filter(Boolean).slice(0, MAX_TOKENS);
}

/** Each word of the keyword: its dictionary form (name-terms.ts), its login ID prefix range, the roles it names. */
export function searchTokens(q: string | undefined): SearchToken[] {
  return searchWords(q).map((word) => {
    const normalized = Array.from(normalizeForSearch(word)).slice(0, MAX_TERM_LENGTH).join('');
    return {
      normalized,
      loginRange: /^[A-Za-z0-9]{1,12}$/.test(word) ? [word, `${word}{`] : null,
      roles: ROLE_COMBOS.filter((combo) => roleLabel(combo).normalize('NFKC').includes(word)),
      mayBeKana: KANA_PATTERN.test(normalized),
    };
  });
}

/** The suffix range of the dictionary that a normalized keyword selects: `[keyword, keyword + U+10FFFF)`. */
export function suffixRange(normalized: string): [string, string] {
  return [normalized, `${normalized}\u{10FFFF}`];
}
