import { randomBytes } from 'node:crypto';
import { businessDate } from '@kanri/common/clock/business-date';
import type request from 'supertest';
import { ALL_PERMISSIONS, type Permission } from '@kanri/access/permission';
import { DEFAULT_CONFIRMATION, DEFAULT_PASSWORD } from '../support/factories';
import { addMember, createGroup, createOrg, grantPermissions, operatorToken } from '../support/org-factories';
import { createTestApp, type TestApp } from '../support/test-app';
import { testDatabaseKind } from '../support/test-database';
import { brokenAuditChains } from './support/audit-chains';
import { specErrorShapeProblem } from './support/error-shape';
import {
  atLeastOneManager,
  committedChangesAudited,
  dailySumsWithinLimits,
  attributeRowsInStep,
  type InvariantResult,
  memberCountersExact,
  requestStatesConsistent,
} from './support/invariants';
import { fireAllJobs, recordJobRuns, type RunRecord } from './support/jobs';
import { installMembershipLog, removeMembershipLog, replayMembershipLog } from './support/membership-log';
import { Prng } from './support/prng';
import { STANDARD_ROWS } from './support/proof-world';
import { say, writeReport } from './support/report';

/**
 * Issue #10, invariant soak. A seeded script of concurrent promotions, demotions (also two managers demoting each
 * other at once), parallel promotions racing for the last place under the cap, joins, moves, removals, deletions,
 * disables, group changes (with and without new tags), usage stop dates, approval requests racing for the last yen of daily limits, approvals, rejections and
 * withdrawals — WORKERS workers over HTTP for SECONDS seconds. For the last quarter the business day moves on and
 * every scheduled job fires (usage-stop deletion and request expiry among them) while the traffic goes on.
 *
 * Afterwards every invariant of the spec is checked in SQL: managers ≤ cap at every commit (a trigger log replayed
 * in commit order, membership-log.ts) and over the cap at the end only by shrinkage; ≥ 1 manager where members
 * exist; daily sums ≤ limits and the usage rows equal to the requests; request states consistent; every committed
 * change (a 2xx) has its operation-history row; every hash chain verifies; every organization's member counter
 * equals COUNT(*) of its members. And no answer was a 5xx.
 *
 * PROOF_SEED, PROOF_SOAK_SECONDS (default 75) and PROOF_SOAK_WORKERS (default 12) tune it; the seed is printed.
 */

const SEED = Number(process.env.PROOF_SEED ?? 20261122);
const SECONDS = Number(process.env.PROOF_SOAK_SECONDS ?? 75);
const WORKERS = Number(process.env.PROOF_SOAK_WORKERS ?? 12);
const ORGS = 4;
const BUSINESSES = ['transfer', 'bulk_transfer', 'payroll', 'account_debit'] as const;
/** Tags of created members: shared lists, so the tag-list counters see members come, move away and go. */
const TAG_LISTS = [['在宅'], ['営業', '在宅'], ['開発'], []] as const;
const MODES = ['none', 'single', 'double_unordered', 'double_ordered'] as const;

type Mode = (typeof MODES)[number];

interface SoakOrg {
  orgId: string;
  code: string;
  accountId: string;
  /** Two groups, which members are moved into and out of (regroup). */
  groupIds: string[];
  modes: Record<(typeof BUSINESSES)[number], Mode>;
  requesters: string[];
  approvers: string[];
  /** The creator, requesters and approvers: kept in the organization so approvals go on all the time. */
  keep: Set<string>;
}

const OPS = {
  promote: 12,
  promoteRace: 3,
  demote: 8,
  demoteEachOther: 3,
  join: 9,
  move: 7,
  removeMember: 4,
  deleteUser: 4,
  stopDate: 6,
  bulk: 4,
  regroup: 5,
  createUser: 3,
  createAccount: 4,
  request: 16,
  requestRace: 3,
  approve: 10,
  reject: 3,
  withdraw: 3,
} as const;
type Op = keyof typeof OPS;

describe('invariant soak: concurrent changes for a bounded time, then every invariant in SQL', () => {
  let t: TestApp;
  const orgs: SoakOrg[] = [];
  const loginIds = new Map<string, string>();
  const withConfirmation = new Set<string>();
  const tokens = new Map<string, string>();
  const committed: string[] = [];
  const failures: string[] = [];
  /** The server's own error lines (the exception filter logs each unexpected error with the request id). */
  const serverErrors: string[] = [];
  const tally: Record<string, Record<string, number>> = {};
  const jobRuns: RunRecord[] = [];
  let operatorId = '';

  beforeAll(async () => {
    t = await createTestApp();
    const keep = (...args: unknown[]) => void serverErrors.push(args.map(String).join(' '));
    t.app.useLogger({
      log: () => {},
      warn: () => {},
      debug: () => {},
      verbose: () => {},
      error: keep,
      fatal: keep,
    });
    if (testDatabaseKind === 'mysql') await installMembershipLog(t.dataSource);
    const op = await operatorToken(t, true);
    const [opRow]: { id: string }[] = await t.dataSource.query(
      'SELECT id FROM users WHERE is_system_operator = 1',
    );
    operatorId = opRow.id;
    const std = await t
      .api('post', '/fees/standard', op)
      .send({ effectiveFrom: today(), rows: STANDARD_ROWS });
    if (std.status !== 201) throw new Error(`standard fee: ${std.status} ${JSON.stringify(std.body)}`);
    for (let i = 0; i < ORGS; i++) orgs.push(await buildOrg(i));
    for (let i = 0; i < 12; i++) await createFreeAccount();
  });
  afterAll(async () => {
    if (t && testDatabaseKind === 'mysql') await removeMembershipLog(t.dataSource).catch(() => undefined);
    await t?.close();
  });

  const today = () => businessDate(t.clock.now(), t.config.timeZone);

  async function buildOrg(i: number): Promise<SoakOrg> {
    const org = await createOrg(t, { name: `耐久組織${i}`, nameKana: 'タイキュウソシキ' });
    loginIds.set(org.manager.id, org.manager.loginId);
    withConfirmation.add(org.manager.id);
    tokens.set(org.manager.id, org.manager.token);
    const modes = Object.fromEntries(
      BUSINESSES.map((b, j) => [b, b === 'transfer' ? MODES[i % 4] : MODES[1 + ((i + j) % 3)]]),
    ) as SoakOrg['modes'];
    const dailyLimits = { bulk_transfer: 900_000, payroll: 700_000, bonus: 500_000, account_debit: 600_000 };
    const patch = await t
      .api('patch', `/organizations/${org.orgId}`, org.manager.token)
      .send({ confirmationPassword: DEFAULT_CONFIRMATION, approvalModes: modes, dailyLimits });
    if (patch.status !== 200)
      throw new Error(`company settings: ${patch.status} ${JSON.stringify(patch.body)}`);
    const account = await t.api('post', `/organizations/${org.orgId}/accounts`, org.manager.token).send({
      confirmationPassword: DEFAULT_CONFIRMATION,
      branchCode: '081',
      branchName: '本店',
      accountType: 'ordinary',
      accountNumber: String(2_000_000 + i),
      accountName: 'カ）タイキュウ',
      dailyLimits: { transferTotal: 800_000, adHocPayee: 500_000, registeredPayee: 600_000 },
    });
    if (account.status !== 201) throw new Error(`account: ${account.status} ${JSON.stringify(account.body)}`);
    const members = [];
    for (let k = 0; k < 9; k++) {
      const m = await addMember(t, org.orgId);
      loginIds.set(m.id, m.loginId);
      withConfirmation.add(m.id);
      tokens.set(m.id, m.token);
      members.push(m);
      const tagged = await t
        .api('patch', `/organizations/${org.orgId}/users/${m.id}`, org.manager.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION, attributes: TAG_LISTS[k % TAG_LISTS.length] });
      if (tagged.status !== 200) throw new Error(`tags: ${tagged.status} ${JSON.stringify(tagged.body)}`);
    }
    const requesters = members.slice(0, 2).map((m) => m.id);
    const approvers = members.slice(2, 4).map((m) => m.id);
    for (const id of requesters) {
      await grantPermissions(
        t,
        org,
        id,
        ALL_PERMISSIONS.filter((p) => p.startsWith('approvals.request.')) as Permission[],
      );
      const usable = await t
        .api('put', `/organizations/${org.orgId}/users/${id}/usable-accounts`, org.manager.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION, accountIds: [account.body.id] });
      if (usable.status !== 200)
        throw new Error(`usable accounts: ${usable.status} ${JSON.stringify(usable.body)}`);
    }
    for (const id of approvers)
      await grantPermissions(
        t,
        org,
        id,
        ALL_PERMISSIONS.filter((p) => p.startsWith('approvals.approve.')) as Permission[],
      );
    return {
      orgId: org.orgId,
      code: org.code,
      accountId: account.body.id as string,
      groupIds: [await createGroup(t, org, 'S1'), await createGroup(t, org, 'S2')],
      modes,
      requesters,
      approvers,
      keep: new Set([org.manager.id, ...requesters, ...approvers]),
    };
  }

  async function createFreeAccount(): Promise<void> {
    const loginId = `k${randomBytes(5).toString('hex')}`.slice(0, 10) + '7';
    const res = await api('createAccount', 'operator', 'post', '/users', {
      loginId,
      password: DEFAULT_PASSWORD,
      confirmationPassword: DEFAULT_CONFIRMATION,
      familyName: '耐久',
      givenName: '太郎',
      familyNameKana: 'タイキュウ',
      givenNameKana: 'タロウ',
      email: 'soak@example.jp',
    });
    if (res && res.status === 201) {
      loginIds.set(res.body.id as string, loginId);
      withConfirmation.add(res.body.id as string);
    }
  }

  /** A token for a user: cached, signed in again when the session ended; null when they can no longer sign in. */
  async function tokenOf(userId: string): Promise<string | null> {
    if (userId === 'operator') return operatorToken(t);
    const cached = tokens.get(userId);
    if (cached) return cached;
    const loginId = loginIds.get(userId);
    if (!loginId) return null;
    const res = await t.api('post', '/auth/login').send({ loginId, password: DEFAULT_PASSWORD });
    note('login', res);
    if (res.status !== 200 || !res.body.accessToken) return null;
    tokens.set(userId, res.body.accessToken as string);
    return res.body.accessToken as string;
  }

  /** What the server logged for a request id (a 5xx body says nothing on purpose: its log line explains it). */
  function serverLog(requestId: string | undefined): string {
    const logged = requestId ? serverErrors.filter((line) => line.includes(requestId)) : [];
    return logged.length ? ` server: ${logged.join(' | ').slice(0, 2000)}` : '';
  }

  function note(op: string, res: request.Response) {
    const bucket = (tally[op] ??= {});
    const code = (res.body as { code?: string } | undefined)?.code;
    const key = res.status >= 400 && code ? `${res.status} ${code}` : String(res.status);
    bucket[key] = (bucket[key] ?? 0) + 1;
    if (res.status >= 500) {
      const requestId = res.headers['x-request-id'] as string | undefined;
      failures.push(`${op}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}${serverLog(requestId)}`);
    } else if (res.status >= 400) {
      const problem = specErrorShapeProblem(res.status, res.body);
      if (problem) failures.push(`${op}: ${res.status} error body ${problem}`);
    }
  }

  /** One API call as `userId` (or the operator): re-signs in once on 401, records the answer. */
  async function api(
    op: Op,
    userId: string,
    method: 'get' | 'post' | 'put' | 'patch' | 'delete',
    path: string,
    body?: object,
  ) {
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = await tokenOf(userId);
      if (!token) return null;
      const req = t.api(method, path, token);
      const res = body ? await req.send(body) : await req;
      if (res.status === 401 && attempt === 0) {
        if (userId === 'operator') await operatorToken(t, true);
        else tokens.delete(userId);
        continue;
      }
      note(op, res);
      if (res.status >= 200 && res.status < 300 && method !== 'get')
        committed.push(String(res.headers['x-request-id']));
      return res;
    }
    return null;
  }

  async function membersOf(orgId: string) {
    const rows: { id: string; is_manager: number | string }[] = await t.dataSource.query(
      'SELECT id, is_manager FROM users WHERE organization_id = ?',
      [orgId],
    );
    return rows.map((r) => ({ id: r.id, manager: Number(r.is_manager) === 1 }));
  }

  async function step(rng: Prng): Promise<void> {
    const org = rng.pick(orgs)!;
    const members = await membersOf(org.orgId);
    const managers = members.filter((m) => m.manager).map((m) => m.id);
    const others = members.filter((m) => !m.manager).map((m) => m.id);
    const confirmingManager = rng.pick(managers.filter((id) => withConfirmation.has(id)));
    const target = rng.pick(members.filter((m) => !org.keep.has(m.id)).map((m) => m.id));
    const base = `/organizations/${org.orgId}`;
    const op = rng.weighted(OPS);
    const confirm = { confirmationPassword: DEFAULT_CONFIRMATION };
    switch (op) {
      case 'promote': {
        const add = rng.pick(others);
        const actor = rng.pick(managers);
        if (add && actor)
          await api(op, actor, 'put', `${base}/managers`, { managerUserIds: [...managers, add] });
        return;
      }
      case 'promoteRace': {
        const actor = rng.pick(managers);
        if (!actor) return;
        await Promise.all(
          others
            .slice(0, 5)
            .map((add) => api(op, actor, 'put', `${base}/managers`, { managerUserIds: [...managers, add] })),
        );
        return;
      }
      case 'demote': {
        const drop = rng.pick(managers);
        const actor = rng.pick(managers);
        if (drop && actor)
          await api(op, actor, 'put', `${base}/managers`, {
            managerUserIds: managers.filter((id) => id !== drop),
          });
        return;
      }
      case 'demoteEachOther': {
        if (managers.length < 2) return;
        const [m1, m2] = managers;
        await Promise.all([
          api(op, m1, 'put', `${base}/managers`, { managerUserIds: managers.filter((id) => id !== m2) }),
          api(op, m2, 'put', `${base}/managers`, { managerUserIds: managers.filter((id) => id !== m1) }),
        ]);
        return;
      }
      case 'join': {
        const free: { id: string }[] = await t.dataSource.query(
          'SELECT id FROM users WHERE organization_id IS NULL AND is_system_operator = 0',
        );
        const who = rng.pick(free.map((f) => f.id).filter((id) => loginIds.has(id)));
        if (who) await api(op, who, 'put', '/me/organization', { code: org.code });
        else await createFreeAccount();
        return;
      }
      case 'move': {
        const to = rng.pick(orgs.filter((o) => o !== org))!;
        const who = rng.pick(members.filter((m) => !org.keep.has(m.id)).map((m) => m.id));
        if (who) await api(op, who, 'put', '/me/organization', { code: to.code });
        return;
      }
      case 'removeMember': {
        const actor = rng.pick(managers);
        if (actor && target && target !== actor) await api(op, actor, 'delete', `${base}/members/${target}`);
        return;
      }
      case 'deleteUser': {
        if (confirmingManager && target && target !== confirmingManager)
          await api(op, confirmingManager, 'delete', `${base}/users/${target}`, confirm);
        return;
      }
      case 'stopDate': {
        const actor = rng.pick(managers);
        const who = rng.pick(members.filter((m) => !org.keep.has(m.id) || m.manager).map((m) => m.id));
        const date = rng.pick([today(), today(), null]);
        if (actor && who) await api(op, actor, 'put', `${base}/users/${who}/usage-stop-date`, { date });
        return;
      }
      case 'bulk': {
        const ids = members.filter((m) => !org.keep.has(m.id) && m.id !== confirmingManager).map((m) => m.id);
        const chosen = [rng.pick(ids), rng.pick(ids)].filter((x): x is string => !!x);
        const action = rng.pick(['disable', 'enable', 'disable', 'delete'])!;
        if (confirmingManager && chosen.length)
          await api(op, confirmingManager, 'post', `${base}/users/bulk`, {
            ...confirm,
            action,
            userIds: [...new Set(chosen)],
          });
        return;
      }
      case 'regroup': {
        // A member's group changes (sometimes with new tags) while bulk actions disable and enable: the attribute
        // rows' copies of group and flag have to follow every one (attributeRowsInStep).
        const groupId = rng.pick([...org.groupIds, null]) ?? null;
        const tags = rng.pick([null, null, ...TAG_LISTS]);
        if (confirmingManager && target)
          await api(op, confirmingManager, 'patch', `${base}/users/${target}`, {
            ...confirm,
            groupId,
            ...(tags ? { attributes: tags } : {}),
          });
        return;
      }
      case 'createUser': {
        if (!confirmingManager) return;
        const loginId = `n${randomBytes(5).toString('hex')}`.slice(0, 10) + '3';
        const res = await api(op, confirmingManager, 'post', `${base}/users`, {
          ...confirm,
          loginId,
          password: DEFAULT_PASSWORD,
          familyName: '新規',
          givenName: '花子',
          familyNameKana: 'シンキ',
          givenNameKana: 'ハナコ',
          email: 'new@example.jp',
          attributes: rng.pick([...TAG_LISTS]),
        });
        if (res?.status === 201) loginIds.set(res.body.id as string, loginId);
        return;
      }
      case 'createAccount':
        await createFreeAccount();
        return;
      case 'request':
      case 'requestRace': {
        const requester = rng.pick(org.requesters)!;
        const n = op === 'requestRace' ? 6 : 1;
        const business = rng.pick(BUSINESSES)!;
        const amount = 20_000 + rng.int(180_000);
        const mode = org.modes[business];
        const approverIds =
          mode === 'none' ? [] : mode === 'single' ? [org.approvers[0]] : [...org.approvers];
        const body = {
          businessType: business,
          ...(business === 'payroll' ? { payrollKind: rng.pick(['salary', 'bonus']) } : {}),
          accountId: org.accountId,
          amount,
          payee: {
            name: 'タイキュウ ジロウ',
            pattern: rng.pick(['same_branch', 'other_branch', 'other_bank']),
            kind: rng.pick(['ad_hoc', 'registered']),
          },
          executionDate: rng.pick([
            today(),
            today(),
            businessDate(new Date(t.clock.now().getTime() + 86_400_000), t.config.timeZone),
          ]),
          approverIds,
        };
        await Promise.all(
          Array.from({ length: n }, () => api(op, requester, 'post', `${base}/requests`, body)),
        );
        return;
      }
      case 'approve':
      case 'reject': {
        const waiting: { id: string; approver_id: string }[] = await t.dataSource.query(
          `SELECT r.id, a.approver_id FROM approval_requests r JOIN approval_request_approvers a ON a.request_id = r.id
            WHERE r.organization_id = ? AND r.status = 'pending' AND a.approved_at IS NULL`,
          [org.orgId],
        );
        const pick = rng.pick(waiting);
        if (!pick) return;
        if (op === 'approve')
          await api(op, pick.approver_id, 'post', `${base}/requests/${pick.id}/approve`, confirm);
        else
          await api(op, pick.approver_id, 'post', `${base}/requests/${pick.id}/reject`, {
            reason: '耐久試験',
          });
        return;
      }
      case 'withdraw': {
        const mine: { id: string; requester_id: string }[] = await t.dataSource.query(
          "SELECT id, requester_id FROM approval_requests WHERE organization_id = ? AND status = 'pending'",
          [org.orgId],
        );
        const pick = rng.pick(mine);
        if (pick) await api(op, pick.requester_id, 'post', `${base}/requests/${pick.id}/withdraw`, {});
        return;
      }
    }
  }

  it('holds every invariant of the spec, checked in SQL afterwards, with no 5xx', async () => {
    const started = Date.now();
    const end = started + SECONDS * 1000;
    const dayChange = started + SECONDS * 750;
    let movedOn = false;
    const stopRecording = recordJobRuns(t.app, 'soak', jobRuns);
    const jobErrors: string[] = [];
    const worker = async (index: number) => {
      const rng = new Prng(SEED + index);
      while (Date.now() < end) {
        await step(rng).catch((e: Error) =>
          failures.push(
            `worker ${index}: ${e.message}${serverLog(/request id ([\w-]+)/.exec(e.message)?.[1])}`,
          ),
        );
        if (!movedOn && Date.now() >= dayChange && index === 0) {
          // The last quarter: the business day moves on and every scheduled job fires amid the traffic.
          movedOn = true;
          t.clock.advanceDays(1);
          const fired = await fireAllJobs(t.app);
          for (const f of fired) if (f.error) jobErrors.push(`${f.job}: ${f.error}`);
        }
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, (_, i) => worker(i)));
    stopRecording();
    const seconds = (Date.now() - started) / 1000;

    const invariants: InvariantResult[] = [
      await atLeastOneManager(t.dataSource),
      await dailySumsWithinLimits(t.dataSource),
      await requestStatesConsistent(t.dataSource),
      await committedChangesAudited(t.dataSource, committed),
      await memberCountersExact(t.dataSource),
      await attributeRowsInStep(t.dataSource),
    ];
    const replay = testDatabaseKind === 'mysql' ? await replayMembershipLog(t.dataSource) : null;
    const chains = await brokenAuditChains(t);
    const requestsByStatus: { status: string; n: number | string }[] = await t.dataSource.query(
      'SELECT status, COUNT(*) AS n FROM approval_requests GROUP BY status',
    );
    const signIns: { action: string; screen: string | null; n: number | string }[] = await t.dataSource.query(
      'SELECT action, screen, COUNT(*) AS n FROM login_history GROUP BY action, screen ORDER BY action',
    );
    const totalCalls = Object.values(tally).reduce(
      (s, b) => s + Object.values(b).reduce((x, y) => x + y, 0),
      0,
    );
    const file = writeReport('invariant-soak', {
      seed: SEED,
      seconds,
      workers: WORKERS,
      tally,
      invariants,
      replay,
      chains,
      jobRuns,
      jobErrors,
      failures,
    });
    say([
      `invariant soak: seed ${SEED}, ${WORKERS} workers, ${seconds.toFixed(0)} s, ${totalCalls} API calls (${(totalCalls / seconds).toFixed(0)}/s), ${committed.length} committed changes; details in ${file}`,
      ...Object.entries(tally).map(
        ([op, b]) =>
          `  ${op.padEnd(16)} ${Object.entries(b)
            .map(([s, n]) => `${s}×${n}`)
            .join(' ')}`,
      ),
      `  sign-in history: ${signIns.map((r) => `${r.action}${r.screen ? `[${r.screen}]` : ''} ${r.n}`).join(', ')}`,
      `  approval requests by status: ${requestsByStatus.map((r) => `${r.status} ${r.n}`).join(', ')}`,
      `  scheduled jobs fired after the day changed: ${[...new Set(jobRuns.map((r) => `${r.name} ${r.outcome}`))].join(', ') || 'none'}${jobErrors.length ? `; errors: ${jobErrors.join('; ')}` : ''}`,
      ...invariants.map(
        (i) =>
          `  ${i.violations.length ? '✗' : '✓'} ${i.name}: ${i.skipped ? `skipped (${i.skipped})` : `${i.examined} examined, ${i.violations.length} violations`}`,
      ),
      replay
        ? `  ${replay.capViolations.length + replay.noManagerViolations.length + replay.divergence.length ? '✗' : '✓'} managers ≤ cap at every commit, ≥ 1 manager after every transaction: ${replay.changes} membership changes in ${replay.transactions} transactions replayed; over the cap at the end: ${replay.overCapAtEnd.map((o) => `${o.managers}/${o.cap} of ${o.members}${o.byShrinkage ? ' by shrinkage' : ' NOT by shrinkage'}`).join(', ') || 'none'}`
        : '  (membership replay needs MariaDB)',
      `  ${chains.broken.length ? '✗' : '✓'} hash chains: ${chains.chains} verified`,
      ...failures.slice(0, 30).map((f) => `  ✗ ${f}`),
    ]);
    expect(failures).toEqual([]);
    for (const i of invariants) expect({ [i.name]: i.violations }).toEqual({ [i.name]: [] });
    expect(invariants.find((i) => i.name.startsWith('every committed'))!.examined).toBeGreaterThan(100);
    if (replay) {
      expect(replay.capViolations).toEqual([]);
      expect(replay.noManagerViolations).toEqual([]);
      expect(replay.divergence).toEqual([]);
      expect(replay.overCapAtEnd.filter((o) => !o.byShrinkage)).toEqual([]);
    }
    expect(chains.broken).toEqual([]);
    expect(jobErrors).toEqual([]);
    expect(operatorId).not.toBe('');
  });
});
