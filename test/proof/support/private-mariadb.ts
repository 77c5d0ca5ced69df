import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createConnection } from 'mysql2/promise';
import { freePort } from './child-server';

const run = promisify(execFile);

/**
 * A MariaDB server of the drill's own (its own datadir under /tmp, its own port and socket), so that stopping and
 * starting the database under traffic disturbs nobody else on the machine: the shared server on 3306 is never
 * touched. Stopped with SIGTERM (a clean shutdown, as an operator would) and started again on the same datadir.
 */
export class PrivateMariaDb {
  readonly dataDir = mkdtempSync(join(tmpdir(), 'kanri-proof-mariadb-'));
  readonly socket = join(this.dataDir, 'mysqld.sock');
  port = 0;
  private proc: ChildProcess | null = null;
  private log = '';

  get url(): string {
    return `mysql://root@127.0.0.1:${this.port}`;
  }

  async install(): Promise<void> {
    this.port = await freePort();
    await run('mariadb-install-db', [
      '--no-defaults',
      `--datadir=${this.dataDir}`,
      '--user=root',
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
    ]);
  }

  async start(): Promise<void> {
    this.proc = spawn(
      'mariadbd',
      [
        '--no-defaults',
        `--datadir=${this.dataDir}`,
        `--port=${this.port}`,
        '--bind-address=127.0.0.1',
        `--socket=${this.socket}`,
        `--pid-file=${join(this.dataDir, 'mysqld.pid')}`,
        '--user=root',
        '--skip-log-bin',
        '--innodb-buffer-pool-size=64M',
        '--innodb-log-file-size=16M',
        '--max-connections=200',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.proc.stdout!.on('data', (c: Buffer) => (this.log += c.toString()));
    this.proc.stderr!.on('data', (c: Buffer) => (this.log += c.toString()));
    const until = Date.now() + 60_000;
    for (;;) {
      const ok = await createConnection({
        host: '127.0.0.1',
        port: this.port,
        user: 'root',
        connectTimeout: 1000,
      })
        .then(async (c) => {
          await c.end();
          return true;
        })
        .catch(() => false);
      if (ok) return;
      if (this.proc.exitCode !== null || Date.now() > until)
        throw new Error(`private mariadbd did not start:\n${this.log.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** A clean shutdown (SIGTERM); resolves when the process has exited. */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise<void>((ok) => proc.once('exit', () => ok()));
    proc.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 60_000))]);
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await exited;
    this.proc = null;
  }

  async createDatabase(name: string): Promise<string> {
    const c = await createConnection(this.url);
    try {
      await c.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    } finally {
      await c.end();
    }
    return `${this.url}/${name}`;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
