import { Permission } from '@kanri/access/permission';
import { DEFAULT_CONFIRMATION, DEFAULT_PASSWORD, loginAs, uniqueLoginId } from './support/factories';
import {
  addMember,
  createGroup,
  createOrg,
  type CreatedOrg,
  grantPermissions,
  operatorToken,
  placeInGroup,
} from './support/org-factories';
import { latestMailedToken, outboxFor } from './support/auth-helpers';
import { makeCsr } from './support/certificate-helpers';
import { createTestApp, OPERATOR, type TestApp } from './support/test-app';
import { createOrgUser, signInWithConfirmation } from './support/user-admin';

// Jest 29 ignores the e2e project's `testTimeout`; these files boot the app and create many accounts.
jest.setTimeout(60_000);

/**
 * ユーザー一覧 → ユーザー作成 / 詳細 / 更新 / 削除 (SPEC §4 CRUD): users.manage, subtree scope, the confirmation
 * password, nobody deleting or disabling themselves, provisional users with an invitation.
 */
describe('organization user administration (CRUD)', () => {
  let t: TestApp;
  let org: CreatedOrg;
  const users = () => `/organizations/${org.orgId}/users`;

  beforeAll(async () => {
    t = await createTestApp();
    org = await createOrg(t);
  });
  afterAll(() => t.close());

  const userRow = async (id: string) =>
    (
      await t.dataSource.query(
        'SELECT login_id, family_name_kana, is_provisional, is_disabled, group_id, organization_id, attributes FROM users WHERE id = ?',
        [id],
      )
    )[0] as Record<string, unknown> | undefined;

  describe('ユーザー作成', () => {
    it('creates a member with every profile field, and returns it without secrets', async () => {
      const loginId = uniqueLoginId('c');
      const res = await t.api('post', users(), org.manager.token).send({
        confirmationPassword: DEFAULT_CONFIRMATION,
        loginId,
        password: DEFAULT_PASSWORD,
        familyName: '髙橋',
        givenName: '一郎',
        familyNameKana: 'ﾀｶﾊｼ',
        givenNameKana: 'イチロウ',
        email: 'ichiro@example.jp',
        subEmail: 'ichiro.sub@example.jp',
        department: '営業部 課長',
        phoneExternal: '03-1234-5678',
        phoneExtension: '123',
        allowedIps: ['192.0.2.0/24', '127.0.0.1', '::1'],
        attributes: [' 東京 ', '営業', '東京'],
        mustChangePassword: true,
        validFrom: '2026-01-01',
        validTo: '2030-12-31',
        language: 'ja',
        note: '備考です',
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        loginId,
        organizationId: org.orgId,
        familyName: '髙橋',
        familyNameKana: 'タカハシ',
        attributes: ['東京', '営業'],
        isManager: false,
        role: '一般ユーザー',
        permissions: [],
        status: { provisional: false, disabled: false, locked: false, twoFactorEnabled: false },
      });
      expect(JSON.stringify(res.body)).not.toMatch(/hash|Passw0rd/i);
      const row = await userRow(res.body.id);
      expect(row).toMatchObject({ login_id: loginId, family_name_kana: 'タカハシ' });
      const tags: { attribute: string }[] = await t.dataSource.query(
        'SELECT attribute FROM user_attributes WHERE user_id = ? ORDER BY attribute',
        [res.body.id],
      );
      expect(tags.map((r) => r.attribute).sort()).toEqual(['営業', '東京'].sort());
      // The user signs in with the password the administrator set.
      await loginAs(t, loginId, DEFAULT_PASSWORD);
    });

    it('needs the caller’s confirmation password, and creates nothing without it', async () => {
      const loginId = uniqueLoginId('c');
      const wrong = await t.api('post', users(), org.manager.token).send({
        confirmationPassword: 'wrong-one',
        loginId,
        password: DEFAULT_PASSWORD,
        familyName: '甲',
        givenName: '乙',
      });
      expect(wrong.status).toBe(403);
      expect(wrong.body.code).toBe('CONFIRMATION_PASSWORD_INVALID');
      expect(await t.dataSource.query('SELECT id FROM users WHERE login_id = ?', [loginId])).toEqual([]);
    });

    it('refuses bad fields with 400 VALIDATION_FAILED naming them', async () => {
      const res = await t.api('post', users(), org.manager.token).send({
        confirmationPassword: DEFAULT_CONFIRMATION,
        loginId: 'abc',
        password: DEFAULT_PASSWORD,
        familyName: 'あ'.repeat(31),
        givenName: '太郎',
        familyNameKana: 'やまだ',
        email: 'x',
        attributes: ['a,b'],
        unknownField: 1,
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.body.details.fields)).toEqual(
        expect.arrayContaining([
          'loginId',
          'familyName',
          'familyNameKana',
          'email',
          'attributes',
          'unknownField',
        ]),
      );
    });

    it('applies the organization’s password policy', async () => {
      const res = await t.api('post', users(), org.manager.token).send({
        confirmationPassword: DEFAULT_CONFIRMATION,
        loginId: uniqueLoginId('c'),
        password: 'short',
        familyName: '甲',
        givenName: '乙',
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('PASSWORD_POLICY_VIOLATED');
      expect(JSON.stringify(res.body)).not.toContain('short');
    });

    it('answers 409 for a login ID that exists anywhere', async () => {
      const res = await t.api('post', users(), org.manager.token).send({
        confirmationPassword: DEFAULT_CONFIRMATION,
        loginId: org.manager.loginId,
        password: DEFAULT_PASSWORD,
        familyName: '甲',
        givenName: '乙',
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('CONFLICT');
    });

    it('stops at the plan’s user limit (422 USER_LIMIT_REACHED)', async () => {
      const small = await createOrg(t);
      await t
        .api('put', `/organizations/${small.orgId}/plan`, await operatorToken(t))
        .send({ planUserLimit: 1 });
      const res = await t.api('post', `/organizations/${small.orgId}/users`, small.manager.token).send({
        confirmationPassword: DEFAULT_CONFIRMATION,
        loginId: uniqueLoginId('c'),
        password: DEFAULT_PASSWORD,
        familyName: '甲',
        givenName: '乙',
      });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('USER_LIMIT_REACHED');
    });

    it('grants permissions with the rules of the permissions screen, or creates nothing', async () => {
      const created = await createOrgUser(t, org, {
        permissions: [{ permission: Permission.UsersExport }],
      });
      const view = await t.api('get', `${users()}/${created.id}`, org.manager.token);
      expect(view.body).toMatchObject({
        role: '管理者権限',
        permissions: [{ permission: 'users.export', scope: null }],
      });

      // An administrator without users.export cannot hand it out: the account is not left behind.
      const admin = await createOrgUser(t, org, { permissions: [{ permission: Permission.UsersManage }] });
      const adminToken = await signInWithConfirmation(t, admin);
      const loginId = uniqueLoginId('c');
      const refused = await t.api('post', users(), adminToken).send({
        confirmationPassword: DEFAULT_CONFIRMATION,
        loginId,
        password: DEFAULT_PASSWORD,
        familyName: '甲',
        givenName: '乙',
        permissions: [{ permission: Permission.UsersExport }],
      });
      expect(refused.status).toBe(403);
      expect(await t.dataSource.query('SELECT id FROM users WHERE login_id = ?', [loginId])).toEqual([]);
    });
  });

  describe('provisional users (仮登録) and the invitation', () => {
    it('creates the account without a password and mails a single-use token that activates it', async () => {
      const loginId = uniqueLoginId('p');
      const email = `${loginId.toLowerCase()}@example.jp`;
      const res = await t.api('post', users(), org.manager.token).send({
        confirmationPassword: DEFAULT_CONFIRMATION,
        loginId,
        provisional: true,
        familyName: '仮',
        givenName: '登録',
        email,
      });
      expect(res.status).toBe(201);
      expect(res.body.status.provisional).toBe(true);
      const signIn = await t.api('post', '/auth/login').send({ loginId, password: DEFAULT_PASSWORD });
      expect(signIn.status).toBe(401);

      const token = await latestMailedToken(t, email, '招待用トークン');
      const weak = await t.api('post', '/invitations/accept').send({ token, password: 'short' });
      expect(weak.status).toBe(400);
      expect(weak.body.code).toBe('PASSWORD_POLICY_VIOLATED');
      const accepted = await t
        .api('post', '/invitations/accept')
        .send({ token, password: DEFAULT_PASSWORD, confirmationPassword: DEFAULT_CONFIRMATION });
      expect(accepted.status).toBe(200);
      expect(accepted.body).toEqual({ loginId });
      expect(await userRow(res.body.id)).toMatchObject({ is_provisional: expect.anything() });
      expect(Number((await userRow(res.body.id))!.is_provisional)).toBe(0);
      await loginAs(t, loginId, DEFAULT_PASSWORD);

      const again = await t.api('post', '/invitations/accept').send({ token, password: DEFAULT_PASSWORD });
      expect(again.status).toBe(400);
      expect(again.body.code).toBe('AUTH_TOKEN_INVALID');
    });

    it('re-sends an invitation (the previous token stops working), only for provisional users', async () => {
      const loginId = uniqueLoginId('p');
      const email = `${loginId.toLowerCase()}@example.jp`;
      const created = await createOrgUser(t, org, { loginId, provisional: true, password: undefined, email });
      const first = await latestMailedToken(t, email, '招待用トークン');
      expect((await t.api('post', `${users()}/${created.id}/invitation`, org.manager.token)).status).toBe(
        202,
      );
      expect(await outboxFor(t, email)).toHaveLength(2);
      const second = await latestMailedToken(t, email, '招待用トークン');
      expect(second).not.toBe(first);
      expect(
        (await t.api('post', '/invitations/accept').send({ token: first, password: DEFAULT_PASSWORD }))
          .status,
      ).toBe(400);
      expect(
        (await t.api('post', '/invitations/accept').send({ token: second, password: DEFAULT_PASSWORD }))
          .status,
      ).toBe(200);

      const regular = await t.api('post', `${users()}/${created.id}/invitation`, org.manager.token);
      expect(regular.status).toBe(422);
      expect(regular.body.code).toBe('USER_NOT_PROVISIONAL');
    });

    it('needs an email address and no password', async () => {
      const base = {
        confirmationPassword: DEFAULT_CONFIRMATION,
        provisional: true,
        familyName: '甲',
        givenName: '乙',
      };
      const noMail = await t
        .api('post', users(), org.manager.token)
        .send({ ...base, loginId: uniqueLoginId('p') });
      expect(noMail.status).toBe(400);
      expect(noMail.body.details.fields.email).toBeDefined();
      const withPassword = await t
        .api('post', users(), org.manager.token)
        .send({ ...base, loginId: uniqueLoginId('p'), email: 'p@example.jp', password: DEFAULT_PASSWORD });
      expect(withPassword.status).toBe(400);
      expect(withPassword.body.details.fields.password).toBeDefined();
    });

    it('answers an unknown token like a used one', async () => {
      const res = await t
        .api('post', '/invitations/accept')
        .send({ token: 'x'.repeat(43), password: DEFAULT_PASSWORD });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('AUTH_TOKEN_INVALID');
    });
  });

  describe('ユーザー詳細 / 更新', () => {
    it('changes only the fields present; null clears an optional one', async () => {
      const created = await createOrgUser(t, org, { note: '残す', department: '総務' });
      const res = await t.api('patch', `${users()}/${created.id}`, org.manager.token).send({
        confirmationPassword: DEFAULT_CONFIRMATION,
        givenName: '次郎',
        department: null,
        attributes: ['新'],
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        givenName: '次郎',
        department: null,
        note: '残す',
        attributes: ['新'],
      });
      const row = await userRow(created.id);
      expect(JSON.parse(String(row!.attributes))).toEqual(['新']);
    });

    it('refuses null for a required field', async () => {
      const created = await createOrgUser(t, org);
      const res = await t
        .api('patch', `${users()}/${created.id}`, org.manager.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION, familyName: null });
      expect(res.status).toBe(400);
    });

    it('disabling ends the user’s sessions; nobody disables themselves', async () => {
      const created = await createOrgUser(t, org);
      const token = await loginAs(t, created.loginId, created.password);
      expect((await t.api('get', '/auth/me', token)).status).toBe(200);
      const res = await t
        .api('patch', `${users()}/${created.id}`, org.manager.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION, disabled: true });
      expect(res.status).toBe(200);
      expect(res.body.status.disabled).toBe(true);
      expect((await t.api('get', '/auth/me', token)).status).toBe(401);
      expect(
        (await t.api('post', '/auth/login').send({ loginId: created.loginId, password: created.password }))
          .body.code,
      ).toBe('ACCOUNT_DISABLED');

      const self = await t
        .api('patch', `${users()}/${org.manager.id}`, org.manager.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION, disabled: true });
      expect(self.status).toBe(403);
    });

    it('a new password set by an administrator ends the sessions and works', async () => {
      const created = await createOrgUser(t, org);
      const token = await loginAs(t, created.loginId, created.password);
      const res = await t
        .api('patch', `${users()}/${created.id}`, org.manager.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION, password: 'Another-pass-9' });
      expect(res.status).toBe(200);
      expect((await t.api('get', '/auth/me', token)).status).toBe(401);
      await loginAs(t, created.loginId, 'Another-pass-9');
    });

    it('refuses to disable the last manager while other members remain (MANAGER_REQUIRED)', async () => {
      const other = await createOrg(t);
      await addMember(t, other.orgId);
      const admin = await createOrgUser(t, other, { permissions: [{ permission: Permission.UsersManage }] });
      const adminToken = await signInWithConfirmation(t, admin);
      const res = await t
        .api('patch', `/organizations/${other.orgId}/users/${other.manager.id}`, adminToken)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION, disabled: true });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('MANAGER_REQUIRED');
    });
  });

  describe('削除', () => {
    it('deletes the account and its sessions; audit history keeps the login ID', async () => {
      const created = await createOrgUser(t, org, { attributes: ['消える'] });
      const token = await loginAs(t, created.loginId, created.password);
      const res = await t
        .api('delete', `${users()}/${created.id}`, org.manager.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION });
      expect(res.status).toBe(204);
      expect(await userRow(created.id)).toBeUndefined();
      expect(
        await t.dataSource.query('SELECT 1 FROM user_attributes WHERE user_id = ?', [created.id]),
      ).toEqual([]);
      const open: unknown[] = await t.dataSource.query(
        'SELECT id FROM sessions WHERE user_id = ? AND ended_at IS NULL',
        [created.id],
      );
      expect(open).toEqual([]);
      expect((await t.api('get', '/auth/me', token)).status).toBe(401);
      const history: unknown[] = await t.dataSource.query(
        'SELECT id FROM login_history WHERE login_id_typed = ?',
        [created.loginId],
      );
      expect(history.length).toBeGreaterThan(0);
    });

    it('revokes the deleted user’s client certificates in the same transaction (user.deleted)', async () => {
      const holder = await createOrgUser(t, org);
      const csr = await makeCsr({ key: 'p256' });
      const issued = await t
        .api('post', `/organizations/${org.orgId}/certificates`, org.manager.token)
        .send({ type: 'client', csr: csr.pem, subjectUserId: holder.id });
      expect(issued.status).toBe(201);
      const res = await t
        .api('delete', `${users()}/${holder.id}`, org.manager.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION });
      expect(res.status).toBe(204);
      const [cert] = await t.dataSource.query(
        'SELECT status, revocation_reason FROM certificates WHERE id = ?',
        [issued.body.id],
      );
      expect(cert).toMatchObject({ status: 'revoked', revocation_reason: 'cessationOfOperation' });
    });

    it('nobody deletes themselves; the confirmation password is needed', async () => {
      const self = await t
        .api('delete', `${users()}/${org.manager.id}`, org.manager.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION });
      expect(self.status).toBe(403);
      const created = await createOrgUser(t, org);
      const unconfirmed = await t.api('delete', `${users()}/${created.id}`, org.manager.token).send({});
      expect(unconfirmed.status).toBe(400);
      expect(await userRow(created.id)).toBeDefined();
    });

    it('refuses to delete the last manager while others remain, and the last member except for an operator', async () => {
      const other = await createOrg(t);
      const member = await addMember(t, other.orgId);
      await grantPermissions(t, other, member.id, [Permission.UsersManage]);
      const res = await t
        .api('delete', `/organizations/${other.orgId}/users/${other.manager.id}`, member.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('MANAGER_REQUIRED');

      // The last member: only the help desk (a system operator) removes them (manual: お問合せにてユーザー削除).
      const alone = await createOrg(t);
      const operator = await operatorToken(t);
      await t
        .api('put', '/auth/confirmation-password', operator)
        .send({ password: OPERATOR.password, confirmationPassword: DEFAULT_CONFIRMATION });
      const byOperator = await t
        .api('delete', `/organizations/${alone.orgId}/users/${alone.manager.id}`, operator)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION });
      expect(byOperator.status).toBe(204);
      expect(await userRow(alone.manager.id)).toBeUndefined();
    });
  });

  describe('scope and tenancy', () => {
    let tree: CreatedOrg;
    let scopedToken: string;
    let inside: string;
    let outside: string;
    let insideGroup: string;
    let outsideGroup: string;
    beforeAll(async () => {
      tree = await createOrg(t);
      const parent = await createGroup(t, tree, 'SALES');
      insideGroup = await createGroup(t, tree, 'SALES-1', parent);
      outsideGroup = await createGroup(t, tree, 'HR');
      const scoped = await createOrgUser(t, tree, {
        groupId: parent,
        permissions: [{ permission: Permission.UsersManage, scope: 'subtree' }],
      });
      scopedToken = await signInWithConfirmation(t, scoped);
      inside = (await createOrgUser(t, tree, { groupId: insideGroup })).id;
      outside = (await createOrgUser(t, tree, { groupId: outsideGroup })).id;
    });

    it('a subtree administrator sees and edits users of their subtree only; others are 404', async () => {
      expect((await t.api('get', `/organizations/${tree.orgId}/users/${inside}`, scopedToken)).status).toBe(
        200,
      );
      for (const [method, body] of [
        ['get', undefined],
        ['patch', { confirmationPassword: DEFAULT_CONFIRMATION, note: 'x' }],
        ['delete', { confirmationPassword: DEFAULT_CONFIRMATION }],
      ] as const) {
        const res = await t
          .api(method, `/organizations/${tree.orgId}/users/${outside}`, scopedToken)
          .send(body);
        expect({ method, status: res.status }).toEqual({ method, status: 404 });
      }
      // The sign-in actions of the auth module honour the same scope.
      expect(
        (await t.api('post', `/organizations/${tree.orgId}/users/${outside}/unlock`, scopedToken)).status,
      ).toBe(404);
      expect(
        (await t.api('post', `/organizations/${tree.orgId}/users/${inside}/unlock`, scopedToken)).status,
      ).toBe(200);
    });

    it('a subtree administrator creates and moves users only inside their subtree', async () => {
      const base = {
        confirmationPassword: DEFAULT_CONFIRMATION,
        password: DEFAULT_PASSWORD,
        familyName: '甲',
        givenName: '乙',
      };
      const outsideCreate = await t
        .api('post', `/organizations/${tree.orgId}/users`, scopedToken)
        .send({ ...base, loginId: uniqueLoginId('s'), groupId: outsideGroup });
      expect(outsideCreate.status).toBe(403);
      const noGroup = await t
        .api('post', `/organizations/${tree.orgId}/users`, scopedToken)
        .send({ ...base, loginId: uniqueLoginId('s') });
      expect(noGroup.status).toBe(403);
      const ok = await t
        .api('post', `/organizations/${tree.orgId}/users`, scopedToken)
        .send({ ...base, loginId: uniqueLoginId('s'), groupId: insideGroup });
      expect(ok.status).toBe(201);
      const move = await t
        .api('patch', `/organizations/${tree.orgId}/users/${inside}`, scopedToken)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION, groupId: outsideGroup });
      expect(move.status).toBe(403);
      expect((await userRow(inside))!.group_id).toBe(insideGroup);
    });

    it('another organization’s user is 404, and so is its organization', async () => {
      const stranger = await createOrg(t);
      const res = await t.api(
        'get',
        `/organizations/${org.orgId}/users/${stranger.manager.id}`,
        org.manager.token,
      );
      expect(res.status).toBe(404);
      const foreign = await t.api('get', `/organizations/${stranger.orgId}/users`, org.manager.token);
      expect(foreign.status).toBe(404);
    });

    it('members without users.manage are refused', async () => {
      const plain = await addMember(t, org.orgId);
      expect((await t.api('get', users(), plain.token)).status).toBe(403);
      expect((await t.api('get', `${users()}/${plain.id}`, plain.token)).status).toBe(403);
    });

    it('a group of another organization is 404', async () => {
      const stranger = await createOrg(t);
      const foreignGroup = await createGroup(t, stranger, 'X1');
      const created = await createOrgUser(t, org);
      const res = await t
        .api('patch', `${users()}/${created.id}`, org.manager.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION, groupId: foreignGroup });
      expect(res.status).toBe(404);
      await placeInGroup(t, created.id, null);
    });
  });
});
