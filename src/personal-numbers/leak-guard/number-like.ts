import { SECRET_KEY, UUID } from '../../audit/audit-masking';

/** What people put between the digit groups of a number: spaces and hyphens of every width (ー and － included). */
const SEPARATORS = /[\s\-‐‑‒–—−ー－]/g;
const MAX_DEPTH = 6;

/**
 * Whether a text carries something that reads as an individual number: 12 digits in a row once full-width digits
 * are made ASCII (NFKC) and grouping spaces and hyphens are taken out (`1234-5678-9018`, `１２３４ ５６７８ ９０１８`).
 * Ids (UUIDs) are not texts people type and are left alone.
 */
export function looksLikeIndividualNumber(text: string): boolean {
  if (UUID.test(text)) return false;
  return /\d{12}/.test(text.normalize('NFKC').replace(SEPARATORS, ''));
}

/**
 * Replaces, in place, every string of a request body or query that reads as an individual number with `***`, except
 * under keys that operation history masks whole anyway (audit-masking.ts: `number`, `…Code`, passwords, …); returns
 * the paths replaced. Plain objects and arrays only, a few levels deep (what JSON and query strings produce).
 */
export function scrubNumberLike(container: unknown, prefix = '', depth = 0): string[] {
  // Stryker disable next-line ConditionalExpression: a string or number container has no text entries to scrub either
  if (!container || typeof container !== 'object' || depth > MAX_DEPTH) return [];
  const found: string[] = [];
  const entries = Array.isArray(container)
    ? container.map((v, i) => [String(i), v] as const)
    : Object.entries(container as Record<string, unknown>);
  for (const [key, value] of entries) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (!Array.isArray(container) && SECRET_KEY.test(key)) continue;
    if (typeof value === 'string' && looksLikeIndividualNumber(value)) {
      (container as Record<string, unknown>)[key] = '***';
      found.push(path);
    } else if (
      // Stryker disable next-line ConditionalExpression: the recursive call returns [] for what is not an object
      typeof value === 'object'
    ) {
      found.push(...scrubNumberLike(value, path, depth + 1));
    }
  }
  return found;
}
