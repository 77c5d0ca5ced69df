import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA, INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { lastValueFrom, Observable } from 'rxjs';
import { auditContextOf } from './audit-context';
import { AuditRecorder, defaultOperation } from './audit-recorder.service';
import { SCREEN_KEY, type ScreenMetadata } from '@kanri/access/screen.decorator';
import type { ScreenHandler } from './route-screens';

/**
 * The operation-history interceptor (SPEC §9), put on every route with a `@Screen` by AuditModule
 * (attachToScreenRoutes): each such call is recorded, success or failure (AuditRecorder explains where each row is
 * written). It arms the request's AuditContext just before the handler, so that transactions opened anywhere below
 * can carry the row.
 */
@Injectable()
export class OperationAuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly recorder: AuditRecorder,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http' || !this.recorder.isEnabled()) return next.handle();
    const handler = context.getHandler();
    const screen = this.reflector.getAllAndOverride<ScreenMetadata | undefined>(SCREEN_KEY, [
      handler,
      context.getClass(),
    ]);
    if (!screen) return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const audit = auditContextOf(req) ?? this.recorder.begin(req);
    const routePath = (req.route as { path?: unknown } | undefined)?.path;
    this.recorder.arm(
      audit,
      req,
      {
        screen: screen.screen,
        operation: screen.operation ?? defaultOperation(req.method),
        httpMethod: req.method,
        route: typeof routePath === 'string' ? routePath : req.path,
      },
      (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
        (req.method === 'POST' ? 201 : 200),
    );
    // Writes already run inside the context's AsyncLocalStorage (the middleware entered it); reads need none.
    return new Observable((subscriber) => {
      lastValueFrom(next.handle(), { defaultValue: undefined })
        .then(
          async (value) => {
            await this.recorder.succeeded(audit, res);
            subscriber.next(value);
            subscriber.complete();
          },
          async (error: unknown) => {
            await this.recorder.failed(audit, error);
            subscriber.error(error);
          },
        )
        .catch((auditError: unknown) => subscriber.error(auditError));
    });
  }
}

/**
 * Puts the interceptor on the routes that declare a screen, outermost of their own interceptors (so an upload
 * refused by its file interceptor is still recorded), and on no other route: Nest gives every request through an
 * interceptor an async resource of its own, a cost that routes recording nothing (health, sign-in) need not pay
 * (bench:floor). Must run before the routes are registered: AuditModule calls it from `configure`, which Nest runs
 * before it builds the routes.
 */
export function attachToScreenRoutes(handlers: Iterable<ScreenHandler>, interceptor: NestInterceptor): void {
  for (const { handler } of handlers) {
    const own = (Reflect.getOwnMetadata(INTERCEPTORS_METADATA, handler) as unknown[] | undefined) ?? [];
    if (!own.includes(interceptor))
      Reflect.defineMetadata(INTERCEPTORS_METADATA, [interceptor, ...own], handler);
  }
}
