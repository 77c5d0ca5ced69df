import { OrganizationsService } from '../src/organizations/organizations.service';
import { DEFAULT_CONFIRMATION } from './support/factories';
import {
  addMember,
  addMembers,
  createOrg,
  grantPermissions,
  setManagers,
  type CreatedOrg,
} from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';
import { Permission } from '@kanri/access/permission';

// Jest 29 ignores the e2e project's `testTimeout`; these files boot the app and create many accounts.
jest.setTimeout(60_000);

/** 企業情報の変更 (SPEC §2, §5) and the security settings that sign-in obeys (SPEC §3). */
describe('company settings', () => {
  let t: TestApp;
  let org: CreatedOrg;
  beforeAll(async () => {
    t = await createTestApp();
    org = await createOrg(t, { name: '設定テスト株式会社', nameKana: 'セッテイテスト' });
  });
  afterAll(() => t.close());

  const patch = (body: Record<string, unknown>, token = org.manager.token, path = '') =>
    t
      .api('patch', `/organizations/${org.orgId}${path}`, token)
      .send({ confirmationPassword: DEFAULT_CONFIRMATION, ...body });
  const storedSettings = async () =>
    JSON.parse(
      (await t.dataSource.query('SELECT settings FROM organizations WHERE id = ?', [org.orgId]))[0]
        .settings as string,
    );

  it('shows every setting with its default to any member', async () => {
    const member = await addMember(t, org.orgId);
    const res = await t.api('get', `/organizations/${org.orgId}`, member.token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: org.orgId,
      code: org.code,
      name: '設定テスト株式会社',
      nameKana: 'セッテイテスト',
      status: 'active',
      planUserLimit: null,
      managerRequired: false,
      settings: {
        lockoutThreshold: 3,
        lockoutMode: 'admin_unlock',
        lockoutMinutes: 30,
        otpRequirement: 'optional',
        otpMethod: 'email',
        passwordPolicy: 'default',
        confirmWithOtp: false,
        passkeyStepUp: false,
        approvalModes: {
          transfer: 'single',
          bulk_transfer: 'single',
          payroll: 'single',
          account_debit: 'single',
        },
        dailyLimits: { bulk_transfer: null, payroll: null, bonus: null, account_debit: null },
        selfRegistration: false,
        zenginRequester: null,
      },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  it('changes name, kana, approval modes and company daily limits; only what is sent changes', async () => {
    const res = await patch({
      name: '設定テスト株式会社（新）',
      nameKana: 'セッテイテストシン',
      approvalModes: { transfer: 'none', payroll: 'double_ordered' },
      dailyLimits: { bulk_transfer: 100_000_000, bonus: 999_999_999_999 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: '設定テスト株式会社（新）',
      nameKana: 'セッテイテストシン',
      settings: {
        lockoutThreshold: 3,
        approvalModes: {
          transfer: 'none',
          bulk_transfer: 'single',
          payroll: 'double_ordered',
          account_debit: 'single',
        },
        dailyLimits: {
          bulk_transfer: 100_000_000,
          payroll: null,
          bonus: 999_999_999_999,
          account_debit: null,
        },
      },
    });
    // Stored: only what was set, so a changed default reaches every organization that never chose.
    expect(await storedSettings()).toEqual({
      approvalModes: { transfer: 'none', payroll: 'double_ordered' },
      dailyLimits: { bulk_transfer: 100_000_000, bonus: 999_999_999_999 },
    });
    const again = await patch({ dailyLimits: { bonus: null } });
    expect(again.body.settings.dailyLimits).toEqual({
      bulk_transfer: 100_000_000,
      payroll: null,
      bonus: null,
      account_debit: null,
    });
    expect(again.body.settings.approvalModes.transfer).toBe('none');
  });

  it('rejects values outside SPEC §5 and §3 with 400 naming the field, changing nothing', async () => {
    const before = await t.api('get', `/organizations/${org.orgId}`, org.manager.token);
    const cases: [Record<string, unknown>, string][] = [
      [{ approvalModes: { payroll: 'none' } }, 'approvalModes.payroll'],
      [{ approvalModes: { transfer: 'triple' } }, 'approvalModes.transfer'],
      [{ approvalModes: { lending: 'single' } }, 'approvalModes.lending'],
      [{ dailyLimits: { bonus: 1_000_000_000_000 } }, 'dailyLimits.bonus'],
      [{ dailyLimits: { payroll: -1 } }, 'dailyLimits.payroll'],
      [{ dailyLimits: { payroll: 1.5 } }, 'dailyLimits.payroll'],
      [{ dailyLimits: { payroll: '100' } }, 'dailyLimits.payroll'],
      [{ lockoutThreshold: 0 }, 'lockoutThreshold'],
      [{ lockoutThreshold: 101 }, 'lockoutThreshold'],
      [{ lockoutMode: 'forever' }, 'lockoutMode'],
      [{ lockoutMinutes: 0 }, 'lockoutMinutes'],
      [{ otpRequirement: 'always' }, 'otpRequirement'],
      [{ otpMethod: 'sms' }, 'otpMethod'],
      [{ passwordPolicy: 'none' }, 'passwordPolicy'],
      [{ name: '' }, 'name'],
      [{ nameKana: 'ひらがな' }, 'nameKana'],
      [{ code: 'AAAAAAAAAAAA' }, 'code'],
      [{ planUserLimit: 5 }, 'planUserLimit'],
    ];
    for (const [body, field] of cases) {
      const res = await patch(body);
      expect({ body, status: res.status, fields: Object.keys(res.body.details?.fields ?? {}) }).toEqual({
        body,
        status: 400,
        fields: [field],
      });
    }
    expect((await t.api('get', `/organizations/${org.orgId}`, org.manager.token)).body).toEqual(before.body);
  });

  it('sets the security settings that sign-in reads', async () => {
    const res = await patch({
      lockoutThreshold: 5,
      lockoutMode: 'temporary',
      lockoutMinutes: 15,
      otpRequirement: 'required',
      otpMethod: 'totp',
      passwordPolicy: 'legacy_banking',
    });
    expect(res.status).toBe(200);
    const effective = await t.app.get(OrganizationsService).effectiveSettingsOf(org.orgId);
    expect(effective).toMatchObject({
      lockoutThreshold: 5,
      lockoutMode: 'temporary',
      lockoutMinutes: 15,
      otpRequirement: 'required',
      otpMethod: 'totp',
      passwordPolicy: 'legacy_banking',
    });
    await patch({ otpRequirement: 'optional', otpMethod: 'email', passwordPolicy: 'default' }).expect(200);
  });

  it('needs company.manage: a general member gets 403, a member granted it may', async () => {
    const member = await addMember(t, org.orgId);
    expect((await patch({ lockoutThreshold: 4 }, member.token)).status).toBe(403);
    await grantPermissions(t, org, member.id, [Permission.CompanyManage]);
    expect((await patch({ lockoutThreshold: 4 }, member.token)).status).toBe(200);
    // The security-settings route is the managers' own; company.manage alone does not open it.
    expect((await patch({ lockoutThreshold: 4 }, member.token, '/security-settings')).status).toBe(403);
  });

  it('lets a manager without company.manage set the security settings, and only those', async () => {
    const other = await createOrg(t);
    const members = await addMembers(t, other.orgId, 5);
    await setManagers(t, other, [other.manager.id, members[0].id]);
    const deputy = members[0];
    const sec = await t
      .api('patch', `/organizations/${other.orgId}/security-settings`, deputy.token)
      .send({ confirmationPassword: DEFAULT_CONFIRMATION, lockoutThreshold: 10, otpRequirement: 'required' });
    expect(sec.status).toBe(200);
    expect(sec.body.settings).toMatchObject({ lockoutThreshold: 10, otpRequirement: 'required' });
    const name = await t
      .api('patch', `/organizations/${other.orgId}/security-settings`, deputy.token)
      .send({ confirmationPassword: DEFAULT_CONFIRMATION, name: '改名' });
    expect(name.status).toBe(400);
    expect(
      (
        await t
          .api('patch', `/organizations/${other.orgId}`, deputy.token)
          .send({ confirmationPassword: DEFAULT_CONFIRMATION, name: '改名' })
      ).status,
    ).toBe(403);
    const general = members[1];
    expect(
      (
        await t
          .api('patch', `/organizations/${other.orgId}/security-settings`, general.token)
          .send({ confirmationPassword: DEFAULT_CONFIRMATION, lockoutThreshold: 1 })
      ).status,
    ).toBe(403);
  });

  it('keeps every one of several concurrent changes to different settings (no lost update)', async () => {
    // Confirmation passwords in flight count toward the lockout threshold (sign-in controls), so allow enough.
    await patch({ lockoutThreshold: 20 }).expect(200);
    const changes: Record<string, unknown>[] = [
      { lockoutMode: 'temporary' },
      { lockoutMinutes: 45 },
      { otpMethod: 'totp' },
      { approvalModes: { bulk_transfer: 'double_unordered' } },
      { approvalModes: { account_debit: 'double_ordered' } },
      { dailyLimits: { payroll: 5_000_000 } },
      { dailyLimits: { account_debit: 7_000_000 } },
      { nameKana: 'ヘイコウ' },
    ];
    const answers = await Promise.all(changes.map((c) => patch(c)));
    expect(answers.map((r) => r.status)).toEqual(changes.map(() => 200));
    const s = (await t.api('get', `/organizations/${org.orgId}`, org.manager.token)).body;
    expect(s.nameKana).toBe('ヘイコウ');
    expect(s.settings).toMatchObject({
      lockoutThreshold: 20,
      lockoutMode: 'temporary',
      lockoutMinutes: 45,
      otpMethod: 'totp',
      approvalModes: { bulk_transfer: 'double_unordered', account_debit: 'double_ordered' },
      dailyLimits: { payroll: 5_000_000, account_debit: 7_000_000 },
    });
  });
});
