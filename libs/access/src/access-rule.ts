import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { Permission } from './permission';

/**
 * Every route declares exactly one access rule; a route without one is refused (secure by default), and
 * test/route-access-rules.e2e-spec.ts fails the build for it.
 */
export type AccessRule =
  | { kind: 'public' }
  | { kind: 'authenticated' }
  | { kind: 'operator' }
  | { kind: 'permission'; permissions: Permission[] }
  | { kind: 'manager' };

export const ACCESS_RULE = 'kanri:access-rule';
/** Routes that a user who must change their password may still call (SPEC §3.1 forced change). */
export const ALLOWED_DURING_PASSWORD_CHANGE = 'kanri:allowed-during-password-change';

/** No token needed. */
export const Public = () => SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule);

/** Any signed-in user acting on themselves. */
export const Authenticated = () =>
  applyDecorators(SetMetadata(ACCESS_RULE, { kind: 'authenticated' } satisfies AccessRule), ApiBearerAuth());

/** System operators (運用者) only. */
export const OperatorOnly = () =>
  applyDecorators(SetMetadata(ACCESS_RULE, { kind: 'operator' } satisfies AccessRule), ApiBearerAuth());

/** Within `:orgId`, the actor must hold every listed permission (operators hold all). */
export const RequirePermission = (...permissions: Permission[]) =>
  applyDecorators(
    SetMetadata(ACCESS_RULE, { kind: 'permission', permissions } satisfies AccessRule),
    ApiBearerAuth(),
  );

/** Within `:orgId`, the actor must be a manager (管理責任者) of that organization, or an operator. */
export const ManagerOnly = () =>
  applyDecorators(SetMetadata(ACCESS_RULE, { kind: 'manager' } satisfies AccessRule), ApiBearerAuth());

export const AllowDuringPasswordChange = () => SetMetadata(ALLOWED_DURING_PASSWORD_CHANGE, true);
