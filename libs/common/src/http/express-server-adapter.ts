import { IncomingMessage, ServerResponse, createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { NestApplicationOptions } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Express } from 'express';

/**
 * Nest's Express adapter, with an HTTP(S) server that builds every request and response on the prototypes Express
 * gives them (`app.request`, `app.response`).
 *
 * Express 5 sets those prototypes with `Object.setPrototypeOf` on each request and response as it enters the app.
 * V8 then keeps each request's whole object graph alive through the young-generation collections that follow: on the
 * no-op route a quarter of all that Kanri allocated survived each collection and was copied into the old generation
 * (2.8 MB a collection and 10–13 ms pauses; 86 KB and ~1.6 ms with this adapter). A one-route Express app shows the
 * same, the bare `node:http` server does not (expressjs/express#5998). Node's server takes the classes to construct
 * from its options, so here they are built with the right prototypes from the start and Express's `setPrototypeOf`
 * finds nothing to change.
 * Everything else (routes, middleware, `trust proxy`, the client-certificate socket of HTTPS) is Express's as before.
 */
export class ExpressServerAdapter extends ExpressAdapter {
  override initHttpServer(options: NestApplicationOptions): void {
    // Nest tracks open sockets its own private way for this option; Kanri never sets it, so keep Nest's server.
    if (options.forceCloseConnections) return super.initHttpServer(options);
    const app = this.getInstance<Express>();
    const classes = {
      IncomingMessage: constructedOn(IncomingMessage, app.request),
      ServerResponse: constructedOn(ServerResponse, app.response),
    };
    this.setHttpServer(
      options.httpsOptions
        ? createHttpsServer({ ...options.httpsOptions, ...classes }, app)
        : createServer(classes, app),
    );
  }
}

/**
 * A constructor of `base`'s instances whose prototype is `prototype` from the moment they exist. Node's request and
 * response are plain constructor functions, so `base` runs on the new object; `Reflect.construct` with this function
 * as the new target gives the same objects, but measured as the same young-generation survival as setPrototypeOf.
 */
function constructedOn<T extends typeof IncomingMessage | typeof ServerResponse>(
  base: T,
  prototype: object,
): T {
  const initialize = base as unknown as (this: object, ...args: unknown[]) => void;
  function Constructed(this: object, ...args: unknown[]): void {
    initialize.apply(this, args);
  }
  Constructed.prototype = prototype;
  return Constructed as unknown as T;
}
