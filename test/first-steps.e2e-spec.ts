import { OPERATOR, createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(60_000);

/**
 * The README's "First steps", request for request: from the operator's first sign-in to an organization with a
 * manager and a member. Change the README and this test together.
 */
describe('first steps (README)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    // As after a first start without KANRI_ADMIN_PASSWORD: the printed password must be changed first.
    await t.dataSource.query('UPDATE users SET must_change_password = ? WHERE login_id = ?', [
      true,
      OPERATOR.loginId,
    ]);
  });
  afterAll(() => t.close());

  const login = async (loginId: string, password: string) => {
    const res = await t.api('post', '/auth/login').send({ loginId, password });
    expect(res.status).toBe(200);
    return res.body as { accessToken: string; passwordChangeRequired: boolean };
  };

  it('goes from the first start to an organization with a manager and a member', async () => {
    // 1. The operator signs in, must change the printed password, and signs in again.
    const first = await login(OPERATOR.loginId, OPERATOR.password);
    expect(first.passwordChangeRequired).toBe(true);
    await t.api('get', '/users', first.accessToken).expect(403);
    await t
      .api('post', '/auth/password', first.accessToken)
      .send({ currentPassword: OPERATOR.password, newPassword: 'Operator-pass-2' })
      .expect(204);
    const op = (await login(OPERATOR.loginId, 'Operator-pass-2')).accessToken;

    // An operator does not join organizations, and the refusal names the ways.
    const refused = await t.api('post', '/organizations', op).send({ name: '株式会社カンリ' });
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain('POST /api/v1/system/organizations');
    expect(refused.body.message).toContain('POST /api/v1/users');
    expect(refused.body.message).toContain('PUT /api/v1/me/organization');

    // 2. The operator opens the organization with its first manager (組織登録).
    const opened = await t
      .api('post', '/system/organizations', op)
      .send({
        name: '株式会社カンリ',
        manager: {
          loginId: 'hanako1',
          password: 'Start-pass-1',
          confirmationPassword: 'Confirm-pass-1',
          familyName: '山田',
          givenName: '花子',
          familyNameKana: 'ヤマダ',
          givenNameKana: 'ハナコ',
          email: 'hanako1@example.jp',
        },
      })
      .expect(201);
    const org = { body: opened.body.organization as { id: string; code: string } };

    // 3. The manager signs in, must change the password, and reads the code to share (組織コード).
    const firstSignIn = await login('hanako1', 'Start-pass-1');
    expect(firstSignIn.passwordChangeRequired).toBe(true);
    await t
      .api('post', '/auth/password', firstSignIn.accessToken)
      .send({ currentPassword: 'Start-pass-1', newPassword: 'Hanako-pass-2' })
      .expect(204);
    const hanako = (await login('hanako1', 'Hanako-pass-2')).accessToken;
    const mine = await t.api('get', '/me/organization', hanako).expect(200);
    expect(mine.body).toMatchObject({ organization: { code: org.body.code }, isManager: true });

    // 4. The operator creates an account for a new member, who signs in and joins with the code.
    await t
      .api('post', '/users', op)
      .send({
        loginId: 'taro01',
        password: 'Start-pass-1',
        confirmationPassword: 'Confirm-pass-1',
        familyName: '山田',
        givenName: '太郎',
        familyNameKana: 'ヤマダ',
        givenNameKana: 'タロウ',
        email: 'taro01@example.jp',
      })
      .expect(201);
    const taro = (await login('taro01', 'Start-pass-1')).accessToken;
    await t.api('put', '/me/organization', taro).send({ code: mine.body.organization.code }).expect(200);

    // 5. The manager sees both members, and is the only manager.
    const managers = await t.api('get', `/organizations/${org.body.id}/managers`, hanako).expect(200);
    expect(managers.body.memberCount).toBe(2);
    expect(
      (managers.body.members as { loginId: string; isManager: boolean }[])
        .map((m) => [m.loginId, m.isManager])
        .sort(),
    ).toEqual([
      ['hanako1', true],
      ['taro01', false],
    ]);
  });
});
