import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestHandler } from 'express';
import * as securityHeaders from '@kanri/common/http/security-headers';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Kanri sets helmet's headers from a record taken at start (libs/common/src/http/security-headers.ts) instead of
 * running helmet on every request. Every answer must carry exactly the headers plain `helmet()` gave it, in the
 * same order and spelling: the API's, the console's (its own CSP), a static asset's, the not-found and error
 * answers. The same requests go to Kanri as it is and to Kanri with plain helmet mounted where the record is.
 */
interface Answer {
  status: number;
  headers: string[];
  body: string;
}

const REQUEST_ID = 'fixed-request-id-0001';

function send(port: number, method: string, path: string, headers: Record<string, string>, body?: string) {
  return new Promise<Answer>((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, headers: { 'X-Request-Id': REQUEST_ID, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw: string[] = [];
          for (let i = 0; i < res.rawHeaders.length; i += 2) {
            // The only header that may differ between two answers to the same request is the time of day.
            const value = res.rawHeaders[i].toLowerCase() === 'date' ? '<date>' : res.rawHeaders[i + 1];
            raw.push(`${res.rawHeaders[i]}: ${value}`);
          }
          resolve({ status: res.statusCode ?? 0, headers: raw, body: Buffer.concat(chunks).toString() });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const JSON_BODY = { 'Content-Type': 'application/json' };

const REQUESTS: {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}[] = [
  { name: 'the no-op API route', method: 'GET', path: '/api/v1/health/live' },
  { name: 'a HEAD on the API', method: 'HEAD', path: '/api/v1/health/live' },
  { name: 'the console page', method: 'GET', path: '/' },
  { name: 'a console deep link', method: 'GET', path: '/members?page=3' },
  { name: 'a console asset', method: 'GET', path: '/assets/app.js' },
  { name: 'a missing console asset', method: 'GET', path: '/assets/missing.js' },
  { name: 'an unknown API path', method: 'GET', path: '/api/v1/no-such-route' },
  { name: 'a route that needs a session', method: 'GET', path: '/api/v1/auth/me' },
  {
    name: 'a refused sign-in',
    method: 'POST',
    path: '/api/v1/auth/login',
    headers: JSON_BODY,
    body: JSON.stringify({ loginId: 'nobody', password: 'Wrong-pass-1' }),
  },
  { name: 'malformed JSON', method: 'POST', path: '/api/v1/auth/login', headers: JSON_BODY, body: '{"x":' },
  {
    name: 'a console request',
    method: 'GET',
    path: '/api/v1/health/live',
    headers: { 'X-Kanri-Console': '1' },
  },
  { name: 'an unknown method on the console', method: 'DELETE', path: '/members' },
  { name: 'SCIM without a token', method: 'GET', path: '/scim/v2/Users' },
  { name: 'the OpenAPI document', method: 'GET', path: '/api/docs-json' },
];

async function answers(t: TestApp): Promise<Answer[]> {
  await t.app.listen(0, '127.0.0.1');
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  const out: Answer[] = [];
  for (const r of REQUESTS) out.push(await send(port, r.method, r.path, r.headers ?? {}, r.body));
  return out;
}

describe('Security headers: the recorded set equals plain helmet on every answer', () => {
  let dir: string;
  let recorded: Answer[];
  let plain: Answer[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kanri-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Kanri</title>');
    writeFileSync(join(dir, 'assets', 'app.js'), 'console.log("kanri")');
    const env = { KANRI_CONSOLE_DIR: dir };

    const withRecord = await createTestApp({ env });
    try {
      recorded = await answers(withRecord);
    } finally {
      await withRecord.close();
    }

    const spy = jest
      .spyOn(securityHeaders, 'useSecurityHeaders')
      .mockImplementation((app, helmetMiddleware: RequestHandler) => {
        app.use(helmetMiddleware);
      });
    try {
      const withHelmet = await createTestApp({ env });
      expect(spy).toHaveBeenCalledTimes(1);
      try {
        plain = await answers(withHelmet);
      } finally {
        await withHelmet.close();
      }
    } finally {
      spy.mockRestore();
    }
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(REQUESTS.map((r, i) => [r.name, i] as const))('%s', (_name, i) => {
    expect(recorded[i].status).toBe(plain[i].status);
    expect(recorded[i].headers).toEqual(plain[i].headers);
    expect(recorded[i].body).toBe(plain[i].body);
  });

  it('sends helmet headers at all (the comparison is not between two empty sets)', () => {
    const names = recorded[0].headers.map((h) => h.split(':')[0].toLowerCase());
    expect(names).toEqual(
      expect.arrayContaining([
        'content-security-policy',
        'strict-transport-security',
        'x-content-type-options',
      ]),
    );
    expect(names).not.toContain('x-powered-by');
  });
});
