import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { builtServerEntry } from '../../support/built-server';

/**
 * Kanri as a real operating-system process (`dist/src/main.js`, what production runs, checked to be built from the
 * current tree: ../../support/built-server.ts), for the drills that need a process to die: kill -9 mid-import.
 * Talks to it over HTTP with `fetch`.
 */

const ROOT = resolve(__dirname, '../../..');

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

export interface ChildServer {
  port: number;
  base: string;
  process: ChildProcess;
  /** Everything the process wrote, for the failure message. */
  output(): string;
  /** SIGKILL, no goodbye: what a crash or an OOM kill looks like. Resolves once the process is gone. */
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

export const CHILD_OPERATOR = { loginId: 'operator1', password: 'Operator-pass-1' };

/** How long a server may take to answer its health check, and what it is called in the failure message. */
export interface StartOptions {
  startTimeoutMs?: number;
  name?: string;
}

export async function startChildServer(
  env: Record<string, string>,
  port?: number,
  { startTimeoutMs = 120_000, name = 'server' }: StartOptions = {},
): Promise<ChildServer> {
  const p = port ?? (await freePort());
  let output = '';
  const child = spawn(process.execPath, [builtServerEntry()], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'development',
      PORT: String(p),
      KANRI_DATA_DIR: mkdtempSync(join(tmpdir(), 'kanri-proof-child-')),
      JWT_SECRET: 'proof-secret-proof-secret-proof-secret-0123456789',
      FIELD_ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 9).toString('base64')}`,
      KANRI_ADMIN_LOGIN_ID: CHILD_OPERATOR.loginId,
      KANRI_ADMIN_PASSWORD: CHILD_OPERATOR.password,
      AUTH_RATE_LIMIT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // The last 20,000 characters: enough for a failure message, bounded for a long drill.
  child.stdout!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20000)));
  child.stderr!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20000)));
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const base = `http://127.0.0.1:${p}/api/v1`;
  const until = Date.now() + startTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the ${name} exited at start:\n${output.slice(-2000)}`);
    const ok = await fetch(`${base}/health`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(
        `the ${name} did not answer within ${startTimeoutMs / 1000} s:\n${output.slice(-2000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    port: p,
    base,
    process: child,
    output: () => output,
    kill9: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

export interface JsonAnswer {
  status: number;
  body: Record<string, unknown>;
}

export async function call(
  server: { base: string },
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<JsonAnswer> {
  const res = await fetch(`${server.base}${path}`, {
    method,
    headers: {
      ...(body !== undefined && !(body instanceof FormData) ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: Record<string, unknown> = {};
  try {
    parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    parsed = { text };
  }
  return { status: res.status, body: parsed };
}
