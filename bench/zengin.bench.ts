/**
 * bench:zengin — a 9,999-line 総合振込 Zengin file on MariaDB: Kanri's import (upload, parse, every record
 * validated, the fee of each line from the organization's table, the request, its limits and its lines written in
 * one transaction) against a bare parse of the same bytes plus a chunked multi-row INSERT of the same lines
 * through mysql2 into the same table, in one transaction, in the same run. Each run's rows are deleted again.
 * Goals: Kanri lines/s ≥ 0.5 × bare lines/s; peak RSS growth during an import < 100 MB.
 */
import { request } from 'node:http';
import * as iconv from 'iconv-lite';
import { createConnection } from 'mysql2/promise';
import { UserAccounts } from '../src/users/user-accounts.service';
import {
  dataRecord,
  endRecord,
  headerRecord,
  trailerRecord,
  zenginBytes,
} from '../test/support/zengin-fixture';
import {
  type BenchOrg,
  CONFIRMATION,
  PASSWORD,
  httpJson,
  startBenchOrganization,
  stopBenchOrganization,
} from './users-support';

const LINES = Number(process.env.BENCH_LINES ?? 9_999);
const CHUNK = 1_000;

interface Setup {
  requesterToken: string;
  approverId: string;
  accountNumber: string;
}

async function ok(res: Promise<{ status: number; body: string }>, what: string) {
  const r = await res;
  if (r.status >= 300) throw new Error(`${what}: ${r.status} ${r.body}`);
  return JSON.parse(r.body || '{}') as Record<string, unknown>;
}

/** A requester and an approver who joined the organization, a company account, and a fee table. */
async function setUp(org: BenchOrg): Promise<Setup> {
  const users = org.app.get(UserAccounts);
  const conn = await createConnection({ uri: org.databaseUrl });
  const [[{ code }]] = (await conn.query('SELECT code FROM organizations WHERE id = ?', [
    org.orgId,
  ])) as unknown as [{ code: string }[]];
  const ids: string[] = [];
  const tokens: string[] = [];
  for (const loginId of ['benchreq1', 'benchapr1']) {
    await users.createAccount({
      loginId,
      password: PASSWORD,
      confirmationPassword: CONFIRMATION,
      familyName: '依頼',
      givenName: '太郎',
    });
    const token = (
      await ok(httpJson(org.port, 'POST', '/api/v1/auth/login', { loginId, password: PASSWORD }), 'login')
    ).accessToken as string;
    await ok(httpJson(org.port, 'PUT', '/api/v1/me/organization', { code }, token), 'join');
    const [[row]] = (await conn.query('SELECT id FROM users WHERE login_id = ?', [loginId])) as unknown as [
      { id: string }[],
    ];
    ids.push(row.id);
    tokens.push(token);
  }
  await conn.end();
  const base = `/api/v1/organizations/${org.orgId}`;
  const grant = (id: string, permission: string) =>
    ok(
      httpJson(
        org.port,
        'PUT',
        `${base}/users/${id}/permissions`,
        { confirmationPassword: CONFIRMATION, permissions: [{ permission }] },
        org.token,
      ),
      'grant',
    );
  await grant(ids[0], 'approvals.request.bulk_transfer');
  await grant(ids[1], 'approvals.approve.bulk_transfer');
  const accountNumber = '1000001';
  const account = await ok(
    httpJson(
      org.port,
      'POST',
      `${base}/accounts`,
      {
        confirmationPassword: CONFIRMATION,
        branchCode: '081',
        accountType: 'ordinary',
        accountNumber,
        accountName: 'カ）ベンチ',
      },
      org.token,
    ),
    'account',
  );
  await ok(
    httpJson(
      org.port,
      'PUT',
      `${base}/users/${ids[0]}/usable-accounts`,
      { confirmationPassword: CONFIRMATION, accountIds: [account.id] },
      org.token,
    ),
    'usable',
  );
  const rows = ['same_branch', 'other_branch', 'other_bank'].flatMap((pattern, i) => [
    { from: 0, to: 30_000, pattern, fee: [0, 110, 380][i] },
    { from: 30_000, to: null, pattern, fee: [0, 330, 550][i] },
  ]);
  await ok(
    httpJson(org.port, 'PUT', `${base}/fees/payer-borne-bulk`, { useStandard: false, rows }, org.token),
    'fees',
  );
  return { requesterToken: tokens[0], approverId: ids[1], accountNumber };
}

function file(setup: Setup, count: number): Buffer {
  const lines = Array.from({ length: count }, (_, i) => ({
    bankCode: i % 3 === 0 ? '0009' : '0005',
    bankName: 'ﾐﾂﾋﾞｼ',
    branchCode: String(1 + (i % 900)).padStart(3, '0'),
    branchName: 'ｼﾃﾝ',
    accountNumber: String(1_000_000 + i),
    payeeName: 'ﾔﾏﾀﾞ ﾀﾛｳ',
    amount: 1_000 + ((i * 7919) % 60_000),
  }));
  const tomorrow = new Date(Date.now() + 86_400_000 + 9 * 3_600_000).toISOString();
  return zenginBytes([
    headerRecord({
      transferDate: tomorrow.slice(5, 7) + tomorrow.slice(8, 10),
      branchCode: '081',
      accountNumber: setup.accountNumber,
    }),
    ...lines.map(dataRecord),
    trailerRecord(
      count,
      lines.reduce((s, l) => s + l.amount, 0),
    ),
    endRecord(),
  ]);
}

function upload(org: BenchOrg, setup: Setup, bytes: Buffer): Promise<{ status: number; body: string }> {
  const boundary = `----kanri${Date.now().toString(16)}`;
  const field = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const body = Buffer.concat([
    Buffer.from(
      field('confirmationPassword', CONFIRMATION) +
        field('approverIds', setup.approverId) +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="sogo.txt"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: org.port,
        method: 'POST',
        path: `/api/v1/organizations/${org.orgId}/requests/import`,
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': body.length,
          authorization: `Bearer ${setup.requesterToken}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function clean(org: BenchOrg): Promise<void> {
  const conn = await createConnection({ uri: org.databaseUrl });
  for (const table of [
    'approval_request_lines',
    'approval_request_batches',
    'approval_request_approvers',
    'approval_requests',
    'approval_daily_usage',
  ]) {
    await conn.query(`DELETE FROM ${table}`);
  }
  await conn.end();
}

/** Upload to 201; lines per second and the peak RSS growth seen while it ran (sampled every 5 ms). */
async function kanriImport(org: BenchOrg, setup: Setup, bytes: Buffer, count: number) {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const started = performance.now();
  const res = await upload(org, setup, bytes);
  const elapsed = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  if (res.status !== 201) throw new Error(`import answered ${res.status}: ${res.body.slice(0, 500)}`);
  await clean(org);
  return { perSecond: (count / elapsed) * 1000, rssGrowth: peak - baseline };
}

const FIELDS: [string, number, number][] = [
  ['bank_code', 1, 4],
  ['bank_name', 5, 15],
  ['branch_code', 20, 3],
  ['branch_name', 23, 15],
  ['clearing_house_code', 38, 4],
  ['account_type', 42, 1],
  ['account_number', 43, 7],
  ['payee_name', 50, 30],
  ['amount', 80, 10],
  ['new_code', 90, 1],
  ['customer_code1', 91, 10],
  ['customer_code2', 101, 10],
  ['transfer_category', 111, 1],
  ['identification', 112, 1],
];

/** A bare parse (split, decode each field) and a multi-row INSERT of the same lines, one transaction. */
async function bare(org: BenchOrg, bytes: Buffer, count: number): Promise<number> {
  const conn = await createConnection({ uri: org.databaseUrl, charset: 'utf8mb4_unicode_ci' });
  const started = performance.now();
  const values: unknown[][] = [];
  for (let at = 122, n = 1; n <= count; at += 122, n++) {
    const row: unknown[] = ['bench-request', n, org.orgId];
    for (const [, offset, length] of FIELDS)
      row.push(iconv.decode(bytes.subarray(at + offset, at + offset + length), 'Shift_JIS').trimEnd());
    row.push('other_bank', 0, row[11], 550, -550);
    values.push(row);
  }
  const columns = [
    'request_id',
    'line_no',
    'organization_id',
    ...FIELDS.map((f) => f[0]),
    'transfer_pattern',
    'deducted_fee',
    'transfer_amount',
    'actual_fee',
    'fee_difference',
  ];
  await conn.beginTransaction();
  for (let i = 0; i < values.length; i += CHUNK) {
    await conn.query(`INSERT INTO approval_request_lines (${columns.join(', ')}) VALUES ?`, [
      values.slice(i, i + CHUNK),
    ]);
  }
  await conn.commit();
  const perSecond = (count / (performance.now() - started)) * 1000;
  await conn.end();
  await clean(org);
  return perSecond;
}

async function main(): Promise<void> {
  const org = await startBenchOrganization('kanri_bench_zengin');
  try {
    const setup = await setUp(org);
    const small = file(setup, 500);
    const big = file(setup, LINES);
    await kanriImport(org, setup, small, 500);
    await bare(org, small, 500);
    const bares: number[] = [];
    const imports: number[] = [];
    const growths: number[] = [];
    for (let run = 0; run < 3; run++) {
      bares.push(await bare(org, big, LINES));
      const k = await kanriImport(org, setup, big, LINES);
      imports.push(k.perSecond);
      growths.push(k.rssGrowth);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const mb = (x: number) => (x / 1024 / 1024).toFixed(1);
    console.log(
      `bare parse + multi-row INSERT: ${median(bares).toFixed(0)} lines/s median (runs ${bares.map((x) => x.toFixed(0)).join(', ')}; chunks of ${CHUNK})`,
    );
    console.log(
      `Kanri import:                  ${median(imports).toFixed(0)} lines/s median (runs ${imports.map((x) => x.toFixed(0)).join(', ')}; ${LINES} lines, upload to 201)`,
    );
    console.log(`peak RSS growth during an import: ${growths.map(mb).join(', ')} MB (goal < 100 MB)`);
    console.log(
      `bench:zengin lines/s ${median(imports).toFixed(0)} (bare ${median(bares).toFixed(0)}) ratio ${(median(imports) / median(bares)).toFixed(2)} (goal >= 0.5); peak RSS growth max ${mb(Math.max(...growths))} MB (goal < 100)`,
    );
  } finally {
    await stopBenchOrganization(org);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
