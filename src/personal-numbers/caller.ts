import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { requestIdOf } from '@kanri/common/http/request-id.middleware';
import type { Actor } from '@kanri/access/actor';
import { ACTOR_KEY } from '@kanri/access/current-actor.decorator';

/** The actor of a vault route and the request id that ties its handling-log row to its operation-history row. */
export interface Caller {
  actor: Actor;
  requestId: string | null;
}

/** `@VaultCaller()`: the Caller of the current request (a route with `:orgId`). */
export const VaultCaller = createParamDecorator((_: unknown, ctx: ExecutionContext): Caller => {
  const req = ctx.switchToHttp().getRequest<Request>();
  return {
    actor: (req as unknown as Record<string, Actor>)[ACTOR_KEY],
    requestId: requestIdOf(req),
  };
});
