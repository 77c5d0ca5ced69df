import { ATTRIBUTE_SEPARATOR, SORT_KEY_LENGTH } from './user-attributes';

/** How many members of an organization have exactly this list of tags (their 属性 sort key). */
export interface TagSetCount {
  sortKey: string;
  members: number;
}

/** Changes to the tag-list counters, by (organization, sort key): what `TagSetCounts.add` writes. */
export type TagSetDeltas = Map<string, { orgId: string; sortKey: string; delta: number }>;

/** The key of a (organization, sort key) pair in TagSetDeltas. */
export function tagSetKey(orgId: string, sortKey: string): string {
  return `${orgId}\u0000${sortKey}`;
}

/** Adds `members` (negative: removes) to one tag list's change; a list that loses and gains alike nets to 0. */
export function countTagSet(deltas: TagSetDeltas, orgId: string, sortKey: string, members: number): void {
  const key = tagSetKey(orgId, sortKey);
  deltas.set(key, { orgId, sortKey, delta: (deltas.get(key)?.delta ?? 0) + members });
}

/**
 * How many members have at least one of these tags, from the organization's tag lists; null when a list was cut to
 * the sort key's length, so that a tag past the cut cannot be seen in it (the caller counts the rows instead).
 */
export function membersHavingAny(sets: readonly TagSetCount[], attributes: readonly string[]): number | null {
  const wanted = new Set(attributes);
  let total = 0;
  for (const set of sets) {
    if (Array.from(set.sortKey).length >= SORT_KEY_LENGTH) return null;
    if (set.sortKey.split(ATTRIBUTE_SEPARATOR).some((tag) => wanted.has(tag))) total += set.members;
  }
  return total;
}
