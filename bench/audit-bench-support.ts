import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { httpJson } from './support';

export const MYSQL_SERVER = process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306';

/** Drops and recreates a dedicated benchmark database; returns its URL. */
export async function freshDatabase(name: string): Promise<string> {
  const admin = await createConnection(MYSQL_SERVER);
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  return `${MYSQL_SERVER}/${name}`;
}

export async function dropDatabase(name: string): Promise<void> {
  const admin = await createConnection(MYSQL_SERVER);
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.end();
}

export interface AppProcess {
  port: number;
  pid: number;
  /** Sends a command and waits for its acknowledgement; resolves with the CPU time (µs) the app has used so far. */
  command(message: { audit?: boolean; close?: boolean }): Promise<number>;
  /** Resident set size of the app process, in bytes (Linux /proc). */
  rss(): number;
}

/** Starts bench/audit-app-server.ts in its own process (BENCH_PROFILE=1 writes a CPU profile under ./data). */
export function startAppProcess(databaseUrl: string): Promise<AppProcess> {
  const child: ChildProcess = fork(join(__dirname, 'audit-app-server.ts'), [], {
    execArgv: [
      '-r',
      'ts-node/register',
      '-r',
      'tsconfig-paths/register',
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=data/bench-profiles'] : []),
    ],
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: '1', BENCH_DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let next = 0;
  const waiting = new Map<number, (cpuMicros: number) => void>();
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`app process exited with ${code}`)));
    child.on('message', (m: { port?: number; ack?: number; cpuMicros?: number }) => {
      if (m.ack !== undefined) waiting.get(m.ack)?.(m.cpuMicros ?? 0);
      if (m.port === undefined) return;
      resolve({
        port: m.port,
        pid: child.pid!,
        command: (message) =>
          new Promise<number>((done) => {
            const id = next++;
            waiting.set(id, done);
            child.send({ ...message, id });
          }),
        rss: () => {
          const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
          return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
        },
      });
    });
  });
}

/** A signed-in manager of a new organization (created through the API as a person would). */
export async function organizationWithManager(
  port: number,
  loginId = 'benchmgr1',
): Promise<{ orgId: string; token: string; loginId: string }> {
  const operator = await httpJson(port, 'POST', '/api/v1/auth/login', {
    loginId: 'operator1',
    password: 'Operator-pass-1',
  });
  const operatorToken = JSON.parse(operator.body).accessToken as string;
  const account = { loginId, password: 'Bench-passw0rd', familyName: '試験', givenName: '管理者' };
  const created = await httpJson(port, 'POST', '/api/v1/users', account, operatorToken);
  if (created.status !== 201) throw new Error(`account: ${created.status} ${created.body}`);
  const login = await httpJson(port, 'POST', '/api/v1/auth/login', {
    loginId: account.loginId,
    password: account.password,
  });
  const token = JSON.parse(login.body).accessToken as string;
  const org = await httpJson(
    port,
    'POST',
    '/api/v1/organizations',
    { name: 'ベンチ株式会社', nameKana: 'ベンチ' },
    token,
  );
  if (org.status !== 201) throw new Error(`organization: ${org.status} ${org.body}`);
  // Sign in again: the token now acts as a member of the organization.
  const again = await httpJson(port, 'POST', '/api/v1/auth/login', {
    loginId: account.loginId,
    password: account.password,
  });
  return {
    orgId: JSON.parse(org.body).id as string,
    token: JSON.parse(again.body).accessToken as string,
    loginId,
  };
}
