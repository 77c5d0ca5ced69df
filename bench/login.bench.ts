/**
 * bench:login — sign-in throughput over HTTP ÷ raw argon2id verification throughput, same parameters, same
 * concurrency, same run. The ratio says how much the HTTP, validation, database (lockout, session and
 * login-history writes) and JWT work around the hash costs. Goal: ratio ≥ 0.85.
 *
 * For scale it also measures ceilings against the same baseline, in the same rounds. Without a database
 * (login-ceilings.ts): a bare `node:http` server that parses the JSON body, verifies the password (one argon2 per
 * core, as Kanri does) and answers; and an empty NestJS app doing the same through one controller and the
 * ValidationPipe, on Express (Kanri's adapter) and on Fastify (the adapter's ceiling, recorded, not adopted): what
 * this machine allows any HTTP sign-in, and any sign-in on this stack, to reach. With the database
 * (login-database-ceilings.ts, MariaDB only): the bare server plus the database work every sign-in needs (the
 * account read; failures cleared, session, login-history row on its chain), sent one statement at a time as Kanri
 * does (nine round trips) and in the fewest round trips possible (two): what the database server on the same cores
 * leaves to a sign-in before any framework. On a 2-core machine the hashes, the event loop and the database server
 * share the cores, and argon2's 19 MiB per hash evicts the caches the event loop works in, so every microsecond of
 * request handling costs about three when hashes run alongside.
 *
 * Kanri runs on MariaDB, as in production: BENCH_MYSQL_URL (default mysql://root@127.0.0.1:3306), database
 * kanri_bench_login, dropped and recreated. DATABASE_URL overrides it; BENCH_SQLITE=1 runs on a SQLite file.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { hash, verify } from '@node-rs/argon2';
import { createPool } from 'mysql2/promise';
import { ARGON2_OPTIONS } from '@kanri/security/password-hasher';
import { UserAccounts } from '../src/users/user-accounts.service';
import {
  type CeilingServer,
  startBareNodeServer,
  startEmptyNestApp,
  startEmptyNestFastifyApp,
} from './login-ceilings';
import { dropDatabase, freshDatabase } from './audit-bench-support';
import { prepareCeilingTables, startDatabaseCeilingServer } from './login-database-ceilings';
import { httpJson, percentile, runConcurrent, startBenchApp } from './support';

const USERS = 50;
const TOTAL = Number(process.env.BENCH_LOGINS ?? 400);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PASSWORD = 'Bench-passw0rd';
const DATABASE = 'kanri_bench_login';
const CEILING_DATABASE = 'kanri_bench_login_ceiling';

async function main(): Promise<void> {
  const ownDatabase = !process.env.DATABASE_URL && !process.env.BENCH_SQLITE;
  const databaseUrl = ownDatabase ? await freshDatabase(DATABASE) : process.env.DATABASE_URL;
  const { app, port } = await startBenchApp(databaseUrl ? { DATABASE_URL: databaseUrl } : {});
  const users = app.get(UserAccounts);
  const loginIds: string[] = [];
  for (let i = 0; i < USERS; i++) {
    const loginId = `bench${String(i).padStart(4, '0')}`;
    await users.createAccount({ loginId, password: PASSWORD, familyName: '試験', givenName: '利用者' });
    loginIds.push(loginId);
  }
  const passwordHash = await hash(PASSWORD, ARGON2_OPTIONS);

  // CPU spent per operation, for the record: this process's (argon2 threads, event loop, load generator) and the
  // database server's, when it runs on this machine (it shares the cores with the hashes).
  const databasePid = ownDatabase ? mariadbPid() : null;
  const cpu = { rawMs: [] as number[], kanriMs: [] as number[], databaseMs: [] as number[] };
  const raw = async () => {
    const before = process.cpuUsage();
    const r = await runConcurrent(TOTAL, CONCURRENCY, async () => {
      if (!(await verify(passwordHash, PASSWORD))) throw new Error('verify failed');
    });
    cpu.rawMs.push(cpuMs(process.cpuUsage(before)) / TOTAL);
    return (TOTAL / r.wallMs) * 1000;
  };
  const http = async () => {
    const before = process.cpuUsage();
    const databaseBefore = databasePid ? processCpuMs(databasePid) : 0;
    const r = await runConcurrent(TOTAL, CONCURRENCY, async (i) => {
      const res = await httpJson(port, 'POST', '/api/v1/auth/login', {
        loginId: loginIds[i % USERS],
        password: PASSWORD,
      });
      if (res.status !== 200) throw new Error(`login answered ${res.status}: ${res.body}`);
    });
    cpu.kanriMs.push(cpuMs(process.cpuUsage(before)) / TOTAL);
    if (databasePid) cpu.databaseMs.push((processCpuMs(databasePid) - databaseBefore) / TOTAL);
    return {
      perSecond: (TOTAL / r.wallMs) * 1000,
      p50: percentile(r.latencies, 50),
      p99: percentile(r.latencies, 99),
    };
  };

  const ceilings: { name: string; server: CeilingServer; perSecond: number[] }[] = [
    { name: 'bare node:http', server: await startBareNodeServer(passwordHash), perSecond: [] },
    { name: 'empty Nest app', server: await startEmptyNestApp(passwordHash), perSecond: [] },
    {
      name: 'empty Nest app on Fastify',
      server: await startEmptyNestFastifyApp(passwordHash),
      perSecond: [],
    },
  ];
  if (ownDatabase) {
    // What the database alone leaves to a sign-in on this machine (login-database-ceilings.ts).
    const ceilingUrl = await freshDatabase(CEILING_DATABASE);
    const setup = createPool({ uri: ceilingUrl, connectionLimit: 1 });
    await prepareCeilingTables(setup, loginIds, passwordHash);
    await setup.end();
    for (const mode of ['one by one', 'batched'] as const) {
      ceilings.push({
        name: `bare node:http + a sign-in's database work, ${mode === 'batched' ? 'in 2 round trips' : 'in 9 round trips'}`,
        server: await startDatabaseCeilingServer(ceilingUrl, mode),
        perSecond: [],
      });
    }
  }
  const ceilingHttp = async (server: CeilingServer) => {
    const r = await runConcurrent(TOTAL, CONCURRENCY, async (i) => {
      const res = await httpJson(server.port, 'POST', '/login', {
        loginId: loginIds[i % USERS],
        password: PASSWORD,
      });
      if (res.status !== 200) throw new Error(`ceiling server answered ${res.status}`);
    });
    return (TOTAL / r.wallMs) * 1000;
  };

  await raw(); // warm-up: argon2 memory, JIT
  await http();
  for (const c of ceilings) await ceilingHttp(c.server);
  // Interleave the two measurements so that load from outside this process (the machines are shared) hits
  // both alike: each HTTP round is compared with the mean of the raw rounds either side of it, and the median
  // of those ratios is the result. Every figure is printed.
  const raws = [await raw()];
  const https: Awaited<ReturnType<typeof http>>[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    https.push(await http());
    for (const c of ceilings) c.perSecond.push(await ceilingHttp(c.server));
    raws.push(await raw());
  }
  await app.close();
  for (const c of ceilings) await c.server.close();
  if (ownDatabase) {
    await dropDatabase(DATABASE);
    await dropDatabase(CEILING_DATABASE);
  }

  const ratios = https.map((h, i) => h.perSecond / ((raws[i] + raws[i + 1]) / 2));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
    `raw argon2id verify/s (concurrency ${CONCURRENCY}, ${TOTAL} a round): ${raws.map((r) => r.toFixed(1)).join(', ')}`,
  );
  console.log(`Kanri on ${databaseUrl ? 'MariaDB' : 'SQLite'}`);
  console.log(`HTTP login/s:  ${https.map((h) => h.perSecond.toFixed(1)).join(', ')}`);
  console.log(
    `HTTP login p50 ${median(https.map((h) => h.p50)).toFixed(1)} ms, p99 ${median(https.map((h) => h.p99)).toFixed(1)} ms (medians over rounds)`,
  );
  console.log(`round ratios:  ${ratios.map((r) => r.toFixed(2)).join(', ')}`);
  for (const c of ceilings) {
    const ratios = c.perSecond.map((p, i) => p / ((raws[i] + raws[i + 1]) / 2));
    console.log(
      `ceiling, ${c.name}: login/s ${c.perSecond.map((p) => p.toFixed(1)).join(', ')}, ratio ${median(ratios).toFixed(2)}`,
    );
  }
  const mid = (xs: number[]) => (xs.length ? median(xs).toFixed(1) : '-');
  console.log(
    `CPU per operation (medians): raw verify ${mid(cpu.rawMs)} ms; Kanri sign-in ${mid(cpu.kanriMs)} ms in this process` +
      (databasePid ? ` + ${mid(cpu.databaseMs)} ms in the database server on the same cores` : ''),
  );
  console.log(`bench:login ratio ${median(ratios).toFixed(2)} (goal >= 0.85)`);
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

/** The local MariaDB server's process id (the one on 127.0.0.1:3306), or null when it cannot be found. */
function mariadbPid(): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'mariadbd') return Number(entry);
    } catch {
      /* gone meanwhile */
    }
  }
  return null;
}

/** CPU time a process has used so far (user + system), from /proc. */
function processCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
