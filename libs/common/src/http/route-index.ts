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
 * run's route layers that could match it: those that handle the method, whose path has as many `/` as the
 * request's (a trailing slash does not count, as the router ignores it unless routing is strict), and whose text
 * in the one segment that best tells that group apart (for Kanri, the word after /api/v1) is the request's. A path
 * that cannot be read so (wildcards, optional groups, escapes, regular expressions) is in every bucket. The answer
 * is the same as the full walk's because a layer left out could not have matched: parameters never span a `/`, so
 * the `/` of any path a pattern matches are exactly the pattern's own (plus the optional trailing one), and the
 * segments between them line up. With Kanri's 240 routes, `GET /api/v1/health/live` runs 5 route matchers
 * instead of 104 (the wildcard routes, Nest's middleware mounts and OCSP's, are in every bucket).
 *
 * The router's own stack is left as it is (routes listing, middleware positions); only the router's `handle` is
 * replaced. It walks the original stack for every other method, so OPTIONS still gathers its automatic `Allow`
 * answer from every matching route, and it rebuilds the index when the stack is replaced or grows (a later
 * `app.use`). HEAD requests and paths with a `%` (whose parameters are decoded while matching, and a bad escape is
 * an error whatever the route's method) use the buckets of all methods, as the walk checks no method for them
 * first. A route's `next()`, `next('route')`, `next('router')` and errors go on as in the walk.
 *
 * Not covered, left to the full walk: `router.param` callbacks (the index is not installed while any exist, as
 * their once-per-request calls span the whole walk), methods added to a route after the index was built, and a
 * layer replaced in place. After a run falls through, `req.params` is the dispatching layer's (`{}`) until the next
 * layer sets its own, as it does before calling it.
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
  caseSensitive?: boolean;
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

/** One route layer of a run, with what its pattern tells about the paths it can match. */
interface IndexedRoute {
  layer: RouterLayer;
  slashes: number[] | null;
  /** Each segment's text when it is plain ASCII text (lower-cased unless routing is case-sensitive), else null. */
  segments: (string | null)[] | null;
}

/**
 * The routes of one method and number of `/`, narrowed by one segment's text when that tells them apart: a path's
 * n-th segment lies between its n-th and (n+1)-th `/`, as the pattern's does, since parameters never span a `/`.
 */
interface Bucket {
  /** The routes whose text at `segment` is not known (or all of them when `segment` is -1). */
  others: ExpressRouter | null;
  segment: number;
  byText: Map<string, ExpressRouter>;
}

interface Buckets {
  bySlashes: Map<number, Bucket>;
  /** The run's uncountable routes, for paths no countable route has as many `/` as. */
  others: ExpressRouter | null;
}

function describeRoute(layer: RouterLayer, strict: boolean, sensitive: boolean): IndexedRoute {
  const slashes = patternSlashCounts(layer.rawPath, strict);
  const path = layer.rawPath;
  if (slashes?.length !== 1 || typeof path !== 'string') return { layer, slashes, segments: null };
  // A case-insensitive (non-Unicode) regular expression matches an ASCII character with ASCII characters only, so
  // lower-casing both sides never separates a path from a pattern that matches it.
  const segments = (strict ? path : path.replace(/\/+$/, ''))
    .split('/')
    .map((text) =>
      /^[\x20-\x7e]*$/.test(text) && !text.includes(':') ? (sensitive ? text : text.toLowerCase()) : null,
    );
  return { layer, slashes, segments };
}

function bucketOf(router: ExpressRouter, routes: IndexedRoute[], segmentCount: number): Bucket {
  const view = (kept: IndexedRoute[]): ExpressRouter | null =>
    kept.length === 0 ? null : withStack(router, [...kept.map((route) => route.layer), END_OF_BUCKET]);
  const textAt = (route: IndexedRoute, segment: number): string | null => route.segments?.[segment] ?? null;
  // The segment whose text leaves the fewest routes to try in the worst case.
  let best = { segment: -1, worst: routes.length };
  for (let segment = 0; segment < segmentCount; segment++) {
    const perText = new Map<string, number>();
    let unknown = 0;
    for (const route of routes) {
      const text = textAt(route, segment);
      if (text === null) unknown++;
      else perText.set(text, (perText.get(text) ?? 0) + 1);
    }
    const worst = unknown + Math.max(0, ...perText.values());
    if (worst < best.worst) best = { segment, worst };
  }
  const { segment } = best;
  const byText = new Map<string, ExpressRouter>();
  if (segment === -1) return { others: view(routes), segment, byText };
  for (const text of new Set(routes.map((route) => textAt(route, segment)))) {
    if (text !== null) {
      byText.set(text, view(routes.filter((route) => [null, text].includes(textAt(route, segment))))!);
    }
  }
  return { others: view(routes.filter((route) => textAt(route, segment) === null)), segment, byText };
}

function bucketsOf(router: ExpressRouter, routes: IndexedRoute[]): Buckets {
  const bySlashes = new Map<number, Bucket>();
  for (const slashes of new Set(routes.flatMap((route) => route.slashes ?? []))) {
    const kept = routes.filter((route) => route.slashes?.includes(slashes) ?? true);
    bySlashes.set(slashes, bucketOf(router, kept, slashes + 1));
  }
  const others = routes.filter((route) => route.slashes === null).map((route) => route.layer);
  return { bySlashes, others: others.length === 0 ? null : withStack(router, [...others, END_OF_BUCKET]) };
}

/** The text of a path's n-th segment (0: before the first `/`); the path has at least n `/`. */
function segmentOf(path: string, segment: number): string {
  let start = 0;
  for (let n = 0; n < segment; n++) start = path.indexOf('/', start) + 1;
  const end = path.indexOf('/', start);
  return path.slice(start, end === -1 ? path.length : end);
}

/** The layer that stands for one run of route layers in the indexed stack. */
function runDispatcher(router: ExpressRouter, walk: Handler, layers: RouterLayer[]): RouterLayer {
  const sensitive = router.caseSensitive === true;
  const routes = layers.map((layer) => describeRoute(layer, router.strict === true, sensitive));
  const handles = ({ layer }: IndexedRoute, method: string): boolean =>
    typeof layer.route?._handlesMethod !== 'function' || layer.route._handlesMethod(method);
  const byMethod = new Map<string, Buckets>();
  for (const method of INDEXED_METHODS) {
    byMethod.set(
      method,
      bucketsOf(
        router,
        routes.filter((route) => handles(route, method)),
      ),
    );
  }
  const anyMethod = bucketsOf(router, routes);
  const wholeRun = withStack(router, [...layers, END_OF_BUCKET]);

  const viewFor = (req: Request): ExpressRouter | null => {
    const path = req.path;
    if (typeof path !== 'string') return wholeRun;
    const buckets =
      (req.method === 'HEAD' || path.includes('%') ? anyMethod : byMethod.get(req.method!)) ?? anyMethod;
    const bucket = buckets.bySlashes.get(requestSlashCount(path));
    if (bucket === undefined) return buckets.others;
    if (bucket.segment === -1) return bucket.others;
    const text = segmentOf(path, bucket.segment);
    return bucket.byText.get(sensitive ? text : text.toLowerCase()) ?? bucket.others;
  };

  const dispatch = (req: Request, res: ServerResponse, next: Next): void => {
    const view = viewFor(req);
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
