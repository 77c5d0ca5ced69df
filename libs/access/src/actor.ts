import type { Permission, PermissionScope } from './permission';

/** Who is calling, as the JWT guard resolves it from the token's session (every authenticated route). */
export interface Principal {
  userId: string;
  sessionId: string;
  loginId: string;
  organizationId: string | null;
  groupId: string | null;
  isSystemOperator: boolean;
  isManager: boolean;
  mustChangePassword: boolean;
}

/**
 * The principal acting within one organization (routes with `:orgId`), as the organization scope guard resolves
 * it: which organization, with what permissions and scopes. A system operator acts with every permission.
 */
export interface Actor extends Principal {
  orgId: string;
  permissions: ReadonlyMap<Permission, PermissionScope>;
}
