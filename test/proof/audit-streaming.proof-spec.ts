import { createServer, type Server } from 'node:http';
import { createConnection, type Connection } from 'mysql2/promise';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../support/test-database';
import { DEFAULT_CONFIRMATION, DEFAULT_PASSWORD } from '../support/factories';
import { checkStream, receiverVerifies, type WireEvent } from '../support/audit-stream-receiver';
import { call, CHILD_OPERATOR, type ChildServer, freePort, startChildServer } from './support/child-server';
import { say, writeReport } from './support/report';

/**
 * Audit streaming under a storm, an outage of the receiver and a crash of the delivering instance, on MariaDB with
 * two real Kanri processes sharing the database. The receiver (a loopback webhook that checks every signature) is
 * down for the first 30 s of a storm of 5,000 audited requests (and, on a loaded machine where the storm takes longer,
 * until the storm's end, so that the whole storm is the backlog); once it is up, the instance holding the
 * destination's lease is killed with SIGKILL in the middle of delivering; the other instance takes the lease over.
 * At the end the receiver, after de-duplicating by id, must hold every record of the organization's chains from the
 * destination's registration on, exactly once, in sequence order, and the chain it recomputes must verify.
 */
const describeOnMysql = testDatabaseKind === 'mysql' ? describe : describe.skip;

const STORM = 5000;
const CONCURRENCY = 16;
const RECEIVER_DOWN_MS = 30_000;

describeOnMysql('audit streaming: receiver outage and kill -9 of the delivering instance', () => {
  let db: TestDatabase;
  let admin: Connection;
  const servers: ChildServer[] = [];
  let receiverServer: Server | undefined;
  const evidence: Record<string, unknown> = {};

  const env = () => ({
    DATABASE_URL: db.url,
    SCHEDULER_ENABLED: 'true',
    AUDIT_STREAM_POLL_MS: '250',
    AUDIT_STREAM_BATCH: '50',
    AUDIT_STREAM_BACKOFF_SECONDS: '2',
    AUDIT_STREAM_FAILING_SECONDS: '10',
  });

  beforeAll(async () => {
    db = await createTestDatabase();
    admin = await createConnection(db.url);
    servers.push(await startChildServer(env()));
    servers.push(await startChildServer(env()));
  });
  afterAll(async () => {
    for (const s of servers) await s.stop().catch(() => undefined);
    await new Promise((ok) => (receiverServer ? receiverServer.close(() => ok(null)) : ok(null)));
    await admin?.end();
    await db?.drop();
    writeReport('audit-streaming', evidence);
  });

  async function signIn(server: ChildServer, loginId: string, password: string): Promise<string> {
    const res = await call(server, 'POST', '/auth/login', { loginId, password });
    if (res.status !== 200) throw new Error(`login ${loginId}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.accessToken as string;
  }

  async function one<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const [rows] = await admin.query(sql, params);
    return rows as T[];
  }

  it('delivers every record exactly once after de-duplication, in order, with a verifying chain', async () => {
    const [a] = servers;
    const op = await signIn(a, CHILD_OPERATOR.loginId, CHILD_OPERATOR.password);
    const made = await call(
      a,
      'POST',
      '/users',
      {
        loginId: 'streammgr01',
        password: DEFAULT_PASSWORD,
        confirmationPassword: DEFAULT_CONFIRMATION,
        familyName: '転送',
        givenName: '試験',
        familyNameKana: 'テンソウ',
        givenNameKana: 'シケン',
        email: 'stream@example.jp',
      },
      op,
    );
    if (made.status !== 201) throw new Error(`manager: ${made.status} ${JSON.stringify(made.body)}`);
    const token = await signIn(a, 'streammgr01', DEFAULT_PASSWORD);
    const org = await call(
      a,
      'POST',
      '/organizations',
      { name: '転送試験', nameKana: 'テンソウシケン' },
      token,
    );
    if (org.status !== 201) throw new Error(`organization: ${org.status} ${JSON.stringify(org.body)}`);
    const orgId = org.body.id as string;

    // The receiver's port is chosen now; nothing listens on it for the first 30 s of the storm.
    const port = await freePort();
    const created = await call(
      a,
      'POST',
      `/organizations/${orgId}/audit/streams`,
      {
        confirmationPassword: DEFAULT_CONFIRMATION,
        name: 'SIEM',
        kind: 'webhook',
        url: `http://127.0.0.1:${port}/siem`,
      },
      token,
    );
    if (created.status !== 201)
      throw new Error(`destination: ${created.status} ${JSON.stringify(created.body)}`);
    const destinationId = (created.body.destination as { id: string }).id;
    const secret = created.body.secret as string;
    const [{ operations_cursor: opsStart, login_cursor: loginStart }] = await one<{
      operations_cursor: string;
      login_cursor: string;
    }>('SELECT operations_cursor, login_cursor FROM audit_stream_destinations WHERE id = ?', [destinationId]);

    // The receiver: checks each signature, keeps the events in arrival order, answers slowly enough (20 ms) that a
    // backlog of thousands takes a while to deliver, so the kill lands mid-stream.
    const received: WireEvent[] = [];
    let badSignatures = 0;
    let deliveries = 0;
    const startReceiver = () =>
      new Promise<void>((ok) => {
        receiverServer = createServer((req, res) => {
          const chunks: Buffer[] = [];
          req.on('data', (c: Buffer) => chunks.push(c));
          req.on('end', () => {
            const raw = Buffer.concat(chunks);
            if (receiverVerifies(secret, req.headers, raw) !== 'valid') {
              badSignatures += 1;
              res.statusCode = 401;
              res.end();
              return;
            }
            setTimeout(() => {
              deliveries += 1;
              received.push(...(JSON.parse(raw.toString('utf8')) as { events: WireEvent[] }).events);
              res.statusCode = 204;
              res.end();
            }, 20);
          });
        });
        receiverServer.listen(port, '127.0.0.1', () => ok());
      });

    // The storm: 5,000 audited reads through both instances.
    const stormStart = Date.now();
    // Down for the first 30 s, and on a loaded machine until the storm's end, so that the whole storm is a backlog
    // when it comes back and the kill below lands in the middle of delivering it.
    let stormDone!: () => void;
    const stormOver = new Promise<void>((ok) => (stormDone = ok));
    let receiverDownMs = 0;
    const receiverUp = Promise.all([new Promise((ok) => setTimeout(ok, RECEIVER_DOWN_MS)), stormOver]).then(
      () => {
        receiverDownMs = Date.now() - stormStart;
        return startReceiver();
      },
    );
    // Shortly before the receiver comes back, the destination must show as failing (AUDIT_STREAM_FAILING_SECONDS=10).
    const flaggedWhileDown = new Promise((ok) => setTimeout(ok, RECEIVER_DOWN_MS - 5000)).then(() =>
      call(a, 'GET', `/organizations/${orgId}/audit/streams/${destinationId}`, undefined, token),
    );
    let next = 0;
    let answered = 0;
    const failures: string[] = [];
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async (_, w) => {
        const server = servers[w % servers.length];
        for (;;) {
          const i = next++;
          if (i >= STORM) return;
          const res = await fetch(`${server.base}/organizations/${orgId}`, {
            headers: { authorization: `Bearer ${token}` },
          });
          await res.arrayBuffer();
          if (res.status === 200) answered += 1;
          else failures.push(String(res.status));
        }
      }),
    );
    const stormMs = Date.now() - stormStart;
    stormDone();
    expect(failures).toEqual([]);
    expect(answered).toBe(STORM);
    await receiverUp;
    const flagged = await flaggedWhileDown;

    // Kill -9 whichever instance holds the destination's lease, once part of the backlog has arrived.
    const leaseName = `audit-stream:${destinationId}`;
    let killed: ChildServer | undefined;
    let receivedAtKill = 0;
    let stormCommitted = false;
    const killDeadline = Date.now() + 180_000;
    while (!killed && Date.now() < killDeadline) {
      const rows = await one<{ holder: string }>(
        "SELECT holder FROM job_runs WHERE name = ? AND state = 'running'",
        [leaseName],
      );
      // Kill only once every storm record is in the chain (the recorder's own group-commit window is not what is
      // tested here) and part of it, not all, has arrived.
      if (!stormCommitted) {
        const [{ n }] = await one<{ n: number }>(
          'SELECT COUNT(*) AS n FROM operation_history WHERE chain = ? AND seq > ?',
          [orgId, opsStart],
        );
        stormCommitted = Number(n) >= STORM + 1;
      }
      if (stormCommitted && received.length >= 500 && rows.length === 1) {
        const pid = Number(rows[0].holder.split(':')[1]);
        killed = servers.find((s) => s.process.pid === pid);
        if (killed) {
          receivedAtKill = received.length;
          await killed.kill9();
        }
      }
      if (!killed) await new Promise((r) => setTimeout(r, 20));
    }
    expect(killed).toBeDefined();
    const survivor = servers.find((s) => s !== killed)!;

    // Wait until the receiver holds everything the chains hold.
    const heads = async () =>
      one<{ chain: string; last_seq: string }>(
        'SELECT chain, last_seq FROM audit_chain_heads WHERE chain IN (?, ?)',
        [`operations:${orgId}`, `login:${orgId}`],
      );
    const lastSeen = (chain: string) =>
      received.filter((e) => e.chain === chain).reduce((m, e) => Math.max(m, Number(e.sequence)), 0);
    const doneDeadline = Date.now() + 300_000;
    let caughtUp = false;
    while (!caughtUp && Date.now() < doneDeadline) {
      const h = await heads();
      caughtUp = h.every((r) => lastSeen(r.chain) >= Number(r.last_seq));
      if (!caughtUp) await new Promise((r) => setTimeout(r, 500));
    }
    const caughtUpMs = Date.now() - stormStart;
    expect(caughtUp).toBe(true);
    const [{ holder: resumedBy }] = await one<{ holder: string }>(
      'SELECT holder FROM job_runs WHERE name = ? ORDER BY started_at DESC LIMIT 1',
      [leaseName],
    );

    // What the chains hold from the registration on, against what arrived.
    const storedOps = await one<{ id: string; seq: string; hash: string }>(
      'SELECT id, seq, hash FROM operation_history WHERE chain = ? AND seq > ? ORDER BY seq',
      [orgId, opsStart],
    );
    const storedLogins = await one<{ id: string; seq: string; hash: string }>(
      'SELECT id, seq, hash FROM login_history WHERE chain = ? AND seq > ? ORDER BY seq',
      [orgId, loginStart],
    );
    // The record the first delivered one links to (none: the chain began with the registration).
    const [anchor] = await one<{ hash: string }>(
      'SELECT hash FROM operation_history WHERE chain = ? AND seq = ?',
      [orgId, opsStart],
    );
    const start = new Map([
      [`operations:${orgId}`, { seq: Number(opsStart), hash: anchor?.hash ?? '0'.repeat(64) }],
    ]);
    const report = checkStream(received, start);
    const ops = report.distinct.get(`operations:${orgId}`) ?? [];
    const logins = report.distinct.get(`login:${orgId}`) ?? [];

    evidence.storm = { requests: STORM, answered, stormMs, concurrency: CONCURRENCY, instances: 2 };
    evidence.receiver = {
      downForMs: receiverDownMs,
      deliveries,
      badSignatures,
      eventsReceived: received.length,
      duplicatesDropped: report.duplicates,
      distinctOperations: ops.length,
      distinctLogins: logins.length,
      problems: report.problems.slice(0, 20),
    };
    evidence.outage = { destinationFiveSecondsBeforeReceiverUp: flagged.body.delivery };
    evidence.kill = {
      killedPid: killed?.process.pid,
      receivedAtKill,
      resumedBy,
      survivorPid: survivor.process.pid,
    };
    evidence.stored = { operations: storedOps.length, logins: storedLogins.length, caughtUpMs };
    say([
      `audit streaming: ${STORM} requests in ${stormMs} ms through 2 instances; receiver down ${receiverDownMs} ms`,
      `  received ${received.length} events in ${deliveries} deliveries (${report.duplicates} duplicates dropped), ` +
        `${badSignatures} bad signatures`,
      `  kill -9 of pid ${killed?.process.pid} after ${receivedAtKill} events; resumed by ${resumedBy}`,
      `  stored ${storedOps.length} operations + ${storedLogins.length} logins; distinct received ` +
        `${ops.length} + ${logins.length}; chain problems ${report.problems.length}; all in after ${caughtUpMs} ms`,
    ]);

    expect(badSignatures).toBe(0);
    expect(report.problems).toEqual([]);
    expect(ops.map((e) => e.id)).toEqual(storedOps.map((r) => r.id));
    expect(ops.map((e) => e.hash)).toEqual(storedOps.map((r) => r.hash));
    expect(logins.map((e) => e.id)).toEqual(storedLogins.map((r) => r.id));
    expect(ops.length).toBeGreaterThanOrEqual(STORM);
    expect(receivedAtKill).toBeLessThan(storedOps.length); // the kill landed mid-stream
    expect(resumedBy.split(':')[1]).toBe(String(survivor.process.pid));
    expect(flagged.body.delivery).toMatchObject({ failing: true, lastError: 'ECONNREFUSED' });
  });
});
