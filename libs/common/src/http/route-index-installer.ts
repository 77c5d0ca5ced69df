import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { type ExpressRouter, installRouteIndex } from './route-index';

/**
 * Installs the route index (see route-index.ts) on Express's router once Nest has registered the routes and its
 * not-found and error handlers: `NestApplication.init` calls the bootstrap hooks after `registerRouter` and
 * `registerRouterHooks`.
 */
@Injectable()
export class RouteIndexInstaller implements OnApplicationBootstrap {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onApplicationBootstrap(): void {
    const instance: unknown = this.adapterHost.httpAdapter?.getInstance();
    // Express 5 exposes its router as `app.router`; other adapters (Fastify) have nothing to index here.
    const router = (instance as { router?: Partial<ExpressRouter> } | undefined)?.router;
    if (router && Array.isArray(router.stack) && typeof router.handle === 'function') {
      installRouteIndex(router as ExpressRouter);
    }
  }
}
