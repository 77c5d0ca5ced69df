import { totpCode } from './support/auth-helpers';
import { DEFAULT_CONFIRMATION } from './support/factories';
import { addMember, createOrg, type CreatedOrg, type OrgMember } from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(120_000);

/**
 * SPEC §14 confirmWithOtp (ワンタイムパスワード利用企業): every confirmation of the organization's members also needs
 * a current TOTP code, accepted once, by the same rule (and the same last-step record) as sign-in.
 */
describe('confirmation with a one-time password', () => {
  let t: TestApp;
  let org: CreatedOrg;
  let secret: string;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2026-11-24T01:00:00.000Z');
    org = await createOrg(t);
    secret = await enrol(org.manager);
    const on = await t
      .api('patch', `/organizations/${org.orgId}/security-settings`, org.manager.token)
      .send({ confirmationPassword: DEFAULT_CONFIRMATION, confirmWithOtp: true });
    expect(on.status).toBe(200);
    expect(on.body.settings.confirmWithOtp).toBe(true);
  });
  afterAll(() => t.close());

  async function enrol(m: OrgMember): Promise<string> {
    const setup = await t.api('post', '/auth/totp/setup', m.token);
    expect(setup.status).toBe(200);
    const s = setup.body.secret as string;
    expect((await t.api('post', '/auth/totp/activate', m.token).send({ code: totpCode(t, s) })).status).toBe(
      200,
    );
    t.clock.advance(60_000);
    return s;
  }

  const accounts = () => `/organizations/${org.orgId}/accounts`;
  let n = 0;
  const account = (extra: Record<string, unknown>) => ({
    confirmationPassword: DEFAULT_CONFIRMATION,
    branchCode: '081',
    accountType: 'ordinary',
    accountNumber: String(7_000_000 + ++n),
    accountName: 'ｶ)ｶﾝﾘ',
    ...extra,
  });
  const countAccounts = async () =>
    Number(
      (
        (await t.dataSource.query('SELECT COUNT(*) AS n FROM company_accounts WHERE organization_id = ?', [
          org.orgId,
        ])) as { n: number | string }[]
      )[0].n,
    );
  const lastStep = async (userId: string) =>
    Number(
      (
        (await t.dataSource.query('SELECT totp_last_step AS s FROM user_otp WHERE user_id = ?', [
          userId,
        ])) as {
          s: number | string;
        }[]
      )[0].s,
    );

  it('missing code: 400 OTP_REQUIRED, nothing changes', async () => {
    const res = await t.api('post', accounts(), org.manager.token).send(account({}));
    expect([res.status, res.body.code]).toEqual([400, 'OTP_REQUIRED']);
    expect(await countAccounts()).toBe(0);
  });

  it('wrong code: 403 OTP_INVALID, nothing changes; a right password does not make up for it', async () => {
    const right = totpCode(t, secret);
    const res = await t
      .api('post', accounts(), org.manager.token)
      .send(account({ otp: right === '000000' ? '111111' : '000000' }));
    expect([res.status, res.body.code]).toEqual([403, 'OTP_INVALID']);
    expect(await countAccounts()).toBe(0);
  });

  it('a current code succeeds once; the same code again is refused (never reused)', async () => {
    const code = totpCode(t, secret);
    const ok = await t.api('post', accounts(), org.manager.token).send(account({ otp: code }));
    expect(ok.status).toBe(201);
    expect(await countAccounts()).toBe(1);
    const step = await lastStep(org.manager.id);
    const reused = await t.api('post', accounts(), org.manager.token).send(account({ otp: code }));
    expect([reused.status, reused.body.code]).toEqual([403, 'OTP_INVALID']);
    expect(await countAccounts()).toBe(1);
    // The code is spent for sign-in too: the same last-step record.
    expect(await lastStep(org.manager.id)).toBe(step);
    t.clock.advance(30_000);
    const next = await t
      .api('post', accounts(), org.manager.token)
      .send(account({ otp: totpCode(t, secret) }));
    expect(next.status).toBe(201);
    expect(await lastStep(org.manager.id)).toBe(step + 1);
  });

  it('the code never reaches the audit details', async () => {
    const rows = (await t.dataSource.query(
      "SELECT details FROM operation_history WHERE organization_id = ? AND details LIKE '%otp%'",
      [org.orgId],
    )) as { details: string }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.details).not.toMatch(/"otp":"\d{6}"/);
  });

  it('a member without an authenticator cannot confirm (403 TOTP_NOT_ENROLLED); uploads are covered too', async () => {
    const m = await addMember(t, org.orgId);
    t.clock.advance(30_000);
    const upload = await t
      .api('post', `/organizations/${org.orgId}/payees/import`, org.manager.token)
      .field('confirmationPassword', DEFAULT_CONFIRMATION)
      .attach('file', Buffer.from('x'), 'payees.csv');
    expect([upload.status, upload.body.code]).toEqual([400, 'OTP_REQUIRED']);
    const mine = await t.api('post', `/organizations/${org.orgId}/payees`, m.token).send({
      confirmationPassword: DEFAULT_CONFIRMATION,
      otp: '123456',
      bankCode: '0001',
      branchCode: '001',
      accountType: 'ordinary',
      accountNumber: '1234567',
      nameKana: 'ｱ',
    });
    expect([mine.status, mine.body.code]).toEqual([403, 'TOTP_NOT_ENROLLED']);
  });

  it('with the setting off, no code is asked', async () => {
    const code = totpCode(t, secret, 1);
    const off = await t
      .api('patch', `/organizations/${org.orgId}/security-settings`, org.manager.token)
      .send({ confirmationPassword: DEFAULT_CONFIRMATION, otp: code, confirmWithOtp: false });
    expect(off.status).toBe(200);
    expect((await t.api('post', accounts(), org.manager.token).send(account({}))).status).toBe(201);
  });
});
