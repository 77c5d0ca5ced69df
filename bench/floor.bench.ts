/**
 * bench:floor — the machine floor: requests per second of Kanri's no-op route (`GET /api/v1/health/live`, public,
 * reads nothing) ÷ those of an empty Nest app's no-op route (Express, as Kanri), same clients, same run. What is
 * left between them is Kanri's own pipeline: request ids, helmet, CORS, the console's static files, the audit
 * context, the guard chain, the audit interceptor, validation, the error filter. Goal: ratio ≥ 0.8.
 *
 * Each server runs in a process of its own (floor-server.ts) and the load comes from this one; rounds alternate
 * between the servers so that load from outside (the machines are shared) hits both alike, and the median of the
 * round ratios is the result. For the record, the same empty app is measured beside them on Kanri's own Express
 * adapter (ExpressServerAdapter: the server builds requests on Express's prototypes, which Nest's adapter leaves
 * Express to change per request) and on Fastify.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { httpJson, runConcurrent } from './support';

const REQUESTS = Number(process.env.BENCH_FLOOR_REQUESTS ?? 3000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

interface Server {
  name: string;
  path: string;
  port: number;
  child: ChildProcess;
  perSecond: number[];
}

function startServer(kind: string, name: string, path: string): Promise<Server> {
  const child = fork(join(__dirname, 'floor-server.ts'), [kind], {
    execArgv: ['-r', 'ts-node/register', '-r', 'tsconfig-paths/register'],
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: '1' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${name} exited with ${code}`)));
    child.on('message', (m: { port?: number }) => {
      if (m.port !== undefined) resolve({ name, path, port: m.port, child, perSecond: [] });
    });
  });
}

async function rate(server: Server): Promise<number> {
  const r = await runConcurrent(REQUESTS, CONCURRENCY, async () => {
    const res = await httpJson(server.port, 'GET', server.path);
    if (res.status !== 200) throw new Error(`${server.name} answered ${res.status}: ${res.body}`);
  });
  return (REQUESTS / r.wallMs) * 1000;
}

async function main(): Promise<void> {
  const kanri = await startServer('kanri', 'Kanri GET /api/v1/health/live', '/api/v1/health/live');
  const empty = await startServer('nest-express', 'empty Nest app (Express) GET /noop', '/noop');
  const emptyOnKanriServer = await startServer(
    'nest-express-kanri-server',
    "empty Nest app (Express, Kanri's server adapter) GET /noop",
    '/noop',
  );
  const fastify = await startServer('nest-fastify', 'empty Nest app (Fastify) GET /noop', '/noop');
  const servers = [kanri, empty, emptyOnKanriServer, fastify];
  try {
    for (const s of servers) await rate(s); // warm-up: JIT, sockets
    for (let round = 0; round < ROUNDS; round++) {
      // Alternate the order so that neither side always runs right after the other.
      for (const s of round % 2 ? [...servers].reverse() : servers) s.perSecond.push(await rate(s));
    }
  } finally {
    for (const s of servers) {
      s.child.removeAllListeners('exit');
      s.child.send({ close: true });
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const ratios = kanri.perSecond.map((k, i) => k / empty.perSecond[i]);
  console.log(`no-op requests/s (${REQUESTS} a round, ${CONCURRENCY} clients):`);
  for (const s of servers) console.log(`  ${s.name}: ${s.perSecond.map((p) => p.toFixed(0)).join(', ')}`);
  console.log(`round ratios Kanri ÷ empty Nest: ${ratios.map((r) => r.toFixed(2)).join(', ')}`);
  const ofEmpty = (s: Server) => median(s.perSecond.map((p, i) => p / empty.perSecond[i])).toFixed(2);
  console.log(
    `empty apps ÷ the empty app on Nest's Express adapter: on Kanri's server adapter ${ofEmpty(emptyOnKanriServer)}, on Fastify ${ofEmpty(fastify)}`,
  );
  const pipelineAlone = median(kanri.perSecond.map((k, i) => k / emptyOnKanriServer.perSecond[i]));
  console.log(
    `Kanri ÷ the empty app on Kanri's server adapter (Kanri's pipeline alone): ${pipelineAlone.toFixed(2)}`,
  );
  console.log(`bench:floor ratio ${median(ratios).toFixed(2)} (goal >= 0.8)`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
