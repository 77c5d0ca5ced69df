import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type ChildServer, freePort } from '../../proof/support/child-server';
import { builtServerEntry } from '../../support/built-server';

const ROOT = resolve(__dirname, '../../..');
/** How long an instance may take to answer its health check on a loaded machine (three state transfers at once). */
const START_TIMEOUT_MS = Number(process.env.CLUSTER_START_TIMEOUT_MS ?? 600_000);

/**
 * One Kanri instance of the cluster drills: `dist/src/main.js` as a process (what production runs, built from the
 * current tree: test/support/built-server.ts), like test/proof/support/child-server.ts but with the drills' longer
 * start-up allowance. Stopped by its PID.
 */
export async function startInstance(env: Record<string, string>, port?: number): Promise<ChildServer> {
  const p = port ?? (await freePort());
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [builtServerEntry()], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(p),
      KANRI_DATA_DIR: mkdtempSync(join(tmpdir(), 'kanri-cluster-instance-')),
      JWT_SECRET: 'proof-secret-proof-secret-proof-secret-0123456789',
      FIELD_ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 9).toString('base64')}`,
      KANRI_ADMIN_LOGIN_ID: 'operator1',
      KANRI_ADMIN_PASSWORD: 'Operator-pass-1',
      AUTH_RATE_LIMIT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20000)));
  child.stderr!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20000)));
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const base = `http://127.0.0.1:${p}/api/v1`;
  const until = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the instance exited at start:\n${output.slice(-2000)}`);
    const ok = await fetch(`${base}/health`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(
        `the instance did not answer within ${START_TIMEOUT_MS / 1000} s:\n${output.slice(-2000)}`,
      );
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    port: p,
    base,
    process: child,
    output: () => output,
    kill9: async () => {
      if (!gone()) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (!gone()) child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (!gone()) child.kill('SIGKILL');
      await exited;
    },
  };
}
