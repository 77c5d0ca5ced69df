import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppError } from '@kanri/common/errors/app-error';
import { ActorResolver } from '../../organizations/actor-resolver.service';
import type { Principal } from '@kanri/access/actor';
import { ACTOR_KEY } from '@kanri/access/current-actor.decorator';

/**
 * The one place organization scope is decided (docs/architecture.md "Authorization"). For a route with `:orgId`, the
 * caller must be a member of that organization or a system operator; anyone else gets 404 (not 403), so the
 * existence of other organizations does not leak. The resolved actor carries the permissions of that moment:
 * grant changes take effect on the next request.
 */
@Injectable()
export class OrganizationScopeGuard implements CanActivate {
  constructor(private readonly actors: ActorResolver) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request>();
    const orgId = request.params?.orgId;
    if (orgId === undefined) return true;
    if (typeof orgId !== 'string') throw AppError.notFound('Organization');
    const principal = request.user as Principal | undefined;
    if (!principal) throw AppError.notFound('Organization');
    const actor = await this.actors.resolve(principal, orgId);
    if (!actor) throw AppError.notFound('Organization');
    (request as unknown as Record<string, unknown>)[ACTOR_KEY] = actor;
    return true;
  }
}
