import 'reflect-metadata';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadAppConfig } from '@kanri/common/config/app-config';
import { ExpressServerAdapter } from '@kanri/common/http/express-server-adapter';
import { AppModule } from '../src/app.module';
import { configureApp } from '../src/app-setup';

/** Boots Kanri as `npm start` would (SQLite file under a temp dir unless DATABASE_URL is given), on a free port. */
export async function startBenchApp(env: Record<string, string> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'kanri-bench-'));
  const config = loadAppConfig({
    KANRI_DATA_DIR: dataDir,
    KANRI_ADMIN_LOGIN_ID: 'operator1',
    KANRI_ADMIN_PASSWORD: 'Operator-pass-1',
    SCHEDULER_ENABLED: 'false',
    AUTH_RATE_LIMIT: '0',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    ...env,
  });
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register(config),
    new ExpressServerAdapter(),
    {
      logger: ['error'],
    },
  );
  configureApp(app, config);
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return { app, config, port };
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

export function httpJson(
  port: number,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: {
          ...(payload
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
            : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

/** Runs `total` tasks with `concurrency` in flight; returns per-task latencies (ms) and the wall time (ms). */
export async function runConcurrent(total: number, concurrency: number, task: (i: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        const t0 = performance.now();
        await task(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies, wallMs: performance.now() - started };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
