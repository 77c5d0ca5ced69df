import { scimBoolean } from './scim-boolean';
import { ScimError } from './scim-error';
import {
  assertPlainPath,
  filteredPath,
  type PatchOpName,
  type PatchOperation,
  patchOperations,
} from './scim-patch-operations';
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from './scim-schemas';
import { attributeOf, type ScimUserState } from './scim-user-state';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Applies a PatchOp request to a user's SCIM state (RFC 7644 §3.5.2): `add`/`replace` set, `remove` clears.
 * Paths: `userName`, `active`, `name.givenName`, `name.familyName`, `name`, `emails`, `emails[type eq "work"].value`
 * (also `other`, `primary eq true`), `phoneNumbers[type eq "work"].value`, `phoneNumbers`, the enterprise
 * extension's `department`, `password`. A path-less operation carries an object of such attributes (Okta, and
 * Entra ID's `{"op":"Replace","value":{"active":false}}`); its keys may themselves be paths. Attributes Kanri does
 * not keep are ignored, as in a whole resource.
 */
export function applyUserPatch(state: ScimUserState, body: unknown): ScimUserState {
  const next: ScimUserState = { ...state };
  for (const operation of patchOperations(body)) applyOperation(next, operation);
  return next;
}

function applyOperation(state: ScimUserState, { op, path, value }: PatchOperation): void {
  if (path !== null) return applyPath(state, op, path, value);
  if (!isObject(value)) throw ScimError.invalidValue('A patch without a path needs an object value');
  for (const [key, inner] of Object.entries(value)) {
    const lower = key.toLowerCase();
    // `name` is a path of its own (applyPath reads its object); the extension's object holds paths of its schema.
    if (lower === ENTERPRISE_USER_SCHEMA.toLowerCase()) {
      if (!isObject(inner)) throw ScimError.invalidValue(`${key} must be an object`);
      for (const [sub, v] of Object.entries(inner))
        applyPath(state, op, `${ENTERPRISE_USER_SCHEMA}:${sub}`, v);
    } else {
      applyPath(state, op, key, inner);
    }
  }
}

function stringValue(value: unknown, path: string): string {
  if (typeof value !== 'string') throw ScimError.invalidValue(`${path} must be a string`);
  return value;
}

/** An optional text value: `remove` clears it. */
function optional(op: PatchOpName, value: unknown, path: string): string | null {
  if (op === 'remove') return null;
  return value === null ? null : stringValue(value, path);
}

function applyPath(state: ScimUserState, op: PatchOpName, rawPath: string, value: unknown): void {
  let path = rawPath;
  const lowerPath = path.toLowerCase();
  if (lowerPath.startsWith(`${USER_SCHEMA.toLowerCase()}:`)) path = path.slice(USER_SCHEMA.length + 1);
  if (lowerPath.startsWith(`${ENTERPRISE_USER_SCHEMA.toLowerCase()}:`)) {
    const attribute = path.slice(ENTERPRISE_USER_SCHEMA.length + 1).toLowerCase();
    if (attribute === 'department') state.department = optional(op, value, 'department');
    return;
  }
  const filtered = filteredPath(path);
  if (filtered) return applyFiltered(state, op, filtered, value, path);
  assertPlainPath(path);
  switch (path.toLowerCase()) {
    case 'username':
      if (op === 'remove') throw new ScimError(400, 'mutability', 'userName cannot be removed');
      state.userName = stringValue(value, 'userName');
      return;
    case 'active':
      if (op === 'remove') throw new ScimError(400, 'mutability', 'active cannot be removed');
      state.active = scimBoolean(value, 'active');
      return;
    case 'password':
      if (op !== 'remove') state.password = stringValue(value, 'password');
      return;
    case 'name.familyname':
      state.familyName = optional(op, value, 'name.familyName');
      return;
    case 'name.givenname':
      state.givenName = optional(op, value, 'name.givenName');
      return;
    case 'name':
      if (op === 'remove') {
        state.familyName = null;
        state.givenName = null;
        return;
      }
      if (!isObject(value)) throw ScimError.invalidValue('name must be an object');
      for (const [sub, v] of Object.entries(value)) applyPath(state, op, `name.${sub}`, v);
      return;
    case 'emails':
      return applyMultiValued(state, op, value, 'emails', { work: 'email', other: 'subEmail' });
    case 'phonenumbers':
      return applyMultiValued(state, op, value, 'phoneNumbers', { work: 'phone' });
    // An attribute Kanri does not keep (displayName, externalId, title, addresses, …): ignored.
  }
}

type TextField = 'email' | 'subEmail' | 'phone';

/** `emails` / `phoneNumbers` as a whole: entries by type (`work`, `other`), an untyped or primary one as work. */
function applyMultiValued(
  state: ScimUserState,
  op: PatchOpName,
  value: unknown,
  attribute: string,
  fields: Partial<Record<'work' | 'other', TextField>>,
): void {
  if (op === 'remove') {
    for (const field of Object.values(fields)) state[field] = null;
    return;
  }
  const entries = (Array.isArray(value) ? value : [value]).filter(isObject);
  if (op === 'replace') for (const field of Object.values(fields)) state[field] = null;
  for (const entry of entries) {
    const type = String(attributeOf(entry, 'type') ?? 'work').toLowerCase();
    const field = fields[type as 'work' | 'other'];
    if (!field) continue;
    const v = attributeOf(entry, 'value');
    state[field] = v === null || v === undefined ? null : stringValue(v, `${attribute}.value`);
  }
}

function applyFiltered(
  state: ScimUserState,
  op: PatchOpName,
  filtered: NonNullable<ReturnType<typeof filteredPath>>,
  value: unknown,
  path: string,
): void {
  if (filtered.subAttribute && filtered.subAttribute !== 'value') return;
  const fields: Record<string, Record<string, TextField>> = {
    emails: { work: 'email', other: 'subEmail' },
    phonenumbers: { work: 'phone' },
  };
  const byType = fields[filtered.attribute];
  if (!byType) return;
  let field: TextField | undefined;
  if (filtered.filterAttribute === 'type') field = byType[filtered.filterValue.toLowerCase()];
  else if (filtered.filterAttribute === 'primary' && filtered.filterValue === 'true') field = byType.work;
  if (!field) return;
  if (op === 'remove') {
    state[field] = null;
    return;
  }
  const v = !filtered.subAttribute && isObject(value) ? attributeOf(value, 'value') : value;
  state[field] = v === null || v === undefined ? null : stringValue(v, path);
}
