import { ID_PATTERN } from '@kanri/common/ids/new-id';

/**
 * The one masking rule for audit details (SPEC §3.1, §8, §9: secrets never reach audit details).
 *
 * - Any key whose name contains password, token, secret, otp, code, pin, key, number or csr (any case) has its
 *   value replaced by `***`, whatever the value is (an object under such a key is masked whole). The list is
 *   deliberately broad: `employeeCode` or `accountNumber` are masked too; too much masking is harmless, too little
 *   is a leak.
 * - Any string value containing a run of 12 or more digits is replaced by `***` wherever it appears, so an
 *   individual number (マイナンバー, 12 digits) typed into a free-text field such as a search box never shows —
 *   except an id (a UUID), whose last group is twelve digits about once in 280 ids and which must stay readable.
 * - Long strings, long arrays and deep nesting are cut (`…`), so a bulk request cannot make one audit row huge.
 */
export const SECRET_KEY = /password|token|secret|otp|code|pin|key|number|csr/i;
const LONG_DIGIT_RUN = /\d{12,}/;
/** A whole UUID, in either case: ids are not texts people type. */
export const UUID = new RegExp(ID_PATTERN.source, 'i');
export const MASK = '***';

const MAX_STRING = 200;
const MAX_ARRAY = 50;
const MAX_KEYS = 50;
const MAX_DEPTH = 4;
/** Details longer than this (after masking) are cut; the column holds more, but a row should stay readable. */
export const MAX_DETAILS_CHARS = 4000;

export function maskSecrets(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === 'string') {
    if (LONG_DIGIT_RUN.test(value) && !UUID.test(value)) return MASK;
    return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    // String(true) and String(false) hold no digits, so only a number can be masked here.
    return LONG_DIGIT_RUN.test(String(value)) ? MASK : value;
  }
  if (typeof value === 'bigint') return LONG_DIGIT_RUN.test(String(value)) ? MASK : String(value);
  if (value instanceof Date) return value.toISOString();
  if (depth >= MAX_DEPTH) return '…';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ARRAY).map((v) => maskSecrets(v, depth + 1));
    if (value.length > MAX_ARRAY) items.push(`…(${value.length} items)`);
    return items;
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    const keys = Object.keys(value);
    for (const key of keys.slice(0, MAX_KEYS)) {
      out[key] = SECRET_KEY.test(key)
        ? MASK
        : maskSecrets((value as Record<string, unknown>)[key], depth + 1);
    }
    if (keys.length > MAX_KEYS) out['…'] = `${keys.length} keys`;
    return out;
  }
  return MASK; // functions, symbols: nothing an HTTP request carries; never print them
}

/**
 * The `詳細` (details) text of an operation row: the request's route parameters, query conditions and body fields,
 * masked, as compact JSON; null when the request carried none.
 */
export function auditDetails(parts: { params?: unknown; query?: unknown; body?: unknown }): string | null {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(parts)) {
    if (value === undefined || value === null) continue;
    if (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0) continue;
    out[name] = maskSecrets(value);
  }
  if (!Object.keys(out).length) return null;
  const text = JSON.stringify(out);
  return text.length > MAX_DETAILS_CHARS ? `${text.slice(0, MAX_DETAILS_CHARS - 1)}…` : text;
}
