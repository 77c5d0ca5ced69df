import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { type NextFunction, type Request, type Response, Router, static as serveStatic } from 'express';

/**
 * The console's Content-Security-Policy (SPEC §12): only the console's own bundled scripts and styles, no inline
 * script or style, no CDN; `data:` images for the TOTP QR code the API answers as a data URL; API calls to the
 * same origin only. The API and its docs keep helmet's defaults.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Where `vite build` puts the console: dist/web, next to the compiled server (dist/src/console/ → dist/web), or
 * under the project root when the server runs from its sources (ts-node, tests). KANRI_CONSOLE_DIR (the config's
 * `consoleDir`) overrides it.
 */
export function defaultConsoleDir(): string {
  const up = resolve(__dirname, '..', '..');
  return basename(up) === 'dist' ? join(up, 'web') : join(up, 'dist', 'web');
}

const NOT_BUILT =
  'The Kanri console is not built. Run `npm run build` (or `npm start`, which builds it) and reload.\n';

/** The server's own paths: the API, and the SCIM service provisioning clients call (src/scim). */
function isServerPath(path: string): boolean {
  return path === '/api' || path.startsWith('/api/') || path === '/scim' || path.startsWith('/scim/');
}

/**
 * Serves the built console at `/`: its hashed assets with long caching, and index.html for every other GET that is
 * not the API's (`/api/...`), so a reload on `/members?page=3` lands on the same screen (the router reads the URL).
 * Registered before the API routes as one middleware that sends the server's own paths straight on after a single
 * path test, and hands every other request to the console's own router (its CSP, its assets, its page), so an API
 * request does not pass through each of the console's steps to be sent on by each.
 */
export function serveConsole(app: NestExpressApplication, dir = defaultConsoleDir()): void {
  const indexPath = join(dir, 'index.html');
  const built = existsSync(indexPath);
  let indexHtml: Buffer | null = null;
  const index = (): Buffer | null => (indexHtml ??= built ? readFileSync(indexPath) : null);

  const consoleRouter = Router();
  consoleRouter.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Content-Security-Policy', CONSOLE_CSP);
    next();
  });
  if (built) {
    consoleRouter.use(
      '/assets/',
      serveStatic(join(dir, 'assets'), { immutable: true, maxAge: '365d', index: false }),
    );
  }
  consoleRouter.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (req.path.startsWith('/assets/')) {
      res.status(404).type('text/plain; charset=utf-8').send('Not found\n');
      return;
    }
    const html = index();
    if (!html) {
      res.status(404).type('text/plain; charset=utf-8').send(NOT_BUILT);
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.type('text/html; charset=utf-8').send(html);
  });

  app.use(function serveConsole(req: Request, res: Response, next: NextFunction) {
    if (isServerPath(req.path)) return next();
    consoleRouter(req, res, next);
  });
}
