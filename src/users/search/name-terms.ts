/**
 * The name-search dictionary (SPEC §4 list `q`). The manual searches for users whose names *contain* the keyword
 * (含む). A substring test cannot use a B-tree index, and at 100,000 members a scan of the organization costs more
 * than the whole budget of a page, so the organization's distinct names and kana are kept in `user_name_terms`
 * with every suffix of their normalized form: "contains k" becomes "some suffix begins with k", an index range,
 * which yields the few distinct names that contain k; the users are then found by equality on the indexed name
 * columns.
 *
 * The dictionary only grows: a name that nobody bears any more costs a row and matches nobody. Login IDs are not
 * in it (they are unique, so it would hold every account ten times over); they match by prefix.
 */

/** Normalization shared by stored suffixes and typed keywords: NFKC (ｶﾅ → カナ, Ａ → A), lower case, hiragana → katakana. */
export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
}

/** Longest stored suffix, in characters (the name columns' length). */
export const MAX_TERM_LENGTH = 30;

/** `[suffix, term]` pairs for these name values (null and empty ignored), without duplicates. */
export function nameTermRows(values: readonly (string | null | undefined)[]): [string, string][] {
  const pairs = new Map<string, [string, string]>();
  for (const value of values) {
    if (!value) continue;
    const chars = Array.from(normalizeForSearch(value)).slice(0, MAX_TERM_LENGTH);
    // Stryker disable next-line EqualityOperator: at i = chars.length the suffix is empty, which the blank check skips
    for (let i = 0; i < chars.length; i++) {
      const suffix = chars.slice(i).join('');
      if (!suffix.trim()) continue;
      pairs.set(`${suffix}\u0000${value}`, [suffix, value]);
    }
  }
  return [...pairs.values()];
}
