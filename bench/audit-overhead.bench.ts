/**
 * bench:audit-overhead — the price of the operation-history interceptor on a read route (SPEC §9).
 *
 * The Kanri app runs in a process of its own (bench/audit-app-server.ts) on MariaDB/MySQL; this process drives
 * `GET /api/v1/organizations/:orgId` (企業情報: token, session, organization scope, a read) as an organization's
 * manager with BENCH_CONCURRENCY keep-alive connections. Phases alternate auditing on and off in the same app
 * process (AuditRecorder.setEnabled, a benchmark-only switch that also turns AsyncLocalStorage off), so both sides
 * see the same machine load. With auditing on, every request appends one hash-chained row to the organization's
 * chain before it answers. Goal: requests/s on ÷ requests/s off ≥ 0.85.
 *
 * BENCH_MYSQL_URL (default mysql://root@127.0.0.1:3306); database kanri_bench_audit_overhead is dropped and
 * recreated. BENCH_PHASE_SECONDS (default 5), BENCH_ROUNDS (default 3), BENCH_CONCURRENCY (default 32).
 *
 * BENCH_AUDIT_STREAM=webhook: the same, with one audit streaming webhook destination registered for the
 * organization (a loopback receiver in this process that answers 204), so the "on" side also pays for delivering
 * every row it records; the end reports how many events the receiver got and how far behind delivery was.
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dropDatabase, freshDatabase, organizationWithManager, startAppProcess } from './audit-bench-support';
import { httpJson } from './support';

const DB = 'kanri_bench_audit_overhead';
const PHASE_MS = Number(process.env.BENCH_PHASE_SECONDS ?? 5) * 1000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);

const STREAM = process.env.BENCH_AUDIT_STREAM === 'webhook';

/** A loopback SIEM that acknowledges every delivery; counts the events it got. */
async function startReceiver(): Promise<{ url: string; events: () => number; close: () => void }> {
  let events = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      events += (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { events: unknown[] }).events.length;
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/siem`, events: () => events, close: () => server.close() };
}

/** Registers the webhook destination as the organization's manager (who first sets a confirmation password). */
async function registerDestination(port: number, orgId: string, token: string, url: string): Promise<string> {
  const set = await httpJson(
    port,
    'PUT',
    '/api/v1/auth/confirmation-password',
    { password: 'Bench-passw0rd', confirmationPassword: 'Bench-confirm-1' },
    token,
  );
  if (set.status >= 300) throw new Error(`confirmation password: ${set.status} ${set.body}`);
  const created = await httpJson(
    port,
    'POST',
    `/api/v1/organizations/${orgId}/audit/streams`,
    { confirmationPassword: 'Bench-confirm-1', name: 'bench SIEM', kind: 'webhook', url },
    token,
  );
  if (created.status !== 201) throw new Error(`destination: ${created.status} ${created.body}`);
  return (JSON.parse(created.body) as { destination: { id: string } }).destination.id;
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function get(port: number, path: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, agent, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Requests per second for one phase: CONCURRENCY loops issuing requests back to back for PHASE_MS. */
async function phase(port: number, path: string, token: string): Promise<{ rate: number; requests: number }> {
  let done = 0;
  const until = performance.now() + PHASE_MS;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const status = await get(port, path, token);
        if (status !== 200) throw new Error(`read route answered ${status}`);
        done += 1;
      }
    }),
  );
  return { rate: (done / (performance.now() - started)) * 1000, requests: done };
}

async function main(): Promise<void> {
  const url = await freshDatabase(DB);
  const app = await startAppProcess(url);
  const { orgId, token } = await organizationWithManager(app.port);
  const path = `/api/v1/organizations/${orgId}`;
  const receiver = STREAM ? await startReceiver() : null;
  const destinationId = receiver ? await registerDestination(app.port, orgId, token, receiver.url) : null;

  await app.command({ audit: true });
  await phase(app.port, path, token); // warm-up: JIT, connection pool, buffer pool
  await app.command({ audit: false });
  await phase(app.port, path, token);

  const on: number[] = [];
  const off: number[] = [];
  const cpu = { on: { micros: 0, requests: 0 }, off: { micros: 0, requests: 0 } };
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which side goes first, so a drift in machine load does not favour one side.
    for (const audit of round % 2 === 0 ? [true, false] : [false, true]) {
      const cpuBefore = await app.command({ audit });
      const { rate, requests } = await phase(app.port, path, token);
      const cpuMicros = (await app.command({})) - cpuBefore;
      (audit ? on : off).push(rate);
      const side = audit ? cpu.on : cpu.off;
      side.micros += cpuMicros;
      side.requests += requests;
      console.log(
        `round ${round + 1} auditing ${audit ? 'on ' : 'off'}: ${rate.toFixed(0)} requests/s, app CPU ${(cpuMicros / requests).toFixed(0)} µs/request`,
      );
    }
  }
  await app.command({ audit: true });
  let streamLine = '';
  if (receiver && destinationId) {
    const lagAtEnd = JSON.parse(
      (await httpJson(app.port, 'GET', `${path}/audit/streams/${destinationId}`, undefined, token)).body,
    ) as { delivery: { operations: { deliveredSequence: number; latestSequence: number } } };
    const { deliveredSequence, latestSequence } = lagAtEnd.delivery.operations;
    streamLine = `audit streaming (1 webhook destination): receiver got ${receiver.events()} events; at the end ${latestSequence - deliveredSequence} of ${latestSequence} operation records not yet delivered`;
    receiver.close();
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
  const onRate = mean(on);
  const offRate = mean(off);

  const db = await import('mysql2/promise').then((m) => m.createConnection(url));
  const [[{ n }]] = (await db.query('SELECT COUNT(*) AS n FROM operation_history WHERE organization_id = ?', [
    orgId,
  ])) as unknown as [[{ n: number }]];
  await db.end();
  await app.command({ close: true });
  if (!process.env.BENCH_KEEP) await dropDatabase(DB);

  console.log(
    `GET ${path.replace(orgId, ':orgId')}, concurrency ${CONCURRENCY}, ${ROUNDS} rounds of ${PHASE_MS / 1000} s each side; ${Number(n).toLocaleString()} operation rows written`,
  );
  console.log(`auditing on ${onRate.toFixed(0)} requests/s, off ${offRate.toFixed(0)} requests/s`);
  const perRequest = (side: { micros: number; requests: number }) => side.micros / side.requests;
  console.log(
    `app CPU per request: on ${perRequest(cpu.on).toFixed(0)} µs, off ${perRequest(cpu.off).toFixed(0)} µs (off ÷ on ${(perRequest(cpu.off) / perRequest(cpu.on)).toFixed(2)})`,
  );
  if (streamLine) console.log(streamLine);
  console.log(
    `bench:audit-overhead${STREAM ? ' (with a webhook destination)' : ''} ratio ${(onRate / offRate).toFixed(2)} (goal >= 0.85)`,
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
