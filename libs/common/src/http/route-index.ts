import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Route index for Express 5's router.
 *
 * Why: the router walks its stack in order, and every route layer registered before the one that answers runs its
 * path-to-regexp matcher before the method is even looked at. Kanri registers a few hundred routes, so a request
 * to a route near the end paid for hundreds of regular expressions: a CPU profile of the no-op route
 * (`GET /api/v1/health/live`) under load showed some 30 µs of its ~340 µs per request in the router's `next` and
 * path-to-regexp's `match`, against ~10 µs in an empty Nest app with one route.
 *
 * What: each maximal run of consecutive route layers is seen, for GET/HEAD/POST/PUT/PATCH/DELETE requests, through
 * one dispatching layer that hands the request to a view of the router holding, in registration order, only the
 * run's route layers that could match it: those that handle the method and whose path has as many `/` as the
 * request's (a trailing slash does not count, as the router ignores it unless routing is strict). A path that
 * cannot be counted (wildcards, optional groups, escapes, regular expressions) is in every bucket. The answer is
 * the same as the full walk's because a layer left out could not have matched: parameters never span a `/`, so the
 * `/` of any path a pattern matches are exactly the pattern's own (plus the optional trailing one).
 *
 * The router's own stack is left as it is (routes listing, middleware positions, later `app.use`); only the
 * router's `handle` is replaced, and it walks the original stack for every other method (so OPTIONS still gathers
 * its automatic `Allow` answer from every matching route) and when the stack changed since the index was built.
 * HEAD requests and paths with a `%` (whose parameters are decoded while matching, and a bad escape is an error
 * whatever the route's method) use the buckets of all methods, as the walk checks no method for them first.
 *
 * Not covered, left to the full walk's semantics: `router.param` callbacks (the index is not installed while any
 * exist) and methods added to a route after the index was built.
 */

type Next = (err?: unknown) => void;
type Request = IncomingMessage & { path?: unknown; [REACHED_END]?: boolean };
type Handler = (req: Request, res: ServerResponse, next: Next) => void;

/** The parts of the router's `Layer` the router's walk uses. */
export interface RouterLayer {
  route?: { _handlesMethod?: (method: string) => boolean } | null;
  rawPath?: unknown;
  name?: string;
  match(path: string): unknown;
  handleRequest(req: Request, res: ServerResponse, next: Next): void;
  handleError(err: unknown, req: Request, res: ServerResponse, next: Next): void;
}

/** The parts of the `router` package's `Router` (Express 5's `app.router`) the index uses. */
export interface ExpressRouter {
  stack: RouterLayer[];
  strict?: boolean;
  params?: Record<string, unknown>;
  handle: Handler;
}

/** Methods whose requests go through the index; the others (OPTIONS above all) walk the whole stack. */
const INDEXED_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
const INSTALLED = Symbol('routeIndexInstalled');
const REACHED_END = Symbol('routeIndexReachedEnd');

/**
 * How many `/` the paths a route pattern matches can have, counted as {@link requestSlashCount} counts them; null
 * when that cannot be told from the pattern (it then goes into every bucket).
 */
export function patternSlashCounts(path: unknown, strict: boolean): number[] | null {
  if (Array.isArray(path)) {
    const counts = path.map((each) => patternSlashCounts(each, strict));
    return counts.some((each) => each === null) ? null : [...new Set(counts.flat() as number[])];
  }
  // Only text and `:name` parameters can be counted: wildcards, groups, escapes, quoted names and the characters
  // path-to-regexp reserves are left to the walk.
  if (typeof path !== 'string' || /[*{}()[\]?+!\\"]/.test(path)) return null;
  // The router strips trailing slashes from a non-strict pattern (all but a lone `/`) and accepts one on the path.
  const pattern = strict || path === '/' ? path : path.replace(/\/+$/, '');
  const slashes = countSlashes(pattern);
  if (!pattern.endsWith('/')) return [slashes];
  return strict ? [slashes - 1] : [slashes - 1, slashes];
}

/** The `/` in a request path, one trailing `/` not counted. */
export function requestSlashCount(pathname: string): number {
  return countSlashes(pathname) - (pathname.endsWith('/') ? 1 : 0);
}

function countSlashes(text: string): number {
  let count = 0;
  for (let i = text.indexOf('/'); i !== -1; i = text.indexOf('/', i + 1)) count++;
  return count;
}

/** A layer that matches every path, as the router's own `use('/')` layers do. */
function matchEverything(): { params: object; path: string; keys: string[]; pattern: string } {
  return { params: {}, path: '', keys: [], pattern: '/' };
}

/** Last layer of every bucket: reaching it tells "no route answered" apart from a handler's `next('router')`. */
const END_OF_BUCKET: RouterLayer = {
  name: 'routeIndexEnd',
  match: matchEverything,
  handleRequest(req, _res, next) {
    req[REACHED_END] = true;
    next();
  },
  handleError(err, _req, _res, next) {
    next(err);
  },
};

/** A view of the router (its params and options) with another stack, for the router's own walk. */
function withStack(router: ExpressRouter, stack: RouterLayer[]): ExpressRouter {
  return Object.create(router, { stack: { value: stack } }) as ExpressRouter;
}

interface Buckets {
  bySlashes: Map<number, ExpressRouter>;
  /** The run's uncountable routes, for paths no countable route has as many `/` as. */
  others: ExpressRouter | null;
}

function bucketsOf(router: ExpressRouter, routes: RouterLayer[], counts: (number[] | null)[]): Buckets {
  const bucket = (keep: (index: number) => boolean): ExpressRouter | null => {
    const stack = routes.filter((_route, index) => keep(index));
    return stack.length === 0 ? null : withStack(router, [...stack, END_OF_BUCKET]);
  };
  const bySlashes = new Map<number, ExpressRouter>();
  for (const slashes of new Set(counts.flatMap((each) => each ?? []))) {
    bySlashes.set(
      slashes,
      bucket((index) => counts[index]?.includes(slashes) ?? true)!,
    );
  }
  return { bySlashes, others: bucket((index) => counts[index] === null) };
}

/** The layer that stands for one run of route layers in the indexed stack. */
function runDispatcher(router: ExpressRouter, walk: Handler, routes: RouterLayer[]): RouterLayer {
  const counts = routes.map((layer) => patternSlashCounts(layer.rawPath, router.strict === true));
  const handles = (layer: RouterLayer, method: string): boolean =>
    typeof layer.route?._handlesMethod !== 'function' || layer.route._handlesMethod(method);
  const byMethod = new Map<string, Buckets>();
  for (const method of INDEXED_METHODS) {
    const kept = routes.map((layer) => handles(layer, method));
    byMethod.set(
      method,
      bucketsOf(
        router,
        routes.filter((_layer, index) => kept[index]),
        counts.filter((_count, index) => kept[index]),
      ),
    );
  }
  const anyMethod = bucketsOf(router, routes, counts);
  const wholeRun = withStack(router, [...routes, END_OF_BUCKET]);

  const dispatch = (req: Request, res: ServerResponse, next: Next): void => {
    const path = req.path;
    let view: ExpressRouter | null = wholeRun;
    if (typeof path === 'string') {
      const buckets =
        (req.method === 'HEAD' || path.includes('%') ? anyMethod : byMethod.get(req.method!)) ?? anyMethod;
      view = buckets.bySlashes.get(requestSlashCount(path)) ?? buckets.others;
    }
    if (view === null) {
      next();
      return;
    }
    req[REACHED_END] = false;
    walk.call(view, req, res, (err?: unknown) => {
      if (err) next(err);
      else if (req[REACHED_END]) next();
      else next('router');
    });
  };
  return {
    name: 'routeIndex',
    match: matchEverything,
    handleRequest: dispatch,
    handleError(err, _req, _res, next) {
      next(err);
    },
  };
}

/** The router's stack with each maximal run of route layers replaced by its dispatcher. */
export function indexStack(router: ExpressRouter, walk: Handler, stack: RouterLayer[]): RouterLayer[] {
  const indexed: RouterLayer[] = [];
  for (let start = 0; start < stack.length;) {
    let end = start;
    while (end < stack.length && stack[end].route) end++;
    if (end === start) {
      indexed.push(stack[start++]);
      continue;
    }
    indexed.push(runDispatcher(router, walk, stack.slice(start, end)));
    start = end;
  }
  return indexed;
}

/**
 * Makes `router` (Express 5's `app.router`, after the routes are registered) dispatch indexed requests through
 * {@link indexStack}; the index is rebuilt when the router's stack changes.
 */
export function installRouteIndex(router: ExpressRouter): void {
  const target = router as ExpressRouter & { [INSTALLED]?: true };
  if (target[INSTALLED] || Object.keys(router.params ?? {}).length > 0) return;
  const walk = router.handle;
  const indexedMethods = new Set<string>(INDEXED_METHODS).add('HEAD');
  let indexedFor: RouterLayer[] | null = null;
  let indexedLength = -1;
  let view = router;
  target[INSTALLED] = true;
  router.handle = function handle(req, res, next) {
    if (!indexedMethods.has(req.method!)) {
      walk.call(router, req, res, next);
      return;
    }
    const stack = router.stack;
    if (stack !== indexedFor || stack.length !== indexedLength) {
      view = withStack(router, indexStack(router, walk, stack));
      indexedFor = stack;
      indexedLength = stack.length;
    }
    walk.call(view, req, res, next);
  };
}
