import { type CanActivate, type ExecutionContext, Injectable, type Type } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { Request } from 'express';
import { createValidationPipe } from './validation-pipe';

interface RouteArgument {
  index: number;
  data?: unknown;
}

/**
 * Bad input gets its 400 before any business pre-check: route guards that judge the body (the manager cap, the
 * confirmation password, …) run before Nest's pipes, so this global guard runs the same validation on the
 * handler's `@Body()` DTO first. It only judges: request.body stays as sent (audit records store what came), and
 * the pipe hands the handler the instance made here unless the body changed since (validation-pipe.ts), so each
 * body is validated once. Multipart bodies are parsed later (by the upload interceptor) and are left to the pipe.
 */
@Injectable()
export class BodyValidationGuard implements CanActivate {
  private readonly pipe = createValidationPipe();
  /** Each handler's whole-body DTO types, read from Nest's route metadata on its first request only. */
  private readonly bodyTypes = new WeakMap<object, Type[]>();

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request>();
    if (request.is('multipart/form-data')) return true;
    for (const metatype of this.bodyTypesOf(context)) {
      await this.pipe.validateBody(request.body, metatype);
    }
    return true;
  }

  private bodyTypesOf(context: ExecutionContext): Type[] {
    const handler = context.getHandler();
    const known = this.bodyTypes.get(handler);
    if (known) return known;
    const controller = context.getClass();
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, handler.name) ?? {}) as Record<
      string,
      RouteArgument
    >;
    const types = (Reflect.getMetadata('design:paramtypes', controller.prototype as object, handler.name) ??
      []) as Type[];
    const found = Object.entries(args)
      .filter(([key, arg]) => Number(key.split(':')[0]) === RouteParamtypes.BODY && arg.data === undefined)
      .map(([, arg]) => types[arg.index]);
    this.bodyTypes.set(handler, found);
    return found;
  }
}
