/**
 * bench:audit-export — SPEC §9 "exports of a million rows stream in bounded memory".
 *
 * Seeds 1,000,000 operation-history rows of one organization (a properly hash-chained chain, multi-row INSERTs
 * straight through mysql2) into a dedicated MariaDB/MySQL database, then compares, in the same run:
 *   - baseline: a bare streamed SELECT of the same rows and columns (mysql2 row stream, same ORDER BY), written as
 *     CSV with nothing but string concatenation into a sink;
 *   - Kanri: `GET /api/v1/organizations/:orgId/audit/export?type=activity` over HTTP (auth, keyset pages, labels,
 *     APP_TIMEZONE times, formula guard, RFC 4180 quoting, UTF-8 BOM, backpressure), read to the end by a client.
 * Goal: Kanri rows/s ≥ 0.5 × baseline rows/s, and the process RSS grows by < 100 MB during the export.
 *
 * Needs MariaDB/MySQL: BENCH_MYSQL_URL (default mysql://root@127.0.0.1:3306); database kanri_bench_audit_export is
 * dropped and recreated. BENCH_ROWS overrides the row count. Run with `npm run bench:audit-export`.
 */
import { request, Agent } from 'node:http';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Connection as CallbackConnection } from 'mysql2';
import { createConnection, type Connection } from 'mysql2/promise';
import { newId } from '@kanri/common/ids/new-id';
import { canonicalOperation, chainHash, GENESIS_HASH, headKey } from '../src/audit/audit-chain';
import {
  type AppProcess,
  dropDatabase,
  freshDatabase,
  organizationWithManager,
  startAppProcess,
} from './audit-bench-support';

const DB = 'kanri_bench_audit_export';
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const BATCH = 5000;
const SCREENS = ['ユーザー一覧', '企業情報', '操作履歴検索・出力', 'グループ管理', '権限設定', '証明書一覧'];
const OPERATIONS = ['search', 'register', 'update', 'delete', 'export'];
/** Seeded rows span 1–30 October 2026; the exports' own rows (now) fall outside, so every run reads the same rows. */
const SEED_START = Date.UTC(2026, 9, 1);
const LAST_DAY = '2026-10-31';
const SEED_END = new Date(Date.UTC(2026, 10, 1) - 9 * 3_600_000); // 1 November 00:00 in Tokyo

async function main(): Promise<void> {
  const url = await freshDatabase(DB);
  const app = await startAppProcess(url);
  const { orgId, token } = await organizationWithManager(app.port);
  const db = await createConnection({ uri: url, timezone: 'Z', supportBigNumbers: true });

  const seedStarted = performance.now();
  await seed(db, orgId);
  console.log(
    `seeded ${ROWS.toLocaleString()} rows in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
  );

  await baseline(db, orgId); // warm the buffer pool, untimed
  const runs: { base: number; kanri: number; rssGrowthMB: number }[] = [];
  for (let i = 0; i < 2; i++) {
    const base = await baseline(db, orgId);
    const kanri = await kanriExport(app, orgId, token);
    runs.push({ base: base.rowsPerSecond, kanri: kanri.rowsPerSecond, rssGrowthMB: kanri.rssGrowthMB });
    console.log(
      `run ${i + 1}: bare streamed SELECT → CSV ${fmt(base.rowsPerSecond)} rows/s (${base.seconds.toFixed(1)} s); ` +
        `Kanri export over HTTP ${fmt(kanri.rowsPerSecond)} rows/s (${kanri.seconds.toFixed(1)} s, ${kanri.rows.toLocaleString()} rows, ${(kanri.bytes / 1e6).toFixed(0)} MB), RSS +${kanri.rssGrowthMB.toFixed(0)} MB`,
    );
  }
  await db.end();
  await app.command({ close: true });
  if (!process.env.BENCH_KEEP) await dropDatabase(DB);

  const base = runs.reduce((s, r) => s + r.base, 0) / runs.length;
  const kanri = runs.reduce((s, r) => s + r.kanri, 0) / runs.length;
  const rss = Math.max(...runs.map((r) => r.rssGrowthMB));
  console.log(
    `bench:audit-export ratio ${(kanri / base).toFixed(2)} (goal >= 0.5) rssGrowthMB ${rss.toFixed(0)} (goal < 100)`,
  );
}

/** One chain of ROWS rows over 30 days, inserted in multi-row INSERTs; the chain head is set to match. */
async function seed(db: Connection, orgId: string): Promise<void> {
  const start = SEED_START;
  const step = Math.floor((30 * 86_400_000) / ROWS);
  let prev = GENESIS_HASH;
  for (let offset = 0; offset < ROWS; offset += BATCH) {
    const values: unknown[][] = [];
    for (let i = offset; i < Math.min(ROWS, offset + BATCH); i++) {
      const occurredAt = new Date(start + i * step);
      const row = {
        id: newId(occurredAt.getTime()),
        chain: orgId,
        seq: i + 1,
        organizationId: orgId,
        operation: OPERATIONS[i % OPERATIONS.length],
        screen: SCREENS[i % SCREENS.length],
        httpMethod: 'GET',
        route: '/api/v1/organizations/:orgId/users',
        operatorUserId: null,
        operatorLoginId: `user${String(i % 200).padStart(4, '0')}`,
        department: '営業部',
        occurredAt,
        durationMs: i % 50,
        ip: '192.0.2.10',
        userAgent: 'Mozilla/5.0 (bench)',
        outcome: 'success',
        statusCode: 200,
        errorCode: null,
        requestId: null,
        details: `{"query":{"page":"${(i % 40) + 1}","q":"山田${i % 97}","sort":"loginId"}}`,
      };
      const hash = chainHash(prev, canonicalOperation(row));
      values.push([
        row.id,
        row.chain,
        row.seq,
        prev,
        hash,
        row.organizationId,
        row.operation,
        row.screen,
        row.httpMethod,
        row.route,
        row.operatorUserId,
        row.operatorLoginId,
        row.department,
        row.occurredAt,
        row.durationMs,
        row.ip,
        row.userAgent,
        row.outcome,
        row.statusCode,
        row.errorCode,
        row.requestId,
        row.details,
      ]);
      prev = hash;
    }
    await db.query(
      'INSERT INTO operation_history (id, chain, seq, prev_hash, hash, organization_id, operation, screen, http_method, route, operator_user_id, operator_login_id, department, occurred_at, duration_ms, ip, user_agent, outcome, status_code, error_code, request_id, details) VALUES ?',
      [values],
    );
  }
  await db.query(
    'INSERT INTO audit_chain_heads (chain, last_seq, last_hash, anchor_seq, anchor_hash) VALUES (?, ?, ?, 0, ?) ON DUPLICATE KEY UPDATE last_seq = VALUES(last_seq), last_hash = VALUES(last_hash)',
    [headKey('operations', orgId), ROWS, prev, GENESIS_HASH],
  );
}

/** The same rows and columns, streamed by mysql2 and written as CSV by plain concatenation into a sink. */
async function baseline(db: Connection, orgId: string) {
  const started = performance.now();
  let rows = 0;
  let bytes = 0;
  const source = (db as unknown as { connection: CallbackConnection }).connection
    .query(
      'SELECT id, operation, screen, operator_login_id, occurred_at, details FROM operation_history WHERE organization_id = ? AND occurred_at < ? ORDER BY occurred_at, id',
      [orgId, SEED_END],
    )
    .stream();
  await pipeline(
    source,
    new Writable({
      objectMode: true,
      highWaterMark: 1000,
      write(r: Record<string, unknown>, _enc, done) {
        rows += 1;
        const line = `${rows},${r.operation},${r.screen},${r.operator_login_id},${(r.occurred_at as Date).toISOString()},"${String(r.details).replace(/"/g, '""')}"\r\n`;
        bytes += Buffer.byteLength(line);
        done();
      },
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  if (rows !== ROWS) throw new Error(`baseline read ${rows} rows`);
  return { rowsPerSecond: rows / seconds, seconds, bytes };
}

const agent = new Agent({ keepAlive: true });

/** Kanri's export over HTTP, read to the end; the app process's RSS sampled every 20 ms. */
async function kanriExport(app: AppProcess, orgId: string, token: string) {
  const port = app.port;
  const rssBefore = app.rss();
  let peak = rssBefore;
  const sampler = setInterval(() => {
    peak = Math.max(peak, app.rss());
  }, 20);
  const started = performance.now();
  const { lines, bytes } = await new Promise<{ lines: number; bytes: number }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        agent,
        path: `/api/v1/organizations/${orgId}/audit/export?type=activity&to=${LAST_DAY}`,
        headers: { authorization: `Bearer ${token}` },
      },
      (res) => {
        if (res.statusCode !== 200) reject(new Error(`export answered ${res.statusCode}`));
        let count = 0;
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) count += 1;
        });
        res.on('end', () => resolve({ lines: count, bytes: size }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, app.rss());
  const rows = lines - 1; // header
  if (rows !== ROWS) throw new Error(`export wrote ${rows} rows`);
  return { rowsPerSecond: rows / seconds, seconds, rows, bytes, rssGrowthMB: (peak - rssBefore) / 1e6 };
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
