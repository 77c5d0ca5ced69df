import type { UserView } from '../users/user.view';
import { scimBoolean } from './scim-boolean';
import { ScimError } from './scim-error';
import { ENTERPRISE_USER_SCHEMA } from './scim-schemas';

/**
 * The SCIM attributes Kanri keeps for a user, as flat Kanri fields. Every other attribute a client sends
 * (externalId, displayName, title, addresses, other phone types, …) is accepted and ignored: Entra ID and Okta send
 * what their mapping lists, and refusing one would stop a whole provisioning cycle.
 *
 * | SCIM                                   | Kanri                       |
 * | -------------------------------------- | --------------------------- |
 * | userName                               | loginId (ログインID)        |
 * | name.familyName / name.givenName       | familyName 姓 / givenName 名 |
 * | emails[type eq "work"] (or primary)    | email                       |
 * | emails[type eq "other"]                | subEmail (メールアドレス(サブ)) |
 * | phoneNumbers[type eq "work"]           | phoneExternal (外線)        |
 * | enterprise extension `department`      | department (部署・職名)     |
 * | active                                 | not 無効 (and not past 利用停止日) |
 * | password (write-only)                  | password                    |
 */
export interface ScimUserState {
  userName: string;
  familyName: string | null;
  givenName: string | null;
  email: string | null;
  subEmail: string | null;
  phone: string | null;
  department: string | null;
  active: boolean;
  /** Write-only; only present when the client sets one. */
  password?: string;
}

export function stateOfView(view: UserView, stopped: boolean): ScimUserState {
  return {
    userName: view.loginId,
    familyName: view.familyName,
    givenName: view.givenName,
    email: view.email,
    subEmail: view.subEmail,
    phone: view.phoneExternal,
    department: view.department,
    active: !view.status.disabled && !stopped,
  };
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown, attribute: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw ScimError.invalidValue(`${attribute} must be a string`);
  return value;
}

/** Keys of a SCIM object, case-insensitively (attribute names are case-insensitive, RFC 7643 §2.1). */
export function attributeOf(object: Json, name: string): unknown {
  const key = Object.keys(object).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : object[key];
}

/** The value of a multi-valued attribute's entry of a type (`work`), else the primary one, else the first. */
function pick(values: unknown, attribute: string, type: string, fallback: boolean): string | null {
  if (values === undefined || values === null) return null;
  if (!Array.isArray(values)) throw ScimError.invalidValue(`${attribute} must be an array`);
  const entries = values.filter(isObject);
  const typed = entries.find((e) => String(attributeOf(e, 'type') ?? '').toLowerCase() === type);
  const chosen =
    typed ??
    (fallback
      ? (entries.find((e) => attributeOf(e, 'primary') === true) ??
        entries.find((e) => attributeOf(e, 'type') === undefined) ??
        entries[0])
      : undefined);
  return chosen ? text(attributeOf(chosen, 'value'), `${attribute}.value`) : null;
}

/** A whole User resource (POST, PUT) as Kanri fields; attributes it leaves out are null (PUT replaces). */
export function stateOfResource(body: unknown): ScimUserState {
  if (!isObject(body)) throw new ScimError(400, 'invalidSyntax', 'The body must be a SCIM User resource');
  const userName = text(attributeOf(body, 'userName'), 'userName');
  if (!userName) throw ScimError.invalidValue('userName is required');
  const name = attributeOf(body, 'name');
  if (name !== undefined && name !== null && !isObject(name))
    throw ScimError.invalidValue('name must be an object');
  const emails = attributeOf(body, 'emails');
  const enterprise = attributeOf(body, ENTERPRISE_USER_SCHEMA);
  const active = attributeOf(body, 'active');
  const password = text(attributeOf(body, 'password'), 'password');
  return {
    userName,
    familyName: isObject(name) ? text(attributeOf(name, 'familyName'), 'name.familyName') : null,
    givenName: isObject(name) ? text(attributeOf(name, 'givenName'), 'name.givenName') : null,
    email: pick(emails, 'emails', 'work', true),
    subEmail: pick(emails, 'emails', 'other', false),
    phone: pick(attributeOf(body, 'phoneNumbers'), 'phoneNumbers', 'work', true),
    department: isObject(enterprise) ? text(attributeOf(enterprise, 'department'), 'department') : null,
    active: active === undefined || active === null ? true : scimBoolean(active, 'active'),
    ...(password ? { password } : {}),
  };
}

/** The Kanri fields that differ between two states, in the names of `PATCH .../users/:userId`. */
export function changesBetween(before: ScimUserState, after: ScimUserState): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  const fields: [keyof ScimUserState, string][] = [
    ['userName', 'loginId'],
    ['familyName', 'familyName'],
    ['givenName', 'givenName'],
    ['email', 'email'],
    ['subEmail', 'subEmail'],
    ['phone', 'phoneExternal'],
    ['department', 'department'],
  ];
  for (const [scim, kanri] of fields) if (after[scim] !== before[scim]) changes[kanri] = after[scim];
  if (after.password) changes.password = after.password;
  return changes;
}
