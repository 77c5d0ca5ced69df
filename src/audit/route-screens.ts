import { Injectable, type OnApplicationBootstrap, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { API_PREFIX } from '@kanri/common/http/api-prefix';
import { ACCESS_RULE, type AccessRule } from '@kanri/access/access-rule';
import { SCREEN_KEY, type ScreenMetadata } from '@kanri/access/screen.decorator';

/**
 * The screen of every route, by HTTP method and route pattern, for requests that never reach the interceptor:
 * a guard refused them (401/403/404), so only the matched Express route (`req.route.path`) is known. Built once
 * from the controllers' metadata at start.
 */
@Injectable()
export class RouteScreens implements OnApplicationBootstrap {
  private readonly byRoute = new Map<string, ScreenMetadata & { isPublic: boolean }>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    for (const { type, handler, screen, bases, paths } of screenHandlers(this.discovery, this.reflector)) {
      const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [handler, type]);
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      for (const base of bases)
        for (const path of paths)
          this.byRoute.set(`${method} ${routePattern(base, path)}`, {
            ...screen,
            isPublic: rule?.kind === 'public',
          });
    }
  }

  lookup(method: string, routePath: string): (ScreenMetadata & { isPublic: boolean }) | undefined {
    const m = method === 'HEAD' ? 'GET' : method;
    return (
      this.byRoute.get(`${m} ${normalize(routePath)}`) ?? this.byRoute.get(`ALL ${normalize(routePath)}`)
    );
  }
}

/** A route handler that declares a screen (`@Screen` on the method or its controller). */
export interface ScreenHandler {
  type: new (...args: unknown[]) => unknown;
  handler: (...args: unknown[]) => unknown;
  screen: ScreenMetadata;
  /** The controller's paths and the handler's (each may be several). */
  bases: string[];
  paths: string[];
}

/** Every route handler of the app's controllers that declares a screen; the controllers' metadata only. */
export function* screenHandlers(discovery: DiscoveryService, reflector: Reflector): Generator<ScreenHandler> {
  for (const wrapper of discovery.getControllers()) {
    const type = wrapper.metatype as ScreenHandler['type'] | undefined;
    if (!type) continue;
    const bases = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, type) ?? '');
    for (const name of Object.getOwnPropertyNames(type.prototype)) {
      const handler = (type.prototype as Record<string, unknown>)[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const sub = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (sub === undefined) continue;
      const screen = reflector.getAllAndOverride<ScreenMetadata | undefined>(SCREEN_KEY, [handler, type]);
      if (!screen) continue;
      yield {
        type,
        handler: handler as ScreenHandler['handler'],
        screen,
        bases,
        paths: ([] as string[]).concat(sub),
      };
    }
  }
}

export function routePattern(base: string, path: string): string {
  return normalize(`/${API_PREFIX}/${[base, path].filter((p) => p && p !== '/').join('/')}`);
}

function normalize(path: string): string {
  const p = path.replace(/\/+/g, '/');
  return p.length > 1 && p.endsWith('/') ? p.slice(0, -1) : p;
}
