/**
 * 属性 (attributes): free tags on a user (SPEC §4), used to filter and sort the user list. Stored three ways, each
 * for one purpose: the list itself on the user (`attributes`, what the API returns), one row per tag in
 * `user_attributes` (the filter: "any of these tags" is an index lookup), and `attributes_sort_key` (the sort: the
 * tags as the list and the CSV show them, so sorting by 属性 is an index scan).
 *
 * A tag is 1–32 characters without commas (the CSV joins tags with commas) or control characters; a user has at
 * most 20. Tags keep the order given, without duplicates.
 */
export const MAX_ATTRIBUTES = 20;
export const MAX_ATTRIBUTE_LENGTH = 32;
// eslint-disable-next-line no-control-regex -- control characters are exactly what a tag may not hold
export const ATTRIBUTE_PATTERN = /^[^,\u0000-\u001f\u007f]+$/;
export const ATTRIBUTE_SEPARATOR = ',';
export const SORT_KEY_LENGTH = 191;

/** Trims each tag, drops empty ones and duplicates, keeps the order. */
export function normalizeAttributes(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const value of values) {
    const tag = value.trim();
    if (!tag || seen.has(tag)) continue;
    seen.add(tag);
    out.push(tag);
  }
  return out;
}

/** The tags as one CSV cell: `営業,東京`. */
export function formatAttributes(values: readonly string[]): string {
  return values.join(ATTRIBUTE_SEPARATOR);
}

/** A CSV cell back into tags (not yet validated). */
export function splitAttributes(cell: string): string[] {
  return normalizeAttributes(cell.split(ATTRIBUTE_SEPARATOR));
}

/** What 属性 sorts by: the cell text, cut to what the index holds; '' for none (first in ascending order). */
export function attributesSortKey(values: readonly string[]): string {
  return Array.from(formatAttributes(values)).slice(0, SORT_KEY_LENGTH).join('');
}

/** The stored JSON list (simple-json) as read by raw SQL. */
export function parseAttributes(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string' || !value) return [];
  try {
    const parsed = JSON.parse(value) as unknown;
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}
