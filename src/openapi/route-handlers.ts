import type { INestApplication, Type } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { operationIdFor } from './operation-ids';

export interface RouteHandler {
  controller: Type;
  handler: (...args: unknown[]) => unknown;
}

/** Every route handler of the app by its operation id, so document steps can read the route's decorators. */
export function routeHandlers(app: INestApplication): Map<string, RouteHandler> {
  const handlers = new Map<string, RouteHandler>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const key of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[key];
        if (key === 'constructor' || typeof handler !== 'function') continue;
        if (Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
        handlers.set(operationIdFor(controller.name, key), {
          controller,
          handler: handler as RouteHandler['handler'],
        });
      }
    }
  }
  return handlers;
}
