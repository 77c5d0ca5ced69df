import type { UserView } from '../users/user.view';
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, LIST_RESPONSE_SCHEMA, USER_SCHEMA } from './scim-schemas';

/** A weak version from the last change, so a client can tell that a resource changed (RFC 7644 §3.14). */
function version(updatedAt: string): string {
  return `W/"${Date.parse(updatedAt).toString(36)}"`;
}

/** A Kanri member as a SCIM User resource (RFC 7643 §4.1); never a password. */
export function userResource(
  view: UserView,
  group: { id: string; name: string } | null,
  active: boolean,
  baseUrl: string,
): Record<string, unknown> {
  const emails = [
    ...(view.email ? [{ value: view.email, type: 'work', primary: true }] : []),
    ...(view.subEmail ? [{ value: view.subEmail, type: 'other', primary: false }] : []),
  ];
  return {
    schemas: view.department ? [USER_SCHEMA, ENTERPRISE_USER_SCHEMA] : [USER_SCHEMA],
    id: view.id,
    userName: view.loginId,
    name: {
      familyName: view.familyName,
      givenName: view.givenName,
      formatted: `${view.familyName} ${view.givenName}`,
    },
    displayName: `${view.familyName} ${view.givenName}`,
    active,
    ...(emails.length ? { emails } : {}),
    ...(view.phoneExternal ? { phoneNumbers: [{ value: view.phoneExternal, type: 'work' }] } : {}),
    ...(view.department ? { [ENTERPRISE_USER_SCHEMA]: { department: view.department } } : {}),
    groups: group
      ? [{ value: group.id, display: group.name, $ref: `${baseUrl}/Groups/${group.id}`, type: 'direct' }]
      : [],
    meta: {
      resourceType: 'User',
      created: view.createdAt,
      lastModified: view.updatedAt,
      location: `${baseUrl}/Users/${view.id}`,
      version: version(view.updatedAt),
    },
  };
}

/** A Kanri group as a SCIM Group resource (RFC 7643 §4.2); `members` left out when the client excluded it. */
export function groupResource(
  group: { id: string; name: string; createdAt: string; updatedAt: string },
  members: { id: string; loginId: string }[] | null,
  baseUrl: string,
): Record<string, unknown> {
  return {
    schemas: [GROUP_SCHEMA],
    id: group.id,
    displayName: group.name,
    ...(members
      ? {
          members: members.map((m) => ({
            value: m.id,
            display: m.loginId,
            $ref: `${baseUrl}/Users/${m.id}`,
            type: 'User',
          })),
        }
      : {}),
    meta: {
      resourceType: 'Group',
      created: group.createdAt,
      lastModified: group.updatedAt,
      location: `${baseUrl}/Groups/${group.id}`,
      version: version(group.updatedAt),
    },
  };
}

/** A ListResponse (RFC 7644 §3.4.2). */
export function listResponse(
  resources: Record<string, unknown>[],
  totalResults: number,
  startIndex: number,
): Record<string, unknown> {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults,
    itemsPerPage: resources.length,
    startIndex,
    Resources: resources,
  };
}

/** Whether `excludedAttributes` (comma-separated, RFC 7644 §3.9) leaves out an attribute. */
export function excludes(excludedAttributes: unknown, attribute: string): boolean {
  return (
    typeof excludedAttributes === 'string' &&
    excludedAttributes
      .split(',')
      .map((a) => a.trim().toLowerCase())
      .includes(attribute.toLowerCase())
  );
}
