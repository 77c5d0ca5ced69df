/**
 * bench:login — sign-in throughput over HTTP ÷ raw argon2id verification throughput, same parameters, same
 * concurrency, same run. The ratio says how much the HTTP, validation, database (lockout, session and
 * login-history writes) and JWT work around the hash costs. Goal: ratio ≥ 0.8.
 *
 * For scale it also measures a ceiling: a bare `node:http` server in the same process that parses the JSON body,
 * verifies the password (one argon2 per core, as Kanri does) and answers. No framework, database or token: what
 * this machine allows any HTTP sign-in to reach against the same baseline. On a 2-core machine the hashes and the
 * event loop share the cores, and argon2's 19 MiB per hash evicts the caches the event loop works in, so every
 * microsecond of request handling costs about three when hashes run alongside.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hash, verify } from '@node-rs/argon2';
import { Semaphore } from '@kanri/common/concurrency/semaphore';
import { ARGON2_OPTIONS, HASHING_SLOTS } from '@kanri/security/password-hasher';
import { UsersService } from '../src/users/users.service';
import { httpJson, percentile, runConcurrent, startBenchApp } from './support';

const USERS = 50;
const TOTAL = Number(process.env.BENCH_LOGINS ?? 400);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PASSWORD = 'Bench-passw0rd';

async function main(): Promise<void> {
  const { app, port } = await startBenchApp();
  const users = app.get(UsersService);
  const loginIds: string[] = [];
  for (let i = 0; i < USERS; i++) {
    const loginId = `bench${String(i).padStart(4, '0')}`;
    await users.createAccount({ loginId, password: PASSWORD, familyName: '試験', givenName: '利用者' });
    loginIds.push(loginId);
  }
  const passwordHash = await hash(PASSWORD, ARGON2_OPTIONS);

  const raw = async () => {
    const r = await runConcurrent(TOTAL, CONCURRENCY, async () => {
      if (!(await verify(passwordHash, PASSWORD))) throw new Error('verify failed');
    });
    return (TOTAL / r.wallMs) * 1000;
  };
  const http = async () => {
    const r = await runConcurrent(TOTAL, CONCURRENCY, async (i) => {
      const res = await httpJson(port, 'POST', '/api/v1/auth/login', {
        loginId: loginIds[i % USERS],
        password: PASSWORD,
      });
      if (res.status !== 200) throw new Error(`login answered ${res.status}: ${res.body}`);
    });
    return {
      perSecond: (TOTAL / r.wallMs) * 1000,
      p50: percentile(r.latencies, 50),
      p99: percentile(r.latencies, 99),
    };
  };

  const bare = await startBareServer(passwordHash);
  const bareHttp = async () => {
    const r = await runConcurrent(TOTAL, CONCURRENCY, async () => {
      const res = await httpJson(bare.port, 'POST', '/login', { password: PASSWORD });
      if (res.status !== 200) throw new Error(`bare server answered ${res.status}`);
    });
    return (TOTAL / r.wallMs) * 1000;
  };

  await raw(); // warm-up: argon2 memory, JIT
  await http();
  await bareHttp();
  // Interleave the two measurements so that load from outside this process (the machines are shared) hits
  // both alike: each HTTP round is compared with the mean of the raw rounds either side of it, and the median
  // of those ratios is the result. Every figure is printed.
  const raws = [await raw()];
  const https: Awaited<ReturnType<typeof http>>[] = [];
  const bares: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    https.push(await http());
    bares.push(await bareHttp());
    raws.push(await raw());
  }
  await app.close();
  bare.server.close();

  const ratios = https.map((h, i) => h.perSecond / ((raws[i] + raws[i + 1]) / 2));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
    `raw argon2id verify/s (concurrency ${CONCURRENCY}, ${TOTAL} a round): ${raws.map((r) => r.toFixed(1)).join(', ')}`,
  );
  console.log(`HTTP login/s:  ${https.map((h) => h.perSecond.toFixed(1)).join(', ')}`);
  console.log(
    `HTTP login p50 ${median(https.map((h) => h.p50)).toFixed(1)} ms, p99 ${median(https.map((h) => h.p99)).toFixed(1)} ms (medians over rounds)`,
  );
  console.log(`round ratios:  ${ratios.map((r) => r.toFixed(2)).join(', ')}`);
  const bareRatios = bares.map((b, i) => b / ((raws[i] + raws[i + 1]) / 2));
  console.log(
    `ceiling: bare node:http + argon2 login/s ${bares.map((b) => b.toFixed(1)).join(', ')}, ratio ${median(bareRatios).toFixed(2)}`,
  );
  console.log(`bench:login ratio ${median(ratios).toFixed(2)} (goal >= 0.8)`);
}

/** The ceiling's server: JSON body in, one verification (bounded like PasswordHasher), JSON out. */
async function startBareServer(passwordHash: string) {
  const slots = new Semaphore(HASHING_SLOTS);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const { password } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { password: string };
      void slots
        .run(() => verify(passwordHash, password))
        .then((ok) => {
          res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ ok }));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
