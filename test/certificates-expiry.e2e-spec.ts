import { AuditRecorder } from '../src/audit/audit-recorder.service';
import { CrlRefreshJob } from '../src/certificates/ca/crl-refresh.job';
import { CrlService } from '../src/certificates/ca/crl.service';
import { CertificateExpiryNoticeJob } from '../src/certificates/expiry/certificate-expiry-notice.job';
import { ExpiryNoticesService } from '../src/certificates/expiry/expiry-notices.service';
import { loginAs, loginAsOperator } from './support/factories';
import { createOrgWithMembers, makeCsr, x509, type OrgMember } from './support/certificate-helpers';
import { createTestApp, type TestApp } from './support/test-app';

const DAY = 86_400_000;

/** Time moves in this file (t.clock), so it has an app of its own. */
describe('Certificates over time: expiry notices, expired status and CRL refresh (SPEC §7, §10)', () => {
  let t: TestApp;
  let orgId: string;
  let manager: OrgMember;
  let holder: OrgMember;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set(new Date('2026-04-01T01:00:00Z')); // 10:00 in Tokyo
    const org = await createOrgWithMembers(t, [
      { email: 'expiry-manager@example.jp' },
      { email: 'expiry-holder@example.jp' },
    ]);
    orgId = org.orgId;
    [manager, holder] = org.members;
    await t
      .api('post', `/organizations/${orgId}/domains`, manager.token)
      .send({ domain: 'expiry.example.jp' });
  });
  afterAll(() => t.close());

  async function issue(body: Record<string, unknown>) {
    const csr = await makeCsr();
    const res = await t
      .api('post', `/organizations/${orgId}/certificates`, manager.token)
      .send({ csr: csr.pem, ...body });
    if (res.status !== 201) throw new Error(`issue failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; serialNumber: string };
  }
  async function outbox(to: string): Promise<{ subject: string; text: string }[]> {
    const res = await t.api('get', `/system/outbox?to=${encodeURIComponent(to)}`, await loginAsOperator(t));
    return res.body.items;
  }
  const sendDue = () => t.app.get(ExpiryNoticesService).sendDue();

  it('mails holders and managers 30, 14 and 7 days before expiry, once each', async () => {
    const client = await issue({ type: 'client', subjectUserId: holder.id, validityDays: 40 });
    const server = await issue({ type: 'server', dnsNames: ['www.expiry.example.jp'], validityDays: 20 });
    const revoked = await issue({ type: 'client', subjectUserId: holder.id, validityDays: 25 });
    manager.token = await loginAs(t, manager.loginId, manager.password);
    await t
      .api('post', `/organizations/${orgId}/certificates/${revoked.id}/revoke`, manager.token)
      .send({ reason: 'cessationOfOperation' });

    // Day 0: the server certificate (20 days left) is inside the 30-day window; the client one (40) is not.
    expect(await sendDue()).toBe(1);
    expect(await sendDue()).toBe(0);
    let holderMail = await outbox('expiry-holder@example.jp');
    expect(holderMail).toHaveLength(0);
    let managerMail = await outbox('expiry-manager@example.jp');
    expect(managerMail).toHaveLength(1);
    expect(managerMail[0].subject).toBe('【Kanri】証明書の有効期限が近づいています（残り20日）');
    expect(managerMail[0].text).toContain(`シリアル番号: ${server.serialNumber}`);
    expect(managerMail[0].text).toContain('証明書種別: サーバ証明書');

    // Day 10: client 30 days left (30-day notice), server 10 left (14-day notice).
    t.clock.advanceDays(10);
    expect(await sendDue()).toBe(2);
    expect(await sendDue()).toBe(0);
    holderMail = await outbox('expiry-holder@example.jp');
    expect(holderMail.map((m) => m.subject)).toEqual([
      '【Kanri】証明書の有効期限が近づいています（残り30日）',
    ]);
    expect(holderMail[0].text).toContain(`シリアル番号: ${client.serialNumber}`);
    expect(holderMail[0].text).toContain('有効期限: 2026/05/11 10:00:00');

    // Day 11 to 40, one run a day: the client certificate gets its 14- and 7-day notices and nothing else.
    for (let day = 11; day <= 41; day++) {
      t.clock.advanceDays(1);
      await sendDue();
    }
    holderMail = await outbox('expiry-holder@example.jp');
    expect(holderMail.map((m) => m.subject).reverse()).toEqual([
      '【Kanri】証明書の有効期限が近づいています（残り30日）',
      '【Kanri】証明書の有効期限が近づいています（残り14日）',
      '【Kanri】証明書の有効期限が近づいています（残り7日）',
    ]);
    managerMail = await outbox('expiry-manager@example.jp');
    expect(managerMail).toHaveLength(6); // server: 30, 14, 7; client: 30, 14, 7
    const notices: { certificate_id: string; threshold_days: number }[] = await t.dataSource.query(
      'SELECT certificate_id, threshold_days FROM certificate_expiry_notices ORDER BY certificate_id, threshold_days',
    );
    expect(notices.filter((n) => n.certificate_id === revoked.id)).toEqual([]);
    expect(
      notices.filter((n) => n.certificate_id === client.id).map((n) => Number(n.threshold_days)),
    ).toEqual([7, 14, 30]);
  });

  it('shows certificates past their end as expired', async () => {
    manager.token = await loginAs(t, manager.loginId, manager.password);
    const short = await issue({ type: 'code_signing', validityDays: 1 });
    t.clock.advanceDays(2);
    manager.token = await loginAs(t, manager.loginId, manager.password);
    const res = await t.api(
      'get',
      `/organizations/${orgId}/certificates?status=expired&perPage=100`,
      manager.token,
    );
    expect(res.body.items.map((c: { id: string }) => c.id)).toContain(short.id);
    expect(res.body.items.every((c: { status: string }) => c.status === 'expired')).toBe(true);
    const active = await t.api(
      'get',
      `/organizations/${orgId}/certificates?status=active&perPage=100`,
      manager.token,
    );
    expect(active.body.items.map((c: { id: string }) => c.id)).not.toContain(short.id);
  });

  it('re-signs the CRL once half of its week has passed, well before nextUpdate', async () => {
    const crl = t.app.get(CrlService);
    await crl.refreshIfDue();
    const read = async () => new x509.X509Crl((await t.api('get', '/ca/crl?format=pem')).text);
    const first = await read();
    expect(await crl.refreshIfDue()).toBe(false);
    t.clock.advanceDays(3);
    expect(await crl.refreshIfDue()).toBe(false);
    expect(await crl.isRefreshDue()).toBe(false);
    t.clock.advance(DAY / 2 + 1000);
    expect(await crl.isRefreshDue()).toBe(true);
    expect(await crl.refreshIfDue()).toBe(true);
    const second = await read();
    expect(second.thisUpdate.getTime()).toBeGreaterThan(first.thisUpdate.getTime());
    expect(second.nextUpdate!.getTime() - t.clock.now().getTime()).toBeGreaterThan(6.9 * DAY);
    const crlNumber = (c: x509.X509Crl) => Buffer.from(c.getExtension('2.5.29.20')!.value).readUIntBE(2, 1);
    expect(crlNumber(second)).toBe(crlNumber(first) + 1);
  });
});

describe('The certificate jobs on their schedule (SPEC §10)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { SCHEDULER_ENABLED: 'true' } });
  });
  afterAll(() => t.close());

  const systemRows = async (screen: string) => {
    await t.app.get(AuditRecorder).drain();
    return t.dataSource.query(
      'SELECT operator_login_id, outcome FROM operation_history WHERE screen = ? ORDER BY occurred_at',
      [screen],
    );
  };

  it('sends expiry notices once per business day, audited as the system actor', async () => {
    const job = t.app.get(CertificateExpiryNoticeJob);
    await job.onSchedule();
    await job.onSchedule();
    const runs = await t.dataSource.query(
      "SELECT slot, state FROM job_runs WHERE name = 'certificate-expiry-notices'",
    );
    expect(runs).toHaveLength(1);
    expect(runs[0].state).toBe('done');
    expect(await systemRows('証明書有効期限通知')).toEqual([
      { operator_login_id: 'system', outcome: 'success' },
    ]);
  });

  it('re-signs the CRL only when due, and audits only the runs that re-sign', async () => {
    const job = t.app.get(CrlRefreshJob);
    await job.onSchedule();
    expect(await systemRows('CRL更新')).toEqual([]);
    t.clock.advanceDays(4);
    const before = (await t.app.get(CrlService).current()).state.crlNumber;
    await job.onSchedule();
    expect((await t.app.get(CrlService).current()).state.crlNumber).toBe(before + 1);
    expect(await systemRows('CRL更新')).toEqual([{ operator_login_id: 'system', outcome: 'success' }]);
  });
});
