import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../../proof/support/child-server';

/**
 * HAProxy from Debian in front of the Kanri instances, HTTP round robin: consecutive requests of one client land on
 * different instances, hence on different Galera nodes. A connection refused by a dead instance is re-sent to
 * another one (`retry-on conn-failure`, `redispatch`), as a production balancer would; health checks take a dead
 * instance out within a second or two. Started and stopped by the PID it was spawned with.
 *
 * Only what is safe to send twice is retried. A connection failure means the instance never received the request,
 * so any request may go to another instance. A connection that closes after the request was sent (`empty-response`,
 * an instance killed mid-request) may have committed: re-sending a `POST` would run it twice (a create that had
 * succeeded came back 409, its login ID "already taken" by itself). So `empty-response` is retried for `GET`/`HEAD`
 * only (`disable-l7-retry` for every other method); a write cut off that way answers 502 and its outcome is unknown
 * to the client, which must look before sending it again.
 */
export class HaProxy {
  port = 0;
  proc: ChildProcess | null = null;
  log = '';

  constructor(private readonly dir: string) {}

  get base(): string {
    return `http://127.0.0.1:${this.port}/api/v1`;
  }

  async start(backends: number[]): Promise<void> {
    this.port = await freePort();
    const cfg = join(this.dir, 'haproxy.cfg');
    writeFileSync(
      cfg,
      [
        'global',
        '  maxconn 2000',
        'defaults',
        '  mode http',
        '  timeout connect 1s',
        '  timeout client 120s',
        '  timeout server 120s',
        '  retries 3',
        '  option redispatch 1',
        '  retry-on conn-failure empty-response',
        `frontend kanri`,
        `  bind 127.0.0.1:${this.port}`,
        // METH_GET is GET or HEAD. A connection failure is still retried for every method (the request was not sent).
        '  http-request disable-l7-retry if !METH_GET',
        '  default_backend instances',
        'backend instances',
        '  balance roundrobin',
        '  option httpchk GET /api/v1/health',
        ...backends.map((p, i) => `  server kanri${i + 1} 127.0.0.1:${p} check inter 1s fall 2 rise 2`),
        '',
      ].join('\n'),
    );
    const proc = spawn('haproxy', ['-db', '-f', cfg], { stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout!.on('data', (c: Buffer) => (this.log = (this.log + c.toString()).slice(-5000)));
    proc.stderr!.on('data', (c: Buffer) => (this.log = (this.log + c.toString()).slice(-5000)));
    this.proc = proc;
    const until = Date.now() + 30_000;
    for (;;) {
      const ok = await fetch(`${this.base}/health`)
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ok) return;
      if (proc.exitCode !== null || Date.now() > until)
        throw new Error(`haproxy did not start:\n${this.log}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = new Promise<void>((ok) => proc.once('exit', () => ok()));
    proc.kill('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    await exited;
  }
}
