import type { Actor, Principal } from '@kanri/access/actor';
import { Permission } from '@kanri/access/permission';
import type { ScimToken } from './scim-token.entity';

/** What the audit trail shows as the operator of a SCIM change: `scim:<client name>`. */
export function scimOperatorId(clientName: string): string {
  return `scim:${clientName}`;
}

/**
 * The SCIM client acting on its organization, in the words every service understands: an actor with
 * `users.manage` over the whole organization and nothing else. It is not a user: its user id is the token's id
 * with a `scim-token:` prefix, which no account has, so "nobody disables themselves" never applies to it, and it
 * is not a manager or an operator (the last member is not the client's to remove).
 */
export function scimActor(token: ScimToken): Actor {
  return {
    userId: `scim-token:${token.id}`,
    sessionId: '',
    loginId: scimOperatorId(token.clientName),
    organizationId: token.organizationId,
    groupId: null,
    isSystemOperator: false,
    isManager: false,
    mustChangePassword: false,
    orgId: token.organizationId,
    permissions: new Map([[Permission.UsersManage, null]]),
  };
}

/**
 * The request's principal for the audit recorder: operator login ID `scim:<client>`, no operator user id (the
 * client is no account, and its department is none).
 */
export function scimPrincipal(token: ScimToken): Principal {
  return {
    ...scimActor(token),
    userId: null as unknown as string,
  };
}
