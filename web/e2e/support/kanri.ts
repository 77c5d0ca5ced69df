import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from '@playwright/test';

/**
 * One Kanri per spec file: `node dist/src/main.js` (built beforehand; nothing is built here) on a free port with a
 * fresh data directory (a new SQLite database) and a known operator password. Mail goes to the outbox, which the
 * helpers read the way the API tests do (GET /api/v1/system/outbox as the operator).
 */
export const OPERATOR = { loginId: 'operator1', password: 'Operator-pass-1' } as const;
const ROOT = resolve(__dirname, '..', '..', '..');

export interface OutboxMail {
  to: string;
  subject: string;
  text: string;
  createdAt?: string;
}

export class Kanri {
  private operatorToken: string | null = null;

  constructor(
    readonly baseURL: string,
    private readonly process: ChildProcess,
    private readonly dataDir: string,
    readonly output: string[],
  ) {}

  /** A JSON call to the API with a bearer token (test set-up goes through the API, not the screens). */
  async api<T = unknown>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const res = await fetch(`${this.baseURL}/api/v1${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async login(loginId: string, password: string): Promise<string> {
    const res = await this.api<{ accessToken?: string }>('POST', '/auth/login', { loginId, password });
    if (!res.accessToken) throw new Error(`login ${loginId}: no token (second factor?)`);
    return res.accessToken;
  }

  async asOperator(): Promise<string> {
    this.operatorToken ??= await this.login(OPERATOR.loginId, OPERATOR.password);
    return this.operatorToken;
  }

  /** An account with no organization (POST /users as the operator). */
  async createAccount(body: Record<string, unknown>): Promise<{ id: string }> {
    return this.api('POST', '/users', body, await this.asOperator());
  }

  /** Mail sent to `to`, newest first. */
  async outbox(to: string): Promise<OutboxMail[]> {
    const res = await this.api<{ items: OutboxMail[] } | OutboxMail[]>(
      'GET',
      `/system/outbox?to=${encodeURIComponent(to)}`,
      undefined,
      await this.asOperator(),
    );
    return Array.isArray(res) ? res : res.items;
  }

  /** The newest e-mailed one-time password to `to`, waiting for it to arrive. */
  async latestOtp(to: string, notIn: string[] = []): Promise<string> {
    for (let i = 0; i < 50; i += 1) {
      for (const mail of await this.outbox(to)) {
        const code = /(\d{6})/.exec(mail.text)?.[1];
        if (mail.subject.includes('ワンタイムパスワード') && code && !notIn.includes(code)) return code;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`no one-time password mailed to ${to}`);
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null) {
      const exited = new Promise((r) => this.process.once('exit', r));
      this.process.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (this.process.exitCode === null) this.process.kill('SIGKILL');
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}

let running: Kanri | null = null;

/** The Kanri of the spec file being run (the page fixture's baseURL). */
export function runningKanri(): Kanri | null {
  return running;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function startKanri(env: Record<string, string> = {}): Promise<Kanri> {
  const main = join(ROOT, 'dist', 'src', 'main.js');
  if (!existsSync(main) || !existsSync(join(ROOT, 'dist', 'web', 'index.html'))) {
    throw new Error('Kanri is not built: run `npm run build` before `npm run test:web`.');
  }
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'kanri-web-'));
  const child = spawn(process.execPath, [main], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      KANRI_DATA_DIR: dataDir,
      DATABASE_URL: `sqlite:${join(dataDir, 'kanri.sqlite')}`,
      KANRI_ADMIN_LOGIN_ID: OPERATOR.loginId,
      KANRI_ADMIN_PASSWORD: OPERATOR.password,
      AUTH_RATE_LIMIT: '0',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stdout?.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr?.on('data', (d: Buffer) => output.push(d.toString()));
  const baseURL = `http://127.0.0.1:${port}`;
  const kanri = new Kanri(baseURL, child, dataDir, output);
  for (let i = 0; i < 300; i += 1) {
    if (child.exitCode !== null) throw new Error(`Kanri exited early:\n${output.join('')}`);
    try {
      const res = await fetch(`${baseURL}/api/v1/health`);
      if (res.ok) return kanri;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await kanri.stop();
  throw new Error(`Kanri did not start:\n${output.join('')}`);
}

/**
 * Starts a fresh Kanri for the calling spec file (beforeAll) and stops it afterwards; the returned object's
 * `current` is that Kanri. Tests in the file share it, in order.
 */
export function useKanri(env: Record<string, string> = {}): { readonly current: Kanri } {
  const holder: { current: Kanri | null } = { current: null };
  test.describe.configure({ mode: 'serial' });
  test.beforeAll(async () => {
    test.setTimeout(120_000);
    holder.current = await startKanri(env);
    running = holder.current;
  });
  test.afterAll(async () => {
    await holder.current?.stop();
    running = null;
  });
  return {
    get current(): Kanri {
      if (!holder.current) throw new Error('Kanri not started');
      return holder.current;
    },
  };
}
