import { businessDate } from '@kanri/common/clock/business-date';
import { Permission } from '@kanri/access/permission';
import { DEFAULT_CONFIRMATION } from '../support/factories';
import {
  addMember,
  createOrg,
  grantPermissions,
  operatorToken,
  type CreatedOrg,
  type OrgMember,
} from '../support/org-factories';
import { createTestApp, type TestApp } from '../support/test-app';
import { sameDatabase, testDatabaseKind } from '../support/test-database';
import { makeCsr } from '../support/certificate-helpers';
import { discoverJobs, fireAllJobs, recordJobRuns, type RunRecord } from './support/jobs';
import { STANDARD_ROWS } from './support/proof-world';
import { say, writeReport } from './support/report';

/**
 * Issue #10, faults: two app instances on one MariaDB database fire every scheduled job at the same moment (SPEC §0
 * "Multi-instance", §10). The jobs are found generically (providers named `…Job` with `@Cron` methods, jobs.ts) and
 * fired as their schedule would fire them, on both instances at once, after work for them has been prepared:
 * a usage stop date that has passed, a pending request whose execution date has passed, a certificate nearing
 * expiry, a standard fee table taking effect, a temporary lockout that has run out.
 *
 * Each occurrence must run exactly once (one `ran`, the other `skipped`, one `job_runs` row, `done`), every job
 * must go through the JobRunner at all, and each effect must happen once: the stopped account deleted once with
 * one audit row, the request expired once, one expiry notice per recipient, and firing everything again adds
 * nothing.
 */
const describeOnMysql = testDatabaseKind === 'mysql' ? describe : describe.skip;

describeOnMysql('two instances on one database running every scheduled job at once', () => {
  let a: TestApp;
  let b: TestApp;
  let org: CreatedOrg;
  let stopped: OrgMember;
  let requestId = '';

  beforeAll(async () => {
    // A retention period, so that the audit-retention job has its occurrence too (it keeps 10 years: nothing goes).
    const env = { AUDIT_RETENTION_DAYS: '3650' };
    a = await createTestApp({ env });
    b = await createTestApp({ env, database: sameDatabase(a.database) });
    const op = await operatorToken(a, true);
    const today = businessDate(a.clock.now(), a.config.timeZone);
    const tomorrow = businessDate(new Date(a.clock.now().getTime() + 86_400_000), a.config.timeZone);
    await a.api('post', '/fees/standard', op).send({ effectiveFrom: today, rows: STANDARD_ROWS }).expect(201);
    // A new standard that takes effect tomorrow: the switch-over job's work.
    await a
      .api('post', '/fees/standard', op)
      .send({ effectiveFrom: tomorrow, rows: STANDARD_ROWS.map((r) => ({ ...r, fee: r.fee + 11 })) })
      .expect(201);
    org = await createOrg(a);
    const others = [
      await addMember(a, org.orgId),
      await addMember(a, org.orgId),
      await addMember(a, org.orgId),
    ];
    stopped = others[0];
    // 利用停止日 today: from tomorrow the usage-stop job deletes the account.
    await a
      .api('put', `/organizations/${org.orgId}/users/${stopped.id}/usage-stop-date`, org.manager.token)
      .send({ date: today })
      .expect(200);
    // A pending request executing today: expired by the request-expiry job tomorrow.
    const account = await a
      .api('post', `/organizations/${org.orgId}/accounts`, org.manager.token)
      .send({
        confirmationPassword: DEFAULT_CONFIRMATION,
        branchCode: '081',
        branchName: '本店',
        accountType: 'ordinary',
        accountNumber: '3000001',
        accountName: 'カ）ジョブ',
        dailyLimits: {},
      })
      .expect(201);
    await a
      .api('put', `/organizations/${org.orgId}/users/${others[2].id}/usable-accounts`, org.manager.token)
      .send({ confirmationPassword: DEFAULT_CONFIRMATION, accountIds: [account.body.id] })
      .expect(200);
    await grantPermissions(a, org, others[2].id, [Permission.ApprovalsRequestTransfer]);
    await grantPermissions(a, org, others[1].id, [Permission.ApprovalsApproveTransfer]);
    const req = await a.api('post', `/organizations/${org.orgId}/requests`, others[2].token).send({
      businessType: 'transfer',
      accountId: account.body.id,
      amount: 5000,
      payee: { name: 'ジョブ タロウ', pattern: 'other_bank' },
      executionDate: today,
      approverIds: [others[1].id],
    });
    if (req.status !== 201) throw new Error(`request: ${req.status} ${JSON.stringify(req.body)}`);
    requestId = req.body.id as string;
    // A client certificate that expires in 10 days: inside the 14-day notice window.
    const domain = `jobs-${Date.now().toString(36)}.example.jp`;
    await a
      .api('post', `/organizations/${org.orgId}/domains`, org.manager.token)
      .send({ domain })
      .expect(201);
    const csr = await makeCsr({ dnsNames: [`www.${domain}`], subject: `CN=www.${domain}` });
    await a
      .api('post', `/organizations/${org.orgId}/certificates`, org.manager.token)
      .send({ type: 'server', csr: csr.pem, validityDays: 10 })
      .expect(201);
    // The day moves on for both instances.
    a.clock.advanceDays(1);
    b.clock.advanceDays(1);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('runs each occurrence once, through the JobRunner, with each effect once', async () => {
    const runs: RunRecord[] = [];
    const stopA = recordJobRuns(a.app, 'a', runs);
    const stopB = recordJobRuns(b.app, 'b', runs);
    const jobs = discoverJobs(a.app).map((j) => `${j.className}.${j.methods.join('/')}`);
    const mailsBefore = Number((await a.dataSource.query('SELECT COUNT(*) AS n FROM mail_outbox'))[0].n);
    const systemAuditBefore = Number(
      (
        await a.dataSource.query(
          "SELECT COUNT(*) AS n FROM operation_history WHERE operator_login_id = 'system'",
        )
      )[0].n,
    );
    const [fa, fb] = await Promise.all([fireAllJobs(a.app), fireAllJobs(b.app)]);
    const errors = [...fa, ...fb].filter((f) => f.error);
    const afterFirst = {
      mails: Number((await a.dataSource.query('SELECT COUNT(*) AS n FROM mail_outbox'))[0].n) - mailsBefore,
      systemAudit:
        Number(
          (
            await a.dataSource.query(
              "SELECT COUNT(*) AS n FROM operation_history WHERE operator_login_id = 'system'",
            )
          )[0].n,
        ) - systemAuditBefore,
    };
    // Fire everything again on both: the occurrences are done, nothing more may happen.
    await Promise.all([fireAllJobs(a.app), fireAllJobs(b.app)]);
    stopA();
    stopB();
    const afterSecond = {
      mails: Number((await a.dataSource.query('SELECT COUNT(*) AS n FROM mail_outbox'))[0].n) - mailsBefore,
      systemAudit:
        Number(
          (
            await a.dataSource.query(
              "SELECT COUNT(*) AS n FROM operation_history WHERE operator_login_id = 'system'",
            )
          )[0].n,
        ) - systemAuditBefore,
    };

    const occurrences = new Map<string, RunRecord[]>();
    for (const r of runs)
      occurrences.set(`${r.name}@${r.slot}`, [...(occurrences.get(`${r.name}@${r.slot}`) ?? []), r]);
    const ranTwice = [...occurrences]
      .filter(([, rs]) => rs.filter((r) => r.outcome === 'ran').length > 1)
      .map(([k]) => k);
    const neverRan = [...occurrences]
      .filter(([, rs]) => !rs.some((r) => r.outcome === 'ran'))
      .map(([k, rs]) => `${k} (${rs.map((r) => r.outcome).join(',')})`);
    const jobRows: { name: string; slot: string; state: string }[] = await a.dataSource.query(
      'SELECT name, slot, state FROM job_runs',
    );
    const rowsPerOccurrence = new Map<string, number>();
    for (const row of jobRows)
      rowsPerOccurrence.set(
        `${row.name}@${row.slot}`,
        (rowsPerOccurrence.get(`${row.name}@${row.slot}`) ?? 0) + 1,
      );
    const jobNames = new Set(runs.map((r) => r.name));

    const stoppedRows: unknown[] = await a.dataSource.query('SELECT id FROM users WHERE id = ?', [
      stopped.id,
    ]);
    const stopAudit = Number(
      (
        await a.dataSource.query(
          "SELECT COUNT(*) AS n FROM operation_history WHERE operator_login_id = 'system' AND details LIKE ?",
          [`%${stopped.id}%`],
        )
      )[0].n,
    );
    const [request]: { status: string }[] = await a.dataSource.query(
      'SELECT status FROM approval_requests WHERE id = ?',
      [requestId],
    );
    const [noticeRow]: { n: number | string }[] = await a.dataSource.query(
      "SELECT COUNT(*) AS n FROM mail_outbox WHERE subject LIKE '%有効期限%'",
    );

    const report = {
      jobsFound: jobs,
      occurrences: Object.fromEntries(
        [...occurrences].map(([k, rs]) => [k, rs.map((r) => `${r.instance}:${r.outcome}`).join(' ')]),
      ),
      ranTwice,
      neverRan,
      errors,
      afterFirst,
      afterSecond,
      stoppedAccountDeleted: stoppedRows.length === 0,
      stopAuditRows: stopAudit,
      requestStatus: request?.status,
      expiryNoticeMails: Number(noticeRow.n),
    };
    writeReport('jobs-two-instances', report);
    say([
      `two instances, every job fired at once on both: ${jobs.length} job classes (${jobs.join(', ')})`,
      ...Object.entries(report.occurrences).map(([k, v]) => `  ${k}: ${v}`),
      `  effects: first firing ${JSON.stringify(afterFirst)}, after firing again ${JSON.stringify(afterSecond)}; stopped account deleted ${report.stoppedAccountDeleted} (system audit rows naming it: ${stopAudit}); request ${report.requestStatus}; expiry-notice mails ${report.expiryNoticeMails}`,
      ...errors.map((e) => `  ✗ ${e.job}: ${e.error}`),
    ]);

    expect(errors).toEqual([]);
    expect(ranTwice).toEqual([]);
    expect(neverRan).toEqual([]);
    // Every job class went through the JobRunner (a job that bypasses it would run on every instance).
    expect(jobNames.size).toBeGreaterThanOrEqual(jobs.length);
    for (const [k, n] of rowsPerOccurrence) expect({ [k]: n }).toEqual({ [k]: 1 });
    expect(jobRows.filter((r) => jobNames.has(r.name) && r.state !== 'done')).toEqual([]);
    expect(afterSecond).toEqual(afterFirst);
    expect(report.stoppedAccountDeleted).toBe(true);
    expect(stopAudit).toBe(1);
    expect(report.requestStatus).toBe('expired');
    // One notice for the one certificate inside its 14-day window (its holder is also the only manager).
    expect(report.expiryNoticeMails).toBe(1);
  });
});
