import { Body, Controller, Get, Module, Post, Req } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { Request } from 'express';
import type { DataSource, EntityManager } from 'typeorm';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { requestIdOf } from '@kanri/common/http/request-id.middleware';
import { JobRun } from '@kanri/common/jobs/job-run.entity';
import { AuditContextStore } from '../src/audit/audit-context';
import { AuditRecorder } from '../src/audit/audit-recorder.service';
import { Screen } from '@kanri/access/screen.decorator';
import { Authenticated } from '@kanri/access/access-rule';
import { DEFAULT_CONFIRMATION, loginAsOperator } from './support/factories';
import { addMember, createOrg, grantPermissions, type CreatedOrg } from './support/org-factories';
import { listRoutes } from './support/routes';
import { createTestApp, type TestApp } from './support/test-app';
import { Permission } from '@kanri/access/permission';

class ProbeDto {
  @IsString()
  @MaxLength(20)
  slot!: string;

  @IsOptional()
  @IsString()
  password?: string;
}

/**
 * Test-only routes that change data the way a feature does (through TransactionService.run), so the atomicity of
 * a change and its operation-history row can be observed from inside the request.
 */
@Controller('audit-probe')
class AuditProbeController {
  constructor(
    private readonly tx: TransactionService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly contexts: AuditContextStore,
  ) {}

  private insert(slot: string) {
    return (em: EntityManager) =>
      em.insert(JobRun, {
        name: 'audit-probe',
        slot,
        holder: 'probe',
        state: 'done',
        leaseUntil: new Date(),
        startedAt: new Date(),
        finishedAt: null,
      });
  }

  /** Commits one change, then reports whether its audit row was already committed with it. */
  @Post('write')
  @Authenticated()
  @Screen('監査プローブ', 'register')
  async write(@Body() dto: ProbeDto, @Req() req: Request) {
    await this.tx.run(this.insert(dto.slot));
    const rows: unknown[] = await this.dataSource.query(
      'SELECT id FROM operation_history WHERE request_id = ?',
      [requestIdOf(req)],
    );
    return { auditRowsVisibleAfterCommit: rows.length };
  }

  /** Changes data and fails inside the same transaction: both must roll back. */
  @Post('write-then-fail')
  @Authenticated()
  @Screen('監査プローブ', 'register')
  async writeThenFail(@Body() dto: ProbeDto) {
    await this.tx.run(async (em) => {
      await this.insert(dto.slot)(em);
      throw AppError.conflict('the probe refuses after writing');
    });
  }

  /** Answers at once and leaves a change running in the background (as a 202 job would). */
  @Post('background')
  @Authenticated()
  @Screen('監査プローブ', 'register')
  background(@Body() dto: ProbeDto) {
    const later = new Promise((resolve) => setTimeout(resolve, 50)).then(() =>
      this.tx.run(this.insert(dto.slot)),
    );
    AuditProbeController.pending.push(later);
    return { accepted: true };
  }

  static pending: Promise<unknown>[] = [];

  /** Whether the request runs inside an audit context in AsyncLocalStorage. */
  @Get('context')
  @Authenticated()
  @Screen('監査プローブ')
  readContext() {
    return { inStorage: this.contexts.current() !== undefined, held: this.contexts.isHeld() };
  }

  @Post('context')
  @Authenticated()
  @Screen('監査プローブ', 'update')
  writeContext() {
    return { inStorage: this.contexts.current() !== undefined, held: this.contexts.isHeld() };
  }

  /** Commits a change, then fails in a later step. */
  @Post('commit-then-fail')
  @Authenticated()
  @Screen('監査プローブ', 'register')
  async commitThenFail(@Body() dto: ProbeDto) {
    await this.tx.run(this.insert(dto.slot));
    throw AppError.conflict('the probe fails after its change committed');
  }
}

@Module({ controllers: [AuditProbeController] })
class AuditProbeModule {}

interface OperationRow {
  id: string;
  chain: string;
  seq: number;
  organization_id: string | null;
  operation: string;
  screen: string;
  http_method: string;
  route: string;
  operator_user_id: string | null;
  operator_login_id: string | null;
  department: string | null;
  duration_ms: number;
  ip: string | null;
  user_agent: string | null;
  outcome: string;
  status_code: number | null;
  error_code: string | null;
  request_id: string | null;
  details: string | null;
}

const PLACEHOLDER = '00000000-0000-7000-8000-000000000000';

// Whole-app tests on a shared two-core machine: allow more than Jest's default 5 s per test and hook.
jest.setTimeout(60_000);

/**
 * SPEC §9 "an interceptor records every API call that reads or changes data ... failed and refused operations are
 * recorded too", and §0 "its audit record is written in the same transaction as the change".
 */
describe('Operation history recording', () => {
  let t: TestApp;
  let org: CreatedOrg;
  beforeAll(async () => {
    t = await createTestApp({ imports: [AuditProbeModule] });
    org = await createOrg(t, { manager: { department: '総務部 部長' } });
  });
  afterAll(() => t.close());

  async function rowsFor(requestId: string): Promise<OperationRow[]> {
    await t.app.get(AuditRecorder).drain();
    return t.dataSource.query('SELECT * FROM operation_history WHERE request_id = ? ORDER BY seq', [
      requestId,
    ]);
  }

  describe('every non-public route', () => {
    const nonPublic = () =>
      listRoutes(t.app).filter((r) => r.rule?.kind !== 'public' && !r.path.includes('audit-probe'));

    it('is recorded with its screen when a guard refuses the call (no token)', async () => {
      const routes = nonPublic();
      expect(routes.length).toBeGreaterThan(10);
      const missing: string[] = [];
      for (const route of routes) {
        const path = route.path.replace(/:[A-Za-z]+/g, PLACEHOLDER);
        const res = await t.http[route.method.toLowerCase() as 'get'](path).set('User-Agent', 'route-sweep');
        const rows = await rowsFor(res.headers['x-request-id']);
        const ok =
          rows.length === 1 &&
          rows[0].screen === route.screen?.screen &&
          rows[0].route === route.path &&
          rows[0].http_method === route.method &&
          rows[0].outcome === 'refused' &&
          rows[0].status_code === 401 &&
          rows[0].error_code === 'UNAUTHENTICATED';
        if (!ok) missing.push(`${route.method} ${route.path}: ${JSON.stringify(rows)}`);
      }
      expect(missing).toEqual([]);
    });

    it('is recorded when the system operator calls it inside a real organization, whatever the outcome', async () => {
      const missing: string[] = [];
      for (const route of nonPublic()) {
        const token = await loginAsOperator(t); // fresh each time: one of the routes is logout
        const path = route.path.replace(':orgId', org.orgId).replace(/:[A-Za-z]+/g, PLACEHOLDER);
        const res = await t
          .api(route.method.toLowerCase() as 'get', path.replace('/api/v1', ''), token)
          .send({});
        const rows = await rowsFor(res.headers['x-request-id']);
        const expected = route.screen?.operation;
        const ok =
          rows.length >= 1 &&
          rows.every((r) => r.screen === route.screen?.screen && r.route === route.path) &&
          rows.some((r) => r.status_code === res.status) &&
          (expected === undefined || rows.every((r) => r.operation === expected)) &&
          rows.every((r) => r.operator_login_id === 'operator1');
        if (!ok) missing.push(`${route.method} ${route.path} → ${res.status}: ${JSON.stringify(rows)}`);
      }
      expect(missing).toEqual([]);
    });
  });

  it('records a read with the §9 fields: operation, screen, operator, organization, department, time, duration, IP, user agent, outcome, query', async () => {
    const res = await t
      .api('get', `/organizations/${org.orgId}/groups?q=x`, org.manager.token)
      .set('User-Agent', 'Kanri-Test/1.0');
    const [row] = await rowsFor(res.headers['x-request-id']);
    expect(row).toMatchObject({
      chain: org.orgId,
      organization_id: org.orgId,
      operation: 'search',
      screen: 'グループ管理',
      http_method: 'GET',
      route: '/api/v1/organizations/:orgId/groups',
      operator_user_id: org.manager.id,
      operator_login_id: org.manager.loginId,
      department: '総務部 部長',
      ip: expect.stringMatching(/127\.0\.0\.1|::1/),
      user_agent: 'Kanri-Test/1.0',
      outcome: res.status < 400 ? 'success' : 'failure',
      status_code: res.status,
    });
    expect(row.duration_ms).toBeGreaterThanOrEqual(0);
    expect(JSON.parse(row.details!)).toEqual({ query: { q: 'x' } });
  });

  it('keeps the department as it was when the operation was recorded, not as it is now', async () => {
    const first = await t.api('get', `/organizations/${org.orgId}/groups`, org.manager.token);
    // A read's row is written by the group commit within milliseconds of the call; let it land first.
    await t.app.get(AuditRecorder).drain();
    await t.dataSource.query('UPDATE users SET department = ? WHERE id = ?', ['経理部', org.manager.id]);
    const second = await t.api('get', `/organizations/${org.orgId}/groups`, org.manager.token);
    expect((await rowsFor(first.headers['x-request-id']))[0].department).toBe('総務部 部長');
    expect((await rowsFor(second.headers['x-request-id']))[0].department).toBe('経理部');
  });

  it('records a change with its fields and masks every secret (the confirmation password never appears)', async () => {
    const member = await addMember(t, org.orgId);
    const res = await t
      .api('put', `/organizations/${org.orgId}/users/${member.id}/permissions`, org.manager.token)
      .send({
        confirmationPassword: DEFAULT_CONFIRMATION,
        permissions: [{ permission: Permission.UsersExport }],
      });
    expect(res.status).toBe(200);
    const [row] = await rowsFor(res.headers['x-request-id']);
    expect(row).toMatchObject({
      operation: 'update',
      screen: '権限設定',
      outcome: 'success',
      status_code: 200,
    });
    expect(JSON.parse(row.details!)).toEqual({
      params: { userId: member.id },
      body: { confirmationPassword: '***', permissions: [{ permission: 'users.export' }] },
    });
    const everything = JSON.stringify(await t.dataSource.query('SELECT * FROM operation_history'));
    expect(everything).not.toContain(DEFAULT_CONFIRMATION);
  });

  it('records a failed call (400) with its status and error code', async () => {
    const res = await t
      .api('post', `/organizations/${org.orgId}/groups`, org.manager.token)
      .send({ code: '' });
    expect(res.status).toBe(400);
    const [row] = await rowsFor(res.headers['x-request-id']);
    expect(row).toMatchObject({ outcome: 'failure', status_code: 400, error_code: 'VALIDATION_FAILED' });
  });

  it('records refusals: no permission (403), another organization (404), wrong confirmation password (403)', async () => {
    const member = await addMember(t, org.orgId);
    const forbidden = await t.api('get', `/organizations/${org.orgId}/audit/operations`, member.token);
    expect(forbidden.status).toBe(403);
    expect((await rowsFor(forbidden.headers['x-request-id']))[0]).toMatchObject({
      outcome: 'refused',
      status_code: 403,
      error_code: 'FORBIDDEN',
      organization_id: org.orgId,
      operator_login_id: member.loginId,
      screen: '操作履歴検索・出力',
    });

    const other = await createOrg(t);
    const probing = await t.api('get', `/organizations/${other.orgId}/groups`, member.token);
    expect(probing.status).toBe(404);
    const [probe] = await rowsFor(probing.headers['x-request-id']);
    // Recorded in the caller's own organization, with the id it asked for.
    expect(probe).toMatchObject({ outcome: 'refused', status_code: 404, organization_id: org.orgId });
    expect(JSON.parse(probe.details!)).toEqual({ params: { orgId: other.orgId } });

    await grantPermissions(t, org, member.id, [Permission.UsersManage]);
    const wrong = await t
      .api('put', `/organizations/${org.orgId}/users/${member.id}/permissions`, member.token)
      .send({ confirmationPassword: 'not-the-right-one', permissions: [] });
    expect(wrong.status).toBe(403);
    const [refused] = await rowsFor(wrong.headers['x-request-id']);
    expect(refused).toMatchObject({ outcome: 'refused', status_code: 403, screen: '権限設定' });
    expect(refused.details).not.toContain('not-the-right-one');
  });

  describe('atomicity with the change (SPEC §0)', () => {
    it('commits the row in the transaction of the change: it is visible as soon as that transaction commits', async () => {
      const res = await t
        .api('post', '/audit-probe/write', org.manager.token)
        .send({ slot: 'w1', password: 'p4ss' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ auditRowsVisibleAfterCommit: 1 });
      const rows = await rowsFor(res.headers['x-request-id']);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ outcome: 'success', status_code: 201, operation: 'register' });
      expect(JSON.parse(rows[0].details!)).toEqual({ body: { slot: 'w1', password: '***' } });
    });

    it('rolls the row back with the change when the transaction fails, and records the failure instead', async () => {
      const res = await t.api('post', '/audit-probe/write-then-fail', org.manager.token).send({ slot: 'f1' });
      expect(res.status).toBe(409);
      expect(
        await t.dataSource.query("SELECT * FROM job_runs WHERE name = 'audit-probe' AND slot = 'f1'"),
      ).toEqual([]);
      const rows = await rowsFor(res.headers['x-request-id']);
      expect(rows.map((r) => [r.outcome, r.status_code, r.error_code])).toEqual([
        ['failure', 409, 'CONFLICT'],
      ]);
    });

    it('shows both a committed partial change and the failure that followed it', async () => {
      const res = await t
        .api('post', '/audit-probe/commit-then-fail', org.manager.token)
        .send({ slot: 'c1' });
      expect(res.status).toBe(409);
      expect(
        await t.dataSource.query("SELECT slot FROM job_runs WHERE name = 'audit-probe' AND slot = 'c1'"),
      ).toHaveLength(1);
      const rows = await rowsFor(res.headers['x-request-id']);
      expect(rows.map((r) => [r.outcome, r.status_code])).toEqual([
        ['success', 201],
        ['failure', 409],
      ]);
    });
  });

  it('gives a request exactly one row even when it leaves a change running after it answered', async () => {
    const res = await t.api('post', '/audit-probe/background', org.manager.token).send({ slot: 'b1' });
    expect(res.status).toBe(201);
    await Promise.all(AuditProbeController.pending);
    expect(
      await t.dataSource.query("SELECT slot FROM job_runs WHERE name = 'audit-probe' AND slot = 'b1'"),
    ).toHaveLength(1);
    const rows = await rowsFor(res.headers['x-request-id']);
    expect(rows.map((r) => [r.outcome, r.status_code])).toEqual([['success', 201]]);
  });

  it('keeps AsyncLocalStorage (which slows every await) off for reads, on for writes, and off again afterwards', async () => {
    const read = await t.api('get', '/audit-probe/context', org.manager.token);
    expect(read.body).toEqual({ inStorage: false, held: false });
    const write = await t.api('post', '/audit-probe/context', org.manager.token).send({});
    expect(write.body).toEqual({ inStorage: true, held: true });
    expect(t.app.get(AuditContextStore).isHeld()).toBe(false);
    // Both were recorded all the same.
    expect(await rowsFor(read.headers['x-request-id'])).toHaveLength(1);
    expect(await rowsFor(write.headers['x-request-id'])).toHaveLength(1);
  });

  it('records a scheduled job run as the system actor', async () => {
    const recorder = t.app.get(AuditRecorder);
    await recorder.runAsSystem(
      { name: 'probe-job', screen: '監査プローブ', operation: 'delete', details: { days: 3 } },
      async () => {
        await t.app.get(TransactionService).run((em) =>
          em.insert(JobRun, {
            name: 'audit-probe',
            slot: 'job',
            holder: 'probe',
            state: 'done',
            leaseUntil: new Date(),
            startedAt: new Date(),
            finishedAt: null,
          }),
        );
      },
    );
    const rows: OperationRow[] = await t.dataSource.query(
      "SELECT * FROM operation_history WHERE route = 'job:probe-job'",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      chain: 'system',
      operator_login_id: 'system',
      http_method: 'JOB',
      operation: 'delete',
      outcome: 'success',
      details: '{"body":{"days":3}}',
    });
  });
});
