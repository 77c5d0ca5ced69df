import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { Actor, Principal } from './actor';

export const ACTOR_KEY = 'kanriActor';

/** The signed-in principal (set by the JWT guard). */
export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<Request>().user as Principal;
});

/** The actor within `:orgId` (set by the organization scope guard). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return (ctx.switchToHttp().getRequest<Request>() as unknown as Record<string, Actor>)[ACTOR_KEY];
});
