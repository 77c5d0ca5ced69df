import { ScimError } from './scim-error';
import { assertPlainPath, filteredPath, patchOperations } from './scim-patch-operations';
import { attributeOf } from './scim-user-state';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What a Group PATCH asks for, applied in order to the current member set by the service. */
export interface GroupPatch {
  displayName?: string;
  /** Member steps in request order: add these ids, remove these ids, or replace the set. */
  steps: { kind: 'add' | 'remove' | 'replace'; userIds: string[] }[];
}

/** `members` values: `[{value: "<user id>"}, …]`. */
export function memberIds(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const entries = Array.isArray(value) ? value : [value];
  return entries.map((entry, i) => {
    const id = isObject(entry) ? attributeOf(entry, 'value') : undefined;
    if (typeof id !== 'string' || !id) throw ScimError.invalidValue(`members[${i}].value must be a user id`);
    return id;
  });
}

export function displayNameOf(value: unknown): string {
  if (typeof value !== 'string' || !value.trim() || value.length > 100)
    throw ScimError.invalidValue('displayName must be 1-100 characters');
  return value;
}

/**
 * A Group PatchOp (RFC 7644 §3.5.2): `displayName`, and `members` added (`add`, path `members`), removed (`remove`
 * with path `members[value eq "…"]`, or path `members` with the values as Entra ID sends them, or all of them) or
 * replaced. A path-less operation carries `{displayName, members}`. Other attributes (externalId) are ignored.
 */
export function groupPatch(body: unknown): GroupPatch {
  const patch: GroupPatch = { steps: [] };
  for (const { op, path, value } of patchOperations(body)) {
    if (path === null) {
      if (!isObject(value)) throw ScimError.invalidValue('A patch without a path needs an object value');
      for (const [key, inner] of Object.entries(value)) {
        if (key.toLowerCase() === 'displayname') patch.displayName = displayNameOf(inner);
        else if (key.toLowerCase() === 'members')
          patch.steps.push({ kind: op === 'replace' ? 'replace' : 'add', userIds: memberIds(inner) });
      }
      continue;
    }
    const filtered = filteredPath(path);
    if (filtered) {
      if (filtered.attribute !== 'members' || filtered.filterAttribute !== 'value' || op !== 'remove')
        throw new ScimError(400, 'invalidPath', `Unsupported path: ${path}`);
      patch.steps.push({ kind: 'remove', userIds: [filtered.filterValue] });
      continue;
    }
    assertPlainPath(path);
    switch (path.toLowerCase()) {
      case 'displayname':
        if (op === 'remove') throw new ScimError(400, 'mutability', 'displayName cannot be removed');
        patch.displayName = displayNameOf(value);
        break;
      case 'members':
        if (op === 'remove' && (value === undefined || value === null))
          patch.steps.push({ kind: 'replace', userIds: [] });
        else patch.steps.push({ kind: op, userIds: memberIds(value) });
        break;
      // Any other attribute (externalId, …) is ignored.
    }
  }
  return patch;
}
