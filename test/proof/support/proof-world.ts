import { randomBytes, randomUUID } from 'node:crypto';
import { businessDate } from '@kanri/common/clock/business-date';
import { ALL_PERMISSIONS, Permission } from '@kanri/access/permission';
import { createCompanyAccount, setUsableAccounts } from '../../support/approval-helpers';
import { makeCsr } from '../../support/certificate-helpers';
import { DEFAULT_CONFIRMATION, DEFAULT_PASSWORD, loginAs } from '../../support/factories';
import {
  addMember,
  createGroup,
  createOrg,
  createSignedInAccount,
  grantPermissions,
  operatorToken,
  type CreatedOrg,
  type OrgMember,
} from '../../support/org-factories';
import type { TestApp } from '../../support/test-app';
import { OPERATOR } from '../../support/test-app';
import type { CatalogRoute } from './route-catalog';
import { distinctiveBytes, pngWith } from '../../support/id-document-files';
import { SoftwareAuthenticator } from '../../support/software-authenticator';

/**
 * Two organizations, A and B, furnished with one of everything the API can point at (members, a group, a company
 * account, a pending approval request, a domain, a certificate, an import job), built through the API as people
 * would. The sweeps act in A and aim at B. Parts whose module is absent or refuses are skipped and listed in
 * `skipped`, so the world builds on whatever tree is current.
 *
 * Path ids are resolved generically (`resolvePathParam`): first the ids built here (by parameter name), then by
 * asking the API — the list route one level up (`GET …/requests` for `…/requests/:requestId`) as the
 * organization's manager — and last from the database (a table with `organization_id` named like the path
 * segment). Whatever stays unresolved is reported, never silently skipped.
 */

export type Side = 'A' | 'B';

export interface ProofOrg extends CreatedOrg {
  /** A member with no permissions at all (一般ユーザー). */
  general: OrgMember;
  /** Members the sweeps may aim at (`:userId`). Never the manager, never the general member. */
  targets: OrgMember[];
  /** Holds every approval permission; approves the pending request. */
  approver: OrgMember;
  /** Holds every request permission and may use the account. */
  requester: OrgMember;
  /** Ids by path-parameter name (`groupId`, `accountId`, `requestId`, …). */
  ids: Record<string, string>;
  domain?: string;
}

export interface ProofWorld {
  t: TestApp;
  A: ProofOrg;
  B: ProofOrg;
  operator: { id: string; token: string };
  /** Fixed-value path parameters (`fees/:kind`) that are not ids. */
  enums: Record<string, string>;
  skipped: string[];
  csrFor(domain: string): Promise<string>;
}

/** The manual's example: below 30,000 yen 0/110/380, from 30,000 yen 0/330/550. */
export const STANDARD_ROWS = [
  { from: 0, to: 30000, pattern: 'same_branch', fee: 0 },
  { from: 30000, to: null, pattern: 'same_branch', fee: 0 },
  { from: 0, to: 30000, pattern: 'other_branch', fee: 110 },
  { from: 30000, to: null, pattern: 'other_branch', fee: 330 },
  { from: 0, to: 30000, pattern: 'other_bank', fee: 380 },
  { from: 30000, to: null, pattern: 'other_bank', fee: 550 },
];

const ALL_REQUEST = ALL_PERMISSIONS.filter((p) => p.startsWith('approvals.request.'));
const ALL_APPROVE = ALL_PERMISSIONS.filter((p) => p.startsWith('approvals.approve.'));

async function optional<T>(
  world: { skipped: string[] },
  what: string,
  fn: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await fn();
  } catch (error) {
    world.skipped.push(`${what}: ${(error as Error).message.slice(0, 200)}`);
    return undefined;
  }
}

async function buildOrg(t: TestApp, side: Side, skipped: string[]): Promise<ProofOrg> {
  const org = await createOrg(t, {
    name: `証明組織${side}`,
    nameKana: side === 'A' ? 'ショウメイエー' : 'ショウメイビー',
  });
  // 8 members besides the manager: two managers are allowed (ceil(9 × 0.2) = 2).
  const general = await addMember(t, org.orgId);
  const requester = await addMember(t, org.orgId);
  const approver = await addMember(t, org.orgId);
  const targets = [
    await addMember(t, org.orgId),
    await addMember(t, org.orgId),
    await addMember(t, org.orgId),
    await addMember(t, org.orgId),
    await addMember(t, org.orgId),
  ];
  const world: ProofOrg = { ...org, general, targets, approver, requester, ids: { userId: targets[0].id } };
  const w = { skipped };
  await optional(w, `${side} grants`, async () => {
    await grantPermissions(t, org, requester.id, ALL_REQUEST as Permission[]);
    await grantPermissions(t, org, approver.id, ALL_APPROVE as Permission[]);
  });
  await optional(w, `${side} group`, async () => {
    world.ids.groupId = await createGroup(t, org, `PG${side}${randomBytes(2).toString('hex')}`);
  });
  await optional(w, `${side} account`, async () => {
    world.ids.accountId = await createCompanyAccount(t, org, { transferTotal: 1_000_000_000 });
    await setUsableAccounts(t, org, requester.id, [world.ids.accountId]);
  });
  await optional(w, `${side} approval request`, async () => {
    const res = await t.api('post', `/organizations/${org.orgId}/requests`, requester.token).send({
      businessType: 'transfer',
      accountId: world.ids.accountId,
      amount: 12_345,
      payee: { name: 'ヤマダ タロウ', pattern: 'other_branch' },
      executionDate: businessDate(new Date(t.clock.now().getTime() + 7 * 86_400_000), t.config.timeZone),
      approverIds: [approver.id],
    });
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    world.ids.requestId = res.body.id as string;
  });
  await optional(w, `${side} domain and certificate`, async () => {
    const domain = `proof-${side.toLowerCase()}-${randomBytes(3).toString('hex')}.example.jp`;
    const d = await t.api('post', `/organizations/${org.orgId}/domains`, org.manager.token).send({ domain });
    if (d.status !== 201) throw new Error(`domain ${d.status} ${JSON.stringify(d.body)}`);
    world.ids.domainId = d.body.id as string;
    world.domain = domain;
    const csr = await makeCsr({ dnsNames: [`www.${domain}`], subject: `CN=www.${domain}` });
    const c = await t
      .api('post', `/organizations/${org.orgId}/certificates`, org.manager.token)
      .send({ type: 'server', csr: csr.pem });
    if (c.status !== 201) throw new Error(`certificate ${c.status} ${JSON.stringify(c.body)}`);
    world.ids.certificateId = c.body.id as string;
  });
  await optional(w, `${side} individual-number record`, async () => {
    const res = await t
      .api('post', `/organizations/${org.orgId}/personal-numbers`, org.manager.token)
      .send({ employeeCode: `E${side}001`, familyName: '番号', givenName: '太郎', relation: 'self' });
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    world.ids['personal-numbers:id'] = res.body.id as string;
  });
  await optional(w, `${side} payee`, async () => {
    const res = await t.api('post', `/organizations/${org.orgId}/payees`, org.manager.token).send({
      confirmationPassword: DEFAULT_CONFIRMATION,
      bankCode: '0001',
      branchCode: '081',
      accountType: 'ordinary',
      accountNumber: side === 'A' ? '1234567' : '7654321',
      nameKana: 'ﾔﾏﾀﾞ ﾀﾛｳ',
    });
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    world.ids.payeeId = res.body.id as string;
  });
  await optional(w, `${side} certificate application`, async () => {
    const res = await t
      .api('post', `/organizations/${org.orgId}/certificate-applications`, org.manager.token)
      .send({ type: 'client', keyAlgorithm: 'EC-P256' });
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    world.ids.applicationId = res.body.id as string;
  });
  await optional(w, `${side} ID document`, async () => {
    const recordId = world.ids['personal-numbers:id'];
    const res = await t
      .api('post', `/organizations/${org.orgId}/personal-numbers/${recordId}/documents`, org.manager.token)
      .field('kind', 'number_confirmation')
      .attach('file', pngWith(distinctiveBytes(`proof-${side}`)), 'scan.png');
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    world.ids.documentId = res.body.id as string;
  });
  await optional(w, `${side} passkey`, async () => {
    const options = await t.api('post', '/auth/passkeys/registration/options', org.manager.token);
    const { response } = new SoftwareAuthenticator().create(options.body);
    const res = await t
      .api('post', '/auth/passkeys/registration/verify', org.manager.token)
      .send({ credential: response });
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    world.ids.passkeyId = res.body.id as string;
  });
  await optional(w, `${side} import job`, async () => {
    const loginId = `i${side}${randomBytes(4).toString('hex')}1`.slice(0, 12);
    const csv = `ログインID,姓,名,姓(カナ),名(カナ),メールアドレス\r\n${loginId},取込,太郎,トリコミ,タロウ,import@example.jp\r\n`;
    const res = await t
      .api('post', `/organizations/${org.orgId}/users/import`, org.manager.token)
      .field('confirmationPassword', DEFAULT_CONFIRMATION)
      .attach('file', Buffer.from(csv, 'utf8'), 'users.csv');
    if (res.status !== 202) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    world.ids.jobId = res.body.jobId as string;
    await waitForJob(t, `/organizations/${org.orgId}/users/import/${world.ids.jobId}`, org.manager.token);
  });
  return world;
}

/** Polls a job view (`{state}`) until it is final. */
export async function waitForJob(
  t: TestApp,
  path: string,
  token: string,
  timeoutMs = 60_000,
): Promise<unknown> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await t.api('get', path, token);
    const state = (res.body as { state?: string }).state;
    if (res.status !== 200 || !state || ['succeeded', 'failed', 'done', 'cancelled'].includes(state))
      return res.body;
    if (Date.now() > until) throw new Error(`job at ${path} still ${state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function buildProofWorld(t: TestApp): Promise<ProofWorld> {
  const skipped: string[] = [];
  const token = await operatorToken(t, true);
  // A standard fee table in effect from today: approval requests price their fee with it (SPEC §6).
  await optional({ skipped }, 'standard fee version', async () => {
    const res = await t.api('post', '/fees/standard', token).send({
      effectiveFrom: businessDate(t.clock.now(), t.config.timeZone),
      rows: STANDARD_ROWS,
    });
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  });
  const A = await buildOrg(t, 'A', skipped);
  const B = await buildOrg(t, 'B', skipped);
  // A registration officer (登録担当者) of each organization, registered by the operator (SPEC §7).
  for (const org of [A, B]) {
    await optional({ skipped }, 'registration officer', async () => {
      const res = await t
        .api('post', '/registration-officers', token)
        .send({ organizationId: org.orgId, userId: org.targets[4].id, nameRomaji: 'Proof Officer' });
      if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    });
  }
  // An audit-stream destination of each organization and one of the system, so their routes have real ids.
  for (const org of [A, B]) {
    await optional({ skipped }, 'audit stream destination', async () => {
      const res = await t.api('post', `/organizations/${org.orgId}/audit/streams`, org.manager.token).send({
        name: `proof ${org.orgId.slice(-4)}`,
        kind: 'webhook',
        url: 'http://127.0.0.1:9/hook',
        confirmationPassword: DEFAULT_CONFIRMATION,
      });
      if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
      org.ids.streamId = (res.body as { destination: { id: string } }).destination.id;
    });
  }
  // A SCIM token of each organization, so the token routes have real ids.
  for (const org of [A, B]) {
    await optional({ skipped }, 'SCIM token', async () => {
      const res = await t
        .api('post', `/organizations/${org.orgId}/scim-tokens`, org.manager.token)
        .send({ clientName: `proof ${org.orgId.slice(-4)}`, confirmationPassword: DEFAULT_CONFIRMATION });
      if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
      org.ids.tokenId = (res.body as { id: string }).id;
    });
  }
  await optional({ skipped }, 'system audit stream destination', async () => {
    await t
      .api('put', '/auth/confirmation-password', token)
      .send({ password: OPERATOR.password, confirmationPassword: DEFAULT_CONFIRMATION });
    const res = await t.api('post', '/system/audit/streams', token).send({
      name: 'proof system',
      kind: 'webhook',
      url: 'http://127.0.0.1:9/hook',
      confirmationPassword: DEFAULT_CONFIRMATION,
    });
    if (res.status !== 201) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  });
  const [op]: { id: string }[] = await t.dataSource.query('SELECT id FROM users WHERE login_id = ?', [
    OPERATOR.loginId,
  ]);
  const world: ProofWorld = {
    t,
    A,
    B,
    operator: { id: op.id, token },
    enums: { kind: 'payee-borne-transfer' },
    skipped,
    csrFor: async (domain) =>
      (await makeCsr({ dnsNames: [`www.${domain}`], subject: `CN=www.${domain}` })).pem,
  };
  return world;
}

/** A fresh account outside any organization, for routes that act on the caller themself (logout, password…). */
export async function sacrificialAccount(t: TestApp): Promise<OrgMember> {
  return createSignedInAccount(t);
}

/** Signs `member` in again (after a request that ended their session). */
export async function relogin(t: TestApp, member: OrgMember): Promise<void> {
  member.token = await loginAs(t, member.loginId, member.password ?? DEFAULT_PASSWORD);
}

function singular(segment: string): string {
  return segment.replace(/-/g, '_').replace(/ies$/, 'y').replace(/s$/, '');
}

/** The first `id` found in a list answer: `[{id}]`, `{items: [{id}]}`, `{members: [{id}]}`… */
function firstId(body: unknown): string | undefined {
  if (Array.isArray(body)) {
    const hit = body.find(
      (x) => x && typeof x === 'object' && typeof (x as { id?: unknown }).id === 'string',
    );
    return hit ? (hit as { id: string }).id : undefined;
  }
  if (body && typeof body === 'object') {
    for (const value of Object.values(body)) {
      const id = Array.isArray(value) ? firstId(value) : undefined;
      if (id) return id;
    }
  }
  return undefined;
}

export interface ResolvedParam {
  value: string;
  /** `secret`: a bearer secret in the path (an enrolment link's token), which no list reveals by design. */
  via: 'world' | 'enum' | 'api' | 'database' | 'secret' | 'unresolved';
}

/**
 * A real value for one path parameter of `route`, owned by organization `side` (or system-wide for routes outside
 * organizations). `other` holds the values already chosen for earlier parameters of the same path.
 */
export async function resolvePathParam(
  world: ProofWorld,
  route: CatalogRoute,
  param: string,
  side: Side,
  other: Record<string, string>,
): Promise<ResolvedParam> {
  const { t } = world;
  const org = world[side];
  if (param === 'orgId') return { value: org.orgId, via: 'world' };
  if (route.pathEnums[param]?.length) return { value: String(route.pathEnums[param][0]), via: 'enum' };
  if (world.enums[param]) return { value: world.enums[param], via: 'enum' };
  if (/token|pin|secret/i.test(param)) return { value: randomBytes(32).toString('base64url'), via: 'secret' };
  const inOrg = route.path.includes(':orgId');
  const before = route.path.slice(0, route.path.indexOf(`:${param}`)).replace(/\/$/, '');
  const segment = before.split('/').pop() ?? '';
  // Ids built with the world: by `segment:param` (a bare `:id` says nothing by itself), else by parameter name.
  const known = org.ids[`${segment}:${param}`] ?? (param !== 'id' ? org.ids[param] : undefined);
  if (inOrg && known) return { value: known, via: 'world' };
  // Ask the API: the list one level up, as whoever may read it.
  const listPath = before.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => other[name] ?? `:${name}`);
  if (!listPath.includes(':')) {
    // The caller's own resources (`/auth/passkeys`) are listed by the side's manager, the system's by the operator.
    const own = before.startsWith('/api/v1/auth/');
    const token = inOrg || own ? org.manager.token : world.operator.token;
    const res = await t.http.get(listPath).set('Authorization', `Bearer ${token}`);
    const id = res.status === 200 ? firstId(res.body) : undefined;
    if (id) return { value: id, via: 'api' };
  }
  // Ask the database: a table with organization_id named like the segment before the parameter.
  if (inOrg && segment) {
    const stem = singular(segment);
    const tables: { name: string }[] = await t.dataSource.query(
      testIsMysql(world)
        ? "SELECT c.table_name AS name FROM information_schema.columns c WHERE c.table_schema = DATABASE() AND c.column_name = 'organization_id' AND c.table_name LIKE ? ORDER BY LENGTH(c.table_name)"
        : "SELECT m.name AS name FROM sqlite_master m WHERE m.type = 'table' AND m.name LIKE ? AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) p WHERE p.name = 'organization_id') ORDER BY LENGTH(m.name)",
      [`%${stem}%`],
    );
    for (const { name } of tables) {
      const rows: { id: string }[] = await t.dataSource
        .query(`SELECT id FROM ${name} WHERE organization_id = ? LIMIT 1`, [org.orgId])
        .catch(() => []);
      if (rows.length) return { value: rows[0].id, via: 'database' };
    }
  }
  return { value: randomUUID(), via: 'unresolved' };
}

function testIsMysql(world: ProofWorld): boolean {
  return world.t.dataSource.options.type === 'mysql' || world.t.dataSource.options.type === 'mariadb';
}

/** The token a sweep uses for `route` in organization `side`: operator, the org's manager, or none. */
export function actorFor(world: ProofWorld, route: CatalogRoute, side: Side = 'A'): string | undefined {
  const kind = route.rule?.kind;
  if (kind === 'public') return undefined;
  if (kind === 'operator') return world.operator.token;
  return route.path.includes(':orgId') ? world[side].manager.token : undefined;
}

export { DEFAULT_CONFIRMATION, DEFAULT_PASSWORD, Permission };
