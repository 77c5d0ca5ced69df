import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { recordHeaders, replayHeaders, useSecurityHeaders } from './security-headers';

/** A response that keeps what is done to its headers, in order (Node keeps insertion order the same way). */
function fakeResponse() {
  const headers = new Map<string, [string, string]>();
  return {
    headers,
    setHeader(name: string, value: string) {
      headers.set(name.toLowerCase(), [name, value]);
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
  };
}

function fakeApp() {
  const used: RequestHandler[] = [];
  const disabled: string[] = [];
  const app = {
    use: (handler: RequestHandler) => used.push(handler),
    disable: (setting: string) => disabled.push(setting),
  } as unknown as NestExpressApplication;
  return { app, used, disabled };
}

function run(handler: RequestHandler, res: ReturnType<typeof fakeResponse>): void {
  let passed = false;
  void handler(
    { method: 'GET', headers: {} } as Request,
    res as unknown as Response,
    (() => {
      passed = true;
    }) as NextFunction,
  );
  expect(passed).toBe(true);
}

describe('security headers', () => {
  it("replays exactly helmet's headers, in helmet's order and spelling", () => {
    const viaHelmet = fakeResponse();
    viaHelmet.setHeader('X-Powered-By', 'Express');
    run(helmet(), viaHelmet);

    const { app, used, disabled } = fakeApp();
    useSecurityHeaders(app, helmet());
    expect(disabled).toEqual(['x-powered-by']);
    expect(used).toHaveLength(1);
    const replayed = fakeResponse();
    run(used[0], replayed);

    expect([...replayed.headers.values()]).toEqual([...viaHelmet.headers.values()]);
    expect(replayed.headers.size).toBeGreaterThan(5);
  });

  it('replays removals other than X-Powered-By on every response', () => {
    const handler = replayHeaders({ set: [['X-A', '1']], removed: ['X-Gone'] });
    const res = fakeResponse();
    res.setHeader('X-Gone', 'yes');
    run(handler, res);
    expect([...res.headers.values()]).toEqual([['X-A', '1']]);
  });

  it('refuses to record headers that depend on the request', () => {
    const byMethod: RequestHandler = (req, res, next) => {
      res.setHeader('X-Method', req.method);
      next();
    };
    expect(() => useSecurityHeaders(fakeApp().app, byMethod)).toThrow(/depend on the request/);
  });

  it('refuses a middleware that does not pass the request on at once, or fails', () => {
    const later: RequestHandler = (_req, _res, next) => void setTimeout(next, 0);
    expect(() => recordHeaders(later, {})).toThrow(/did not pass the request on/);
    const failing: RequestHandler = (_req, _res, next) => next(new Error('no'));
    expect(() => recordHeaders(failing, {})).toThrow('no');
  });

  it('refuses header values it could not replay as they are', () => {
    const numeric: RequestHandler = (_req, res, next) => {
      res.setHeader('X-Count', 1);
      next();
    };
    expect(() => recordHeaders(numeric, {})).toThrow(/only string header values/);
  });
});
