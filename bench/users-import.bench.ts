/**
 * bench:users-import — a 10,000-row CSV import without passwords (new, provisional users with group, attributes,
 * kana and email) on MariaDB, from the upload to the job's success, against a bare chunked multi-row INSERT of the
 * same user rows through mysql2 into the same table, in one transaction, in the same run (each run's rows are
 * deleted again, so every run writes into tables of the same size). Goal: import rows/s ≥ 0.5 × bare rows/s.
 *
 * The import does more than the bare INSERT: it parses and decodes the file, validates every row with the DTO
 * rules (class-validator) before writing anything, checks the plan limit and login IDs under the organization lock,
 * and writes the attribute rows, the name-search dictionary, the job's state and the audit row.
 */
import { request } from 'node:http';
import { createConnection } from 'mysql2/promise';
import { newId } from '@kanri/common/ids/new-id';
import { UNUSABLE_PASSWORD_HASH } from '../src/members/organization-users.service';
import { attributesSortKey, formatAttributes } from '../src/users/search/user-attributes';
import { USER_CSV_HEADER } from '../src/members/user-csv-columns';
import { csvLine } from '@kanri/common/csv/csv-cell';
import {
  type BenchOrg,
  CONFIRMATION,
  httpJson,
  person,
  seeded,
  startBenchOrganization,
  stopBenchOrganization,
} from './users-support';

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const CHUNK = 500;

interface Row {
  loginId: string;
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  email: string;
  groupCode: string;
  groupId: string;
  attributes: string[];
}

function rows(org: BenchOrg, prefix: string, count: number): Row[] {
  const random = seeded(prefix.length * 7919 + count);
  return Array.from({ length: count }, (_, i) => {
    const p = person(random);
    const g = Math.floor(random() * org.groupCodes.length);
    return {
      loginId: `${prefix}${String(i).padStart(6, '0')}`,
      ...p,
      email: `${prefix}${i}@example.jp`,
      groupCode: org.groupCodes[g],
      groupId: org.groupIds[g],
    };
  });
}

/** The file as Kanri exports it (22 columns, UTF-8 with BOM); output-only columns empty. */
function csvFile(list: Row[]): Buffer {
  let text = '\uFEFF' + USER_CSV_HEADER.join(',') + '\r\n';
  for (const r of list) {
    text += csvLine([
      r.loginId,
      r.familyName,
      r.givenName,
      r.familyNameKana,
      r.givenNameKana,
      r.email,
      '',
      '',
      '',
      r.groupCode,
      '',
      formatAttributes(r.attributes),
      '',
      '',
      '0',
      '1',
      'ja',
      '',
      '',
      '',
      '',
      '',
    ]);
  }
  return Buffer.from(text, 'utf8');
}

function upload(org: BenchOrg, file: Buffer): Promise<{ status: number; body: string }> {
  const boundary = `----kanri${Date.now().toString(16)}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="confirmationPassword"\r\n\r\n${CONFIRMATION}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="users.csv"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: org.port,
        method: 'POST',
        path: `/api/v1/organizations/${org.orgId}/users/import`,
        headers: {
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'content-length': body.length,
          authorization: `Bearer ${org.token}`,
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

/** Takes the rows of a run out again, so that every run writes into the same tables of the same size. */
async function clean(org: BenchOrg): Promise<void> {
  const conn = await createConnection({ uri: org.databaseUrl });
  await conn.query(
    "DELETE FROM user_attributes WHERE user_id IN (SELECT id FROM users WHERE login_id <> 'benchmgr1')",
  );
  await conn.query("DELETE FROM users WHERE login_id <> 'benchmgr1'");
  await conn.query('DELETE FROM user_name_terms');
  await conn.end();
}

/** Upload to success; returns rows per second. */
async function importRows(org: BenchOrg, list: Row[]): Promise<number> {
  const file = csvFile(list);
  const started = performance.now();
  const res = await upload(org, file);
  if (res.status !== 202) throw new Error(`import answered ${res.status}: ${res.body}`);
  const jobId = JSON.parse(res.body).jobId as string;
  for (;;) {
    const job = JSON.parse(
      (
        await httpJson(
          org.port,
          'GET',
          `/api/v1/organizations/${org.orgId}/users/import/${jobId}`,
          undefined,
          org.token,
        )
      ).body,
    );
    if (job.state === 'succeeded') break;
    if (job.state === 'failed') throw new Error(`import failed: ${JSON.stringify(job).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const perSecond = (list.length / (performance.now() - started)) * 1000;
  await clean(org);
  return perSecond;
}

/** The same user rows, as the import writes them, with chunked multi-row INSERTs in one transaction. */
async function bareInsert(org: BenchOrg, list: Row[]): Promise<number> {
  const conn = await createConnection({ uri: org.databaseUrl, charset: 'utf8mb4_unicode_ci', timezone: 'Z' });
  const columns = [
    'id',
    'login_id',
    'password_hash',
    'confirmation_hash',
    'family_name',
    'given_name',
    'family_name_kana',
    'given_name_kana',
    'email',
    'sub_email',
    'department',
    'phone_external',
    'phone_extension',
    'allowed_ips',
    'organization_id',
    'group_id',
    'attributes',
    'attributes_sort_key',
    'is_manager',
    'is_system_operator',
    'is_provisional',
    'is_disabled',
    'must_change_password',
    'failed_login_count',
    'locked_at',
    'locked_until',
    'failed_login_at',
    'two_factor_enabled',
    'valid_from',
    'valid_to',
    'usage_stop_date',
    'language',
    'note',
    'last_login_at',
    'password_changed_at',
    'created_at',
    'updated_at',
  ];
  const started = performance.now();
  const now = new Date();
  await conn.beginTransaction();
  for (let i = 0; i < list.length; i += CHUNK) {
    const values = list
      .slice(i, i + CHUNK)
      .map((r) => [
        newId(now.getTime()),
        r.loginId,
        UNUSABLE_PASSWORD_HASH,
        null,
        r.familyName,
        r.givenName,
        r.familyNameKana,
        r.givenNameKana,
        r.email,
        null,
        null,
        null,
        null,
        '[]',
        org.orgId,
        r.groupId,
        JSON.stringify(r.attributes),
        attributesSortKey(r.attributes),
        0,
        0,
        1,
        0,
        0,
        0,
        null,
        null,
        null,
        0,
        null,
        null,
        null,
        'ja',
        null,
        null,
        null,
        now,
        now,
      ]);
    await conn.query(`INSERT INTO users (${columns.join(', ')}) VALUES ?`, [values]);
  }
  await conn.commit();
  const perSecond = (list.length / (performance.now() - started)) * 1000;
  await conn.end();
  await clean(org);
  return perSecond;
}

async function main(): Promise<void> {
  const org = await startBenchOrganization('kanri_bench_users_import');
  try {
    // Warm-up: the code paths and the buffer pool.
    await importRows(org, rows(org, 'wu', 1000));
    await bareInsert(org, rows(org, 'wb', 1000));

    // Alternating runs, medians: the machine's load drifts, and both sides see the same drift.
    const bares: number[] = [];
    const imports: number[] = [];
    for (let run = 0; run < 3; run++) {
      bares.push(await bareInsert(org, rows(org, `b${run}`, ROWS)));
      imports.push(await importRows(org, rows(org, `i${run}`, ROWS)));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const bare = median(bares);
    const imported = median(imports);
    console.log(
      `bare multi-row INSERT: ${bare.toFixed(0)} rows/s median (runs ${bares.map((x) => x.toFixed(0)).join(', ')}; chunks of ${CHUNK}, one transaction)`,
    );
    console.log(
      `import job:            ${imported.toFixed(0)} rows/s median (runs ${imports.map((x) => x.toFixed(0)).join(', ')}; ${ROWS} rows, upload to success)`,
    );
    console.log(
      `bench:users-import rows/s ${imported.toFixed(0)} (bare ${bare.toFixed(0)}) ratio ${(imported / bare).toFixed(2)} (goal >= 0.5)`,
    );
  } finally {
    await stopBenchOrganization(org);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
