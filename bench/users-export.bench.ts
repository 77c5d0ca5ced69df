/**
 * bench:users-export — the CSV export of an organization of 100,000 members on MariaDB over HTTP, against a bare
 * streamed SELECT of the same columns through mysql2 whose rows are turned into the same CSV lines (same cell
 * formatting, same CSV library, UTF-8) and thrown away, in the same run. Goals: export rows/s ≥ 0.5 × bare rows/s,
 * and the process's peak RSS growth during the export < 100 MB (the export streams in keyset pages of 2,000).
 */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { get } from 'node:http';
import { createConnection } from 'mysql2';
import { csvLine } from '@kanri/common/csv/csv-cell';
import { EXPORT_COLUMNS, UserExportService } from '../src/members/export/user-export.service';
import { USER_CSV_HEADER } from '../src/members/user-csv-columns';
import { type BenchOrg, seedMembers, startBenchOrganization, stopBenchOrganization } from './users-support';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000);

/** Discards bytes, counting lines. */
function sink(): Writable & { lines: number } {
  const w = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) w.lines++;
      done();
    },
  }) as Writable & { lines: number };
  w.lines = 0;
  return w;
}

/** The export over HTTP; rows/s and the peak growth of this process's RSS while it ran. */
async function httpExport(org: BenchOrg): Promise<{ perSecond: number; rssGrowthMb: number; rows: number }> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  const started = performance.now();
  const out = sink();
  await new Promise<void>((resolve, reject) => {
    get(
      {
        host: '127.0.0.1',
        port: org.port,
        path: `/api/v1/organizations/${org.orgId}/users/export`,
        headers: { authorization: `Bearer ${org.token}` },
      },
      (res) => {
        if (res.statusCode !== 200) reject(new Error(`export answered ${res.statusCode}`));
        pipeline(res, out).then(resolve, reject);
      },
    ).on('error', reject);
  });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  const rows = out.lines - 1;
  return { perSecond: rows / seconds, rssGrowthMb: (peak - baseline) / 1048576, rows };
}

/** One streamed SELECT of the same columns, each row formatted like the export's and written as a CSV line. */
async function bareExport(org: BenchOrg, format: (r: Record<string, unknown>) => unknown[]): Promise<number> {
  const conn = createConnection({ uri: org.databaseUrl, charset: 'utf8mb4_unicode_ci', timezone: 'Z' });
  const started = performance.now();
  const out = sink();
  let rows = 0;
  await new Promise<void>((resolve, reject) => {
    out.write('\uFEFF' + USER_CSV_HEADER.join(',') + '\r\n');
    let pending = '';
    conn
      .query({
        sql: `SELECT ${EXPORT_COLUMNS}
                FROM users u LEFT JOIN org_groups g ON g.id = u.group_id AND g.organization_id = u.organization_id
               WHERE u.organization_id = ? ORDER BY u.login_id`,
        values: [org.orgId],
      })
      .stream({ highWaterMark: 2000 })
      .on('data', (r: Record<string, unknown>) => {
        rows++;
        pending += csvLine(format(r));
        if (pending.length >= 65536) {
          out.write(Buffer.from(pending, 'utf8'));
          pending = '';
        }
      })
      .on('end', () => {
        out.end(Buffer.from(pending, 'utf8'));
        resolve();
      })
      .on('error', reject);
  });
  const perSecond = (rows / (performance.now() - started)) * 1000;
  conn.end();
  return perSecond;
}

async function main(): Promise<void> {
  const org = await startBenchOrganization('kanri_bench_users_export');
  try {
    const seconds = await seedMembers(org, MEMBERS);
    console.log(`seeded ${MEMBERS} members in ${seconds.toFixed(1)} s`);
    const service = org.app.get(UserExportService);
    const format = (r: Record<string, unknown>) => service.cells(r);
    await bareExport(org, format); // warm-up: buffer pool, JIT
    await httpExport(org);
    const bares: number[] = [];
    const exports: { perSecond: number; rssGrowthMb: number; rows: number }[] = [];
    for (let run = 0; run < 3; run++) {
      bares.push(await bareExport(org, format));
      exports.push(await httpExport(org));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const bare = median(bares);
    const http = median(exports.map((e) => e.perSecond));
    const rss = Math.max(...exports.map((e) => e.rssGrowthMb));
    if (exports.some((e) => e.rows !== MEMBERS + 1))
      throw new Error(`rows: ${exports.map((e) => e.rows).join(', ')}`);
    console.log(
      `bare streamed SELECT → CSV: ${bare.toFixed(0)} rows/s median (runs ${bares.map((x) => x.toFixed(0)).join(', ')})`,
    );
    console.log(
      `HTTP export:                ${http.toFixed(0)} rows/s median (runs ${exports.map((e) => e.perSecond.toFixed(0)).join(', ')}; ${MEMBERS + 1} rows each)`,
    );
    console.log(
      `bench:users-export rows/s ${http.toFixed(0)} (bare ${bare.toFixed(0)}) ratio ${(http / bare).toFixed(2)} (goal >= 0.5) peak RSS growth ${rss.toFixed(0)} MB (goal < 100)`,
    );
  } finally {
    await stopBenchOrganization(org);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
