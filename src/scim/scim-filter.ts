import { ScimError } from './scim-error';

/** The one filter form provisioning clients use to find a resource before creating it: `<attribute> eq "<value>"`. */
export interface EqualityFilter {
  /** Lower case. */
  attribute: string;
  value: string;
}

const EQ = /^\s*([A-Za-z][\w.:-]*)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i;

/**
 * Reads `filter` (RFC 7644 §3.4.2.2) when it is an equality on one of `supported` (lower case); null when absent.
 * Any other expression is 400 `invalidFilter`: answering an empty list for a filter Kanri cannot evaluate would make
 * a client create a duplicate.
 */
export function equalityFilter(filter: unknown, supported: readonly string[]): EqualityFilter | null {
  if (filter === undefined || filter === null || filter === '') return null;
  if (typeof filter !== 'string') throw new ScimError(400, 'invalidFilter', 'filter must be a string');
  const m = EQ.exec(filter);
  if (!m) throw unsupportedFilter(supported);
  const attribute = m[1].toLowerCase().replace(/^urn:ietf:params:scim:schemas:core:2\.0:(user|group):/, '');
  if (!supported.includes(attribute)) throw unsupportedFilter(supported);
  return { attribute, value: m[2].replace(/\\(.)/g, '$1') };
}

function unsupportedFilter(supported: readonly string[]): ScimError {
  return new ScimError(
    400,
    'invalidFilter',
    `Unsupported filter; Kanri answers ${supported.map((a) => `${a} eq "…"`).join(' or ')}`,
  );
}

/** `startIndex` (1-based) and `count` (RFC 7644 §3.4.2.4); a count above `max` is cut to it. */
export interface ScimPage {
  startIndex: number;
  count: number;
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 500;

function integer(value: unknown, name: string): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'string' && /^-?\d{1,9}$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n)) throw ScimError.invalidValue(`${name} must be an integer`);
  return n;
}

/** RFC 7644: a startIndex below 1 is read as 1, a negative count as 0. */
export function scimPage(startIndex: unknown, count: unknown): ScimPage {
  const start = integer(startIndex, 'startIndex') ?? 1;
  const size = integer(count, 'count') ?? DEFAULT_PAGE_SIZE;
  return { startIndex: Math.max(1, start), count: Math.min(MAX_PAGE_SIZE, Math.max(0, size)) };
}
