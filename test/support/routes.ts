import type { INestApplication } from '@nestjs/common';
import { INTERCEPTORS_METADATA, PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { ACCESS_RULE, type AccessRule } from '@kanri/access/access-rule';
import { SCREEN_KEY, type ScreenMetadata } from '@kanri/access/screen.decorator';

export interface RouteInfo {
  method: string;
  path: string;
  controller: string;
  handler: string;
  rule: AccessRule | undefined;
  screen: ScreenMetadata | undefined;
  /** The route's own interceptors (classes or instances), outermost first; Kanri registers none globally. */
  interceptors: unknown[];
}

/** Every route the app registers, with its declared access rule and screen, read from the controllers' metadata. */
export function listRoutes(app: INestApplication): RouteInfo[] {
  const discovery = app.get(DiscoveryService);
  const reflector = app.get(Reflector);
  const routes: RouteInfo[] = [];
  for (const wrapper of discovery.getControllers()) {
    const type = wrapper.metatype as (new (...args: unknown[]) => unknown) | undefined;
    if (!type) continue;
    const base = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, type) ?? '')[0];
    for (const name of Object.getOwnPropertyNames(type.prototype)) {
      const handler = type.prototype[name];
      if (name === 'constructor' || typeof handler !== 'function') continue;
      const sub = Reflect.getMetadata(PATH_METADATA, handler);
      if (sub === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      for (const p of ([] as string[]).concat(sub)) {
        routes.push({
          method,
          // The SCIM service (src/scim) is excluded from the /api/v1 prefix (app-setup.ts).
          path: `${base?.startsWith('scim/') ? '' : '/api/v1'}/${[base, p].filter((x) => x && x !== '/').join('/')}`.replace(
            /\/+/g,
            '/',
          ),
          controller: type.name,
          handler: name,
          rule: reflector.getAllAndOverride<AccessRule>(ACCESS_RULE, [handler, type]),
          screen: reflector.getAllAndOverride<ScreenMetadata>(SCREEN_KEY, [handler, type]),
          interceptors: [
            ...((Reflect.getMetadata(INTERCEPTORS_METADATA, type) as unknown[] | undefined) ?? []),
            ...((Reflect.getMetadata(INTERCEPTORS_METADATA, handler) as unknown[] | undefined) ?? []),
          ],
        });
      }
    }
  }
  return routes;
}
