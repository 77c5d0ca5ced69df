import { ScimError } from './scim-error';
import { attributeOf } from './scim-user-state';

export type PatchOpName = 'add' | 'replace' | 'remove';

export interface PatchOperation {
  op: PatchOpName;
  path: string | null;
  value: unknown;
}

/**
 * The operations of a PatchOp request (RFC 7644 §3.5.2). `op` is read case-insensitively: Entra ID sends `Add`,
 * `Replace` and `Remove`. A `remove` needs a path (RFC: `noTarget` otherwise).
 */
export function patchOperations(body: unknown): PatchOperation[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ScimError(400, 'invalidSyntax', 'The body must be a SCIM PatchOp request');
  const operations = attributeOf(body as Record<string, unknown>, 'Operations');
  if (!Array.isArray(operations) || operations.length === 0)
    throw new ScimError(400, 'invalidSyntax', 'Operations must be a non-empty array');
  if (operations.length > 1000) throw new ScimError(400, 'invalidSyntax', 'At most 1000 operations');
  return operations.map((raw, i) => {
    if (typeof raw !== 'object' || raw === null)
      throw new ScimError(400, 'invalidSyntax', `Operations[${i}] must be an object`);
    const entry = raw as Record<string, unknown>;
    const op = String(attributeOf(entry, 'op')).toLowerCase();
    if (op !== 'add' && op !== 'replace' && op !== 'remove')
      throw new ScimError(400, 'invalidSyntax', `Operations[${i}].op must be add, replace or remove`);
    const path = attributeOf(entry, 'path');
    if (path !== undefined && path !== null && (typeof path !== 'string' || !path.trim()))
      throw new ScimError(400, 'invalidPath', `Operations[${i}].path must be a non-empty string`);
    if (op === 'remove' && !path)
      throw new ScimError(400, 'noTarget', `Operations[${i}]: remove needs a path`);
    return { op, path: typeof path === 'string' ? path.trim() : null, value: attributeOf(entry, 'value') };
  });
}

/** A path with a value filter, `emails[type eq "work"].value` or `members[value eq "…"]`. */
export interface FilteredPath {
  attribute: string;
  filterAttribute: string;
  filterValue: string;
  subAttribute: string | null;
}

const FILTERED =
  /^([A-Za-z][\w-]*)\[\s*([A-Za-z][\w.-]*)\s+eq\s+(?:"((?:[^"\\]|\\.)*)"|(true|false))\s*\](?:\.([A-Za-z][\w-]*))?$/i;

export function filteredPath(path: string): FilteredPath | null {
  const m = FILTERED.exec(path);
  if (!m) return null;
  return {
    attribute: m[1].toLowerCase(),
    filterAttribute: m[2].toLowerCase(),
    filterValue: m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : m[4].toLowerCase(),
    subAttribute: m[5]?.toLowerCase() ?? null,
  };
}

/** A plain attribute path (`name.givenName`, a schema URN prefix allowed); anything else is `invalidPath`. */
export function assertPlainPath(path: string): void {
  if (!/^[A-Za-z][\w.:$-]*$/.test(path)) throw new ScimError(400, 'invalidPath', `Unsupported path: ${path}`);
}
