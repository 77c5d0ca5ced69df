/**
 * bench:users-list — the user list (ユーザー一覧) of an organization of 100,000 members on MariaDB: p50 and p99 of
 * list requests (keyword search + group and status filters + sort, 25 per page) under 20 concurrent clients, and
 * the same requests' bare SQL through mysql2 (the very statements the service runs, with the same concurrency).
 * Goal: p99 < 50 ms; the ratio p99(HTTP) ÷ p99(bare SQL) says what the HTTP stack, authentication, organization
 * scope and operation-history row (written for every list request, SPEC §9) add to the SQL. For context it also
 * prints the p99 of a request that reads nothing (GET /organizations/:orgId): the floor of this machine.
 *
 * BENCH_MYSQL_URL (default mysql://root@127.0.0.1:3306) picks the server; the database kanri_bench_users_list is
 * created and dropped (BENCH_KEEP_DATABASE=1 keeps it). BENCH_REQUESTS (default 2000), BENCH_EXPLAIN=1 prints the
 * query plans.
 */
import { searchTokens } from '../src/users/search/user-search';
import { userFilterSql, userListStatements, grantHoldersStatement } from '../src/members/user-list.query';
import type { UserSort } from '../src/members/dto/list-organization-users.query';
import {
  type BenchOrg,
  httpJson,
  percentile,
  runConcurrent,
  seedMembers,
  startBenchOrganization,
  stopBenchOrganization,
} from './users-support';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = 20;
/** What administrators type: surnames common and rare, a kana fragment, a given name, a login ID prefix. */
const KEYWORDS = ['田中', '髙橋', '佐々木', 'ヤマ', '竹谷', '中村', 'ハナコ', '石井', '森', 'bu01234'];

interface ListRequest {
  q: string;
  groupIds: string[];
  status: ('enabled' | 'disabled' | 'provisional' | 'locked')[];
  attributes: string[];
  sort: UserSort;
  order: 'asc' | 'desc';
}

function queryString(r: ListRequest): string {
  const p = new URLSearchParams({ sort: r.sort, order: r.order, perPage: '25' });
  if (r.q) p.set('q', r.q);
  if (r.groupIds.length) p.set('groupIds', r.groupIds.join(','));
  if (r.status.length) p.set('status', r.status.join(','));
  if (r.attributes.length) p.set('attributes', r.attributes.join(','));
  return p.toString();
}

function statements(org: BenchOrg, r: ListRequest) {
  const sql = userFilterSql({
    orgId: org.orgId,
    scopeGroupIds: null,
    groupIds: r.groupIds,
    attributes: r.attributes,
    status: r.status,
    tokens: searchTokens(r.q),
    now: new Date(),
    mysql: true,
  });
  return sql.matchesNothing ? null : userListStatements(sql, r.sort, r.order, 1, 25);
}

/** The service's statements, through mysql2, as the service runs them (UserListService.list); returns the total. */
async function bareList(org: BenchOrg, r: ListRequest): Promise<number> {
  const s = statements(org, r);
  if (!s) return 0;
  const count = async () =>
    Number(((await org.pool.query(s.count.sql, s.count.params))[0] as { n: number }[])[0].n);
  const items = org.pool.query(s.items.sql, s.items.params);
  const counted = s.totalInItems ? null : count();
  const rows = (await items)[0] as { id: string; total_rows?: number }[];
  const total = s.totalInItems ? (rows.length ? Number(rows[0].total_rows) : await count()) : await counted!;
  if (rows.length) {
    const g = grantHoldersStatement(
      org.orgId,
      rows.map((x) => x.id),
    );
    await org.pool.query(g.sql, g.params);
  }
  return total;
}

async function measure(
  label: string,
  total: number,
  task: (i: number) => Promise<void>,
  concurrency = CONCURRENCY,
) {
  await runConcurrent(Math.min(200, total), concurrency, task);
  const r = await runConcurrent(total, concurrency, task);
  const out = {
    p50: percentile(r.latencies, 50),
    p99: percentile(r.latencies, 99),
    perSecond: (total / r.wallMs) * 1000,
  };
  console.log(
    `${label.padEnd(44)} p50 ${out.p50.toFixed(1).padStart(6)} ms  p99 ${out.p99.toFixed(1).padStart(6)} ms  ${out.perSecond.toFixed(0).padStart(5)}/s`,
  );
  return out;
}

async function main(): Promise<void> {
  const org = await startBenchOrganization('kanri_bench_users_list');
  try {
    const seconds = await seedMembers(org, MEMBERS);
    console.log(
      `seeded ${MEMBERS} members in one organization in ${seconds.toFixed(1)} s (multi-row INSERTs of 1,000)`,
    );
    const requests: ListRequest[] = KEYWORDS.flatMap((q, k) =>
      org.groupIds.slice(0, 10).map((g, j) => ({
        q,
        groupIds: [g, org.groupIds[(j + k + 10) % org.groupIds.length]],
        status: ['enabled'] as ListRequest['status'],
        attributes: [],
        sort: (['lastLoginAt', 'familyName', 'loginId'] as const)[(k + j) % 3],
        order: (j % 2 ? 'desc' : 'asc') as 'asc' | 'desc',
      })),
    );
    const path = (r: ListRequest) => `/api/v1/organizations/${org.orgId}/users?${queryString(r)}`;
    for (const r of requests.slice(0, 20)) {
      const res = await httpJson(org.port, 'GET', path(r), undefined, org.token);
      if (res.status !== 200) throw new Error(`list answered ${res.status}: ${res.body}`);
      const total = await bareList(org, r);
      if (JSON.parse(res.body).total !== total) throw new Error(`totals differ for ${queryString(r)}`);
    }
    if (process.env.BENCH_EXPLAIN) await explain(org, requests[0]);

    const floor = await measure('GET /organizations/:orgId (reads nothing)', REQUESTS, async () => {
      await httpJson(org.port, 'GET', `/api/v1/organizations/${org.orgId}`, undefined, org.token);
    });
    const bare = await measure('bare SQL (search + filters + sort)', REQUESTS, async (i) => {
      await bareList(org, requests[i % requests.length]);
    });
    const http = await measure('HTTP list (search + filters + sort)', REQUESTS, async (i) => {
      const res = await httpJson(org.port, 'GET', path(requests[i % requests.length]), undefined, org.token);
      if (res.status !== 200) throw new Error(`list answered ${res.status}`);
    });
    // For context: what one request costs alone (no queueing), the default page (every member, total = 100,000), and
    // the sorts on expressions.
    await measure(
      'HTTP list, one client at a time',
      Math.min(REQUESTS, 300),
      async (i) => {
        await httpJson(org.port, 'GET', path(requests[i % requests.length]), undefined, org.token);
      },
      1,
    );
    await measure(
      'bare SQL, one client at a time',
      Math.min(REQUESTS, 300),
      async (i) => {
        await bareList(org, requests[i % requests.length]);
      },
      1,
    );
    const more: [string, ListRequest][] = [
      [
        'HTTP default page (no filter, login ID order)',
        { q: '', groupIds: [], status: [], attributes: [], sort: 'loginId', order: 'asc' },
      ],
      [
        'HTTP attribute filter, sorted by 属性',
        { q: '', groupIds: [], status: [], attributes: ['在宅'], sort: 'attribute', order: 'asc' },
      ],
      [
        'HTTP status=locked, sorted by 権限',
        { q: '', groupIds: [], status: ['locked'], attributes: [], sort: 'role', order: 'desc' },
      ],
    ];
    for (const [label, r] of more) {
      await measure(label, Math.min(REQUESTS, 400), async () => {
        await httpJson(org.port, 'GET', path(r), undefined, org.token);
      });
    }
    const ratio = http.p99 / bare.p99;
    console.log(
      `machine floor p99 ${floor.p99.toFixed(1)} ms (a route that reads nothing, same concurrency)`,
    );
    console.log(
      `bench:users-list p99 ${http.p99.toFixed(1)} ms (goal < 50) ratio ${ratio.toFixed(2)} (bare SQL p99 ${bare.p99.toFixed(1)} ms, p50 ${http.p50.toFixed(1)} / ${bare.p50.toFixed(1)} ms)`,
    );
  } finally {
    await stopBenchOrganization(org);
  }
}

async function explain(org: BenchOrg, r: ListRequest): Promise<void> {
  const s = statements(org, r)!;
  for (const [name, st] of [
    ['items', s.items],
    ['count', s.count],
  ] as const) {
    const [plan] = await org.pool.query(`EXPLAIN ${st.sql}`, st.params);
    console.log(`EXPLAIN ${name} (${queryString(r)}):`);
    console.table(
      (plan as Record<string, unknown>[]).map((p) => ({
        table: p.table,
        type: p.type,
        key: p.key,
        rows: p.rows,
        Extra: p.Extra,
      })),
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
