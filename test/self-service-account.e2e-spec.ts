import { Permission } from '@kanri/access/permission';
import { DEFAULT_CONFIRMATION } from './support/factories';
import { outboxFor } from './support/auth-helpers';
import { addMember, createOrg, type CreatedOrg, type OrgMember } from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(60_000);

/** アカウント情報更新 (SPEC §13, 000): a user reads and changes their own account. */
describe('アカウント情報更新: GET/PATCH /me', () => {
  let t: TestApp;
  let org: CreatedOrg;
  let member: OrgMember;

  beforeAll(async () => {
    t = await createTestApp();
    org = await createOrg(t);
    member = await addMember(t, org.orgId, {
      familyName: '山田',
      givenName: '太郎',
      email: 'yamada.old@example.jp',
    });
  });
  afterAll(() => t.close());

  const row = async (id: string) =>
    (
      await t.dataSource.query(
        'SELECT login_id, family_name, given_name, family_name_kana, email, sub_email, phone_external, language, is_manager, organization_id FROM users WHERE id = ?',
        [id],
      )
    )[0] as Record<string, unknown>;

  it('shows the own account with its organization, and no secret', async () => {
    const res = await t.api('get', '/me', member.token).expect(200);
    expect(res.body).toMatchObject({
      id: member.id,
      loginId: member.loginId,
      familyName: '山田',
      givenName: '太郎',
      email: 'yamada.old@example.jp',
      organization: { id: org.orgId, code: org.code },
      isManager: false,
      hasConfirmationPassword: true,
    });
    expect(JSON.stringify(res.body)).not.toMatch(/hash|argon/i);
  });

  it('changes names, kana, e-mail, phones and language with the confirmation password, audited in the same step', async () => {
    const res = await t.api('patch', '/me', member.token).send({
      confirmationPassword: DEFAULT_CONFIRMATION,
      familyName: '鈴木',
      familyNameKana: 'ｽｽﾞｷ',
      email: 'suzuki.new@example.jp',
      subEmail: 'sub@example.jp',
      phoneExternal: '03-1234-5678',
      language: 'en',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      familyName: '鈴木',
      familyNameKana: 'スズキ',
      email: 'suzuki.new@example.jp',
    });
    expect(await row(member.id)).toMatchObject({
      family_name: '鈴木',
      given_name: '太郎',
      family_name_kana: 'スズキ',
      email: 'suzuki.new@example.jp',
      sub_email: 'sub@example.jp',
      phone_external: '03-1234-5678',
      language: 'en',
    });

    // The previous address is told; the new one gets nothing it did not ask for.
    const notices = await outboxFor(t, 'yamada.old@example.jp');
    expect(notices.map((m) => m.subject)).toContain('【Kanri】メールアドレス変更のお知らせ');

    const audit: { operation: string; outcome: string; details: string; operator_user_id: string }[] =
      await t.dataSource.query(
        "SELECT operation, outcome, details, operator_user_id FROM operation_history WHERE screen = 'アカウント情報更新' AND http_method = 'PATCH' AND organization_id = ?",
        [org.orgId],
      );
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ operation: 'update', outcome: 'success', operator_user_id: member.id });
    expect(audit[0].details).toContain('鈴木');
    expect(audit[0].details).not.toContain(DEFAULT_CONFIRMATION);

    // The user list finds the member by the new name (the search dictionary followed).
    const list = await t
      .api('get', `/organizations/${org.orgId}/users?q=${encodeURIComponent('鈴木')}`, org.manager.token)
      .expect(200);
    expect(list.body.items.map((u: { id: string }) => u.id)).toEqual([member.id]);
  });

  it('clears optional fields with null but never the names or the e-mail address', async () => {
    await t
      .api('patch', '/me', member.token)
      .send({ confirmationPassword: DEFAULT_CONFIRMATION, subEmail: null, phoneExternal: null })
      .expect(200);
    expect(await row(member.id)).toMatchObject({ sub_email: null, phone_external: null });
    for (const field of ['familyName', 'email']) {
      const res = await t
        .api('patch', '/me', member.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION, [field]: null });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
  });

  it('refuses login ID, permissions, organization, manager flag and allowed addresses, changing nothing', async () => {
    const before = await row(member.id);
    for (const extra of [
      { loginId: 'hijack01' },
      { permissions: [Permission.AuditRead] },
      { organizationId: org.orgId },
      { isManager: true },
      { allowedIps: ['203.0.113.1'] },
      { groupId: null },
    ]) {
      const res = await t
        .api('patch', '/me', member.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION, familyName: '改竄', ...extra });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect(await row(member.id)).toEqual(before);
    const grants = await t.dataSource.query('SELECT COUNT(*) AS n FROM user_permissions WHERE user_id = ?', [
      member.id,
    ]);
    expect(Number(grants[0].n)).toBe(0);
  });

  it('needs the confirmation password: missing 400, wrong 403, and nothing changes', async () => {
    const before = await row(member.id);
    const missing = await t.api('patch', '/me', member.token).send({ familyName: '無確認' });
    expect(missing.status).toBe(400);
    const wrong = await t
      .api('patch', '/me', member.token)
      .send({ confirmationPassword: 'Wrong-999', familyName: '誤確認' });
    expect(wrong.status).toBe(403);
    expect(wrong.body.code).toBe('CONFIRMATION_PASSWORD_INVALID');
    expect(await row(member.id)).toEqual(before);
  });

  it('answers 401 without a token', async () => {
    await t.api('get', '/me').expect(401);
    await t.api('patch', '/me').send({ confirmationPassword: DEFAULT_CONFIRMATION }).expect(401);
  });
});
