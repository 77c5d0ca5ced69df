import { type CanActivate, type ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { ACTOR_KEY } from '@kanri/access/current-actor.decorator';
import { scimActor, scimPrincipal } from './scim-client';
import { SCIM_CONTENT_TYPE, ScimError } from './scim-error';
import { ScimTokensService } from './scim-tokens.service';

/**
 * The SCIM routes' own authentication (their access rule is `@Public()`, so the JWT guard stands aside): a bearer
 * token a manager issued. The token decides the organization; nothing in the path or body can name another one,
 * so another organization's users and groups are simply not found.
 */
@Injectable()
export class ScimBearerGuard implements CanActivate {
  constructor(private readonly tokens: ScimTokensService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    context.switchToHttp().getResponse<Response>().type(SCIM_CONTENT_TYPE);
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    const token = match ? await this.tokens.authenticate(match[1]) : null;
    if (!token) {
      throw new ScimError(
        HttpStatus.UNAUTHORIZED,
        undefined,
        'A valid SCIM bearer token is required',
        ErrorCode.Unauthenticated,
      );
    }
    req.user = scimPrincipal(token);
    (req as unknown as Record<string, unknown>)[ACTOR_KEY] = scimActor(token);
    return true;
  }
}
