import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import request from 'supertest';
import { type ExpressRouter, installRouteIndex, patternSlashCounts, requestSlashCount } from './route-index';

type Setup = (app: Express) => void;

function routerOf(app: Express): ExpressRouter {
  return (app as unknown as { router: ExpressRouter }).router;
}

/** The same app twice: as Express walks it, and with the index installed after the routes. */
function twoApps(setup: Setup): { walked: Express; indexed: Express } {
  const walked = express();
  setup(walked);
  const indexed = express();
  setup(indexed);
  installRouteIndex(routerOf(indexed));
  return { walked, indexed };
}

const answer = (name: string) => (req: Request, res: Response) => {
  res.json({ name, params: req.params, route: (req.route as { path?: string } | undefined)?.path ?? null });
};

/** Routes in the orders that tell a walk from a careless index apart. */
const trickyApp: Setup = (app) => {
  app.use((_req, res, next) => {
    res.setHeader('x-before', 'yes');
    next();
  });
  app.get('/items/:id', (req, res, next) => {
    if (req.params.id === 'skip') return next('route');
    if (req.params.id === 'pass' || req.params.id === 'export') return next();
    if (req.params.id === 'leave') return next('router');
    answer('item')(req, res);
  });
  app.get('/items/export', answer('export'));
  app.get('/items/:id', answer('item-again'));
  app.post('/items/:id', answer('item-post'));
  app.put('/items/:id', answer('item-put'));
  app.patch('/items/:id/:part', answer('item-patch'));
  app.delete('/items/:id', answer('item-delete'));
  app.head('/heads', (_req, res) => {
    res.setHeader('x-head', 'explicit');
    res.end();
  });
  app.get('/heads', answer('heads-get'));
  app.post('/only-post/:id', answer('only-post'));
  app.get('/files/*rest', answer('files'));
  app.get('/optional{/:maybe}', answer('optional'));
  app.all('/any/:id', answer('any'));
  app.get(['/pair/:a', '/pair/:a/:b/:c'], answer('pair'));
  app.get(/^\/re\/(\d+)$/, answer('regexp'));
  app.get('/', answer('root'));
  app.get('/boom', () => {
    throw Object.assign(new Error('boom'), { status: 418 });
  });
  app.get('/boom-async', async () => {
    await Promise.resolve();
    throw new Error('async boom');
  });
  app.get('/a-b/:x-:y', answer('two-params'));
  app.use('/between', (_req, res) => {
    res.json({ name: 'between' });
  });
  app.get('/late/:a/:b', answer('late'));
  app.get('/items/:id', answer('item-late'));
  app.use((req, res) => {
    res.status(404).json({ notFound: `${req.method} ${req.originalUrl}`, params: req.params });
  });
  app.use((err: { status?: number; message: string }, _req: Request, res: Response, _next: NextFunction) => {
    res.status(err.status ?? 500).json({ error: err.message });
  });
};

const methods = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
const paths = [
  '/',
  '//',
  '/items/1',
  '/items/1/',
  '/ITEMS/Export',
  '/items/export',
  '/items/export/',
  '/items/skip',
  '/items/pass',
  '/items/leave',
  '/items/1/2',
  '/items/1/2/',
  '/items//',
  '/items/%41',
  '/items/%E0',
  '/items/1?x=/a/b/c',
  '/only-post/%E0',
  '/heads',
  '/files/a',
  '/files/a/b/c/',
  '/optional',
  '/optional/x',
  '/optional/x/y',
  '/any/9',
  '/pair/1',
  '/pair/1/2',
  '/pair/1/2/3',
  '/re/12',
  '/re/12/',
  '/boom',
  '/boom-async',
  '/a-b/1-2',
  '/between/x',
  '/late/1/2',
  '/late/1/2/',
  '/nowhere',
  '/nowhere/at/all',
];

interface Seen {
  status: number;
  body: string;
  headers: Record<string, string | undefined>;
}

async function send(app: Express, method: (typeof methods)[number], path: string): Promise<Seen> {
  const res = await request(app)[method.toLowerCase() as 'get'](path);
  const pick = ['allow', 'content-type', 'content-length', 'x-before', 'x-head'];
  return {
    status: res.status,
    body: res.text ?? '',
    headers: Object.fromEntries(pick.map((name) => [name, res.headers[name] as string | undefined])),
  };
}

describe('route index', () => {
  it('answers every request as the full walk does', async () => {
    const { walked, indexed } = twoApps(trickyApp);
    for (const method of methods) {
      for (const path of paths) {
        const expected = await send(walked, method, path);
        expect({ method, path, ...(await send(indexed, method, path)) }).toEqual({
          method,
          path,
          ...expected,
        });
      }
    }
  });

  it('answers the tricky cases as Express does', async () => {
    const { indexed } = twoApps(trickyApp);
    const get = async (path: string) => JSON.parse((await request(indexed).get(path)).text) as unknown;
    expect(await get('/items/export')).toEqual({ name: 'export', params: {}, route: '/items/export' });
    expect(await get('/items/skip')).toEqual({
      name: 'item-again',
      params: { id: 'skip' },
      route: '/items/:id',
    });
    expect(await get('/items/1/')).toEqual({ name: 'item', params: { id: '1' }, route: '/items/:id' });
    expect(await get('/files/a/b')).toEqual({
      name: 'files',
      params: { rest: ['a', 'b'] },
      route: '/files/*rest',
    });
    expect(await get('/late/1/2')).toEqual({
      name: 'late',
      params: { a: '1', b: '2' },
      route: '/late/:a/:b',
    });
    expect(await get('/nowhere')).toEqual({ notFound: 'GET /nowhere', params: {} });
    expect(await get('/boom')).toEqual({ error: 'boom' });
    expect((await request(indexed).get('/items/%E0')).status).toBe(400);
    expect((await request(indexed).get('/items/leave')).text).toContain('Cannot GET /items/leave');
    expect((await request(indexed).head('/items/1')).headers['content-type']).toMatch(/json/);
    expect((await request(indexed).head('/heads')).headers['x-head']).toBe('explicit');
  });

  it('lets OPTIONS gather the Allow answer from every matching route', async () => {
    const { walked, indexed } = twoApps((app) => {
      app.get('/things/:id', answer('get'));
      app.use('/unrelated', answer('mw'));
      app.delete('/things/:id', answer('delete'));
      app.post('/things/:id', answer('post'));
    });
    for (const app of [walked, indexed]) {
      const res = await request(app).options('/things/1');
      expect(res.status).toBe(200);
      expect(res.headers.allow).toBe('DELETE, GET, HEAD, POST');
    }
  });

  it.each([
    ['case-insensitive, non-strict', {}],
    ['case-sensitive', { 'case sensitive routing': true }],
    ['strict', { 'strict routing': true }],
  ])('agrees with the walk on randomly ordered routes and paths (%s)', async (_name, settings) => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const segments = ['a', 'b', ':p', ':q', 'A'];
    const makePath = (length: number, pick: (n: number) => number, from: string[]): string =>
      Array.from({ length }, () => from[pick(from.length)]).join('/');
    const routes = Array.from({ length: 60 }, (_, index) => ({
      method: (['get', 'post', 'put', 'all'] as const)[random(4)],
      path:
        index % 13 === 0
          ? `/${makePath(random(2), random, segments)}/*rest`
          : `/${makePath(random(4), random, segments)}`,
      trailing: random(5) === 0 ? '/' : '',
      passes: random(4) === 0,
    }));
    const { walked, indexed } = twoApps((app) => {
      for (const [name, value] of Object.entries(settings)) app.set(name, value);
      routes.forEach((route, index) => {
        app[route.method](route.path + route.trailing, (req: Request, res: Response, next: NextFunction) => {
          if (route.passes) return next();
          res.json({ index, params: req.params });
        });
      });
    });
    for (let i = 0; i < 150; i++) {
      const method = methods[random(methods.length)];
      const path = `/${makePath(random(5), random, ['a', 'b', 'x', 'B', ''])}${random(3) === 0 ? '/' : ''}`;
      expect({ method, path, ...(await send(indexed, method, path)) }).toEqual({
        method,
        path,
        ...(await send(walked, method, path)),
      });
    }
  });

  it('runs no matcher of a route with another method, number of segments or text in a segment', async () => {
    const app = express();
    app.get('/a/:x/:y', answer('three'));
    app.post('/a/:x', answer('post'));
    app.get('/a/:x', answer('two'));
    app.get('/b/:x', answer('other-two'));
    const router = routerOf(app);
    const calls: string[] = [];
    for (const layer of router.stack) {
      const match = layer.match.bind(layer);
      layer.match = (path: string) => {
        calls.push(String(layer.rawPath));
        return match(path);
      };
    }
    installRouteIndex(router);
    expect(JSON.parse((await request(app).get('/a/1')).text)).toEqual({
      name: 'two',
      params: { x: '1' },
      route: '/a/:x',
    });
    expect(calls).toEqual(['/a/:x']);
    calls.length = 0;
    expect(JSON.parse((await request(app).get('/B/1')).text)).toMatchObject({ name: 'other-two' });
    expect(calls).toEqual(['/b/:x']);
  });

  it('sees routes and middleware added after it was installed', async () => {
    const app = express();
    app.get('/early', answer('early'));
    installRouteIndex(routerOf(app));
    app.get('/late', answer('late'));
    app.use((_req, res) => {
      res.status(404).json({ name: 'fallback' });
    });
    expect(JSON.parse((await request(app).get('/late')).text)).toMatchObject({ name: 'late' });
    expect(JSON.parse((await request(app).get('/x/y')).text)).toEqual({ name: 'fallback' });
  });

  it('is not installed on a router with param callbacks, whose once-per-request calls span the whole walk', () => {
    const app = express();
    app.param('id', (_req, _res, next) => next());
    app.get('/x/:id', answer('x'));
    const router = routerOf(app);
    const handle = router.handle;
    installRouteIndex(router);
    expect(router.handle).toBe(handle);
  });
});

describe('segment counts', () => {
  it.each([
    ['/a/:id', false, [2]],
    ['/a/:id/', false, [2]],
    ['/', false, [0, 1]],
    ['/', true, [0]],
    ['/a/', true, [1]],
    ['', false, [0]],
    ['/a/*rest', false, null],
    ['/a{/:b}', false, null],
    ['/a\\/b', false, null],
    [['/a', '/b/c'], false, [1, 2]],
    [/^\/a$/, false, null],
  ])('pattern %p (strict %p) matches paths with %p slashes', (pattern, strict, counts) => {
    expect(patternSlashCounts(pattern, strict)).toEqual(counts);
  });

  it.each([
    ['/', 0],
    ['//', 1],
    ['/a', 1],
    ['/a/', 1],
    ['/a/b', 2],
    ['/a//', 2],
  ])('request path %p counts %p', (path, count) => {
    expect(requestSlashCount(path)).toBe(count);
  });
});
