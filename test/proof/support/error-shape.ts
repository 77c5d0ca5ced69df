import { ErrorCode } from '@kanri/common/errors/error-code';

const KNOWN_CODES = new Set<string>(Object.values(ErrorCode));
const ALLOWED_KEYS = new Set(['statusCode', 'code', 'message', 'details']);

/**
 * Why `body` (answered with HTTP `status`) is not the SPEC §0 error body `{statusCode, code, message, details?}`,
 * or null when it is. Also refuses what a careful client would trip on: a `statusCode` that disagrees with the
 * HTTP status, a code that is not in the one list (error-code.ts), extra keys, a stack trace, and a validation
 * error without `details.fields`.
 */
export function specErrorShapeProblem(status: number, body: unknown, rawText?: string): string | null {
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return `body is not a JSON object: ${JSON.stringify(rawText ?? body)?.slice(0, 120)}`;
  const b = body as Record<string, unknown>;
  const extra = Object.keys(b).filter((k) => !ALLOWED_KEYS.has(k));
  if (extra.length) return `unexpected keys ${extra.join(', ')}`;
  if (b.statusCode !== status) return `statusCode ${String(b.statusCode)} but HTTP ${status}`;
  if (typeof b.code !== 'string' || !/^[A-Z][A-Z0-9_]*$/.test(b.code)) return `code ${String(b.code)}`;
  if (!KNOWN_CODES.has(b.code)) return `code ${b.code} is not listed in ErrorCode`;
  if (typeof b.message !== 'string' || !b.message) return 'message missing';
  if (
    b.details !== undefined &&
    (typeof b.details !== 'object' || b.details === null || Array.isArray(b.details))
  )
    return 'details is not an object';
  if (/\n\s+at .+\(.+:\d+:\d+\)/.test(JSON.stringify(b))) return 'stack trace in the body';
  if (b.code === ErrorCode.ValidationFailed) {
    const fields = (b.details as { fields?: unknown } | undefined)?.fields;
    if (!fields || typeof fields !== 'object') return 'VALIDATION_FAILED without details.fields';
  }
  return null;
}
