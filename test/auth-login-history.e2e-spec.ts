import { newId } from '@kanri/common/ids/new-id';
import { loginActionLabel, type LoginAction } from '../src/audit/login-action';
import {
  addMailableMember,
  dropUniqueIndex,
  lastLoginHistory,
  latestMailedToken,
  latestOtpCode,
  login,
  type LoginHistoryRow,
  outboxFor,
  setOrgSettings,
  TEST_USER_AGENT,
} from './support/auth-helpers';
import { DEFAULT_PASSWORD, uniqueLoginId } from './support/factories';
import { createOrg, type CreatedOrg } from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';

// Jest 29 ignores the e2e project's testTimeout: booting the app on MariaDB under load needs more than 5 s.
jest.setTimeout(60_000);

/**
 * SPEC §3.4: every login-history action, provoked through the API the way a user or an attacker would, and the
 * row it leaves: the code, the exact Japanese label an export prints, the login ID as typed, the resolved user,
 * the organization, the address and the user agent.
 */
describe('login history: every §3.4 action after the API call that causes it', () => {
  let t: TestApp;
  let org: CreatedOrg;
  /** An organization that requires a second factor by email. */
  let otpOrg: CreatedOrg;

  beforeAll(async () => {
    t = await createTestApp();
    org = await createOrg(t);
    otpOrg = await createOrg(t);
  });
  afterAll(() => t.close());

  const post = (path: string, body: object) =>
    t.api('post', path).set('User-Agent', TEST_USER_AGENT).send(body);

  /** The newest row for the typed login ID must be exactly this action, with everything §3.4 lists. */
  async function expectRow(
    loginIdTyped: string,
    action: LoginAction,
    label: string,
    who: { userId: string | null; organizationId: string | null },
  ): Promise<LoginHistoryRow> {
    const row = await lastLoginHistory(t, loginIdTyped);
    expect(row).toMatchObject({
      action,
      login_id_typed: loginIdTyped,
      user_id: who.userId,
      organization_id: who.organizationId,
      user_agent: TEST_USER_AGENT,
    });
    expect(row.ip).toMatch(/^(127\.0\.0\.1|::1)$/);
    expect(loginActionLabel(row.action as LoginAction, row.screen)).toBe(label);
    return row;
  }

  const memberOf = async (o: CreatedOrg, overrides: Record<string, unknown> = {}) => {
    const m = await addMailableMember(t, o, overrides);
    return { ...m, who: { userId: m.id, organizationId: o.orgId } };
  };

  const allowOnly = (userId: string, ips: string[]) =>
    t.dataSource.query('UPDATE users SET allowed_ips = ? WHERE id = ?', [JSON.stringify(ips), userId]);

  /** A sign-in waiting for its emailed code, in the organization that requires one. */
  async function pendingOtp() {
    const m = await memberOf(otpOrg);
    await setOrgSettings(t, otpOrg.orgId, { otpRequirement: 'required', otpMethod: 'email' });
    const res = await login(t, m.loginId);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ otpRequired: true, method: 'email', otpToken: expect.any(String) });
    return { ...m, otpToken: res.body.otpToken as string };
  }

  describe('ログイン', () => {
    it('USER_NOT_FOUND: an unknown login ID, kept as typed', async () => {
      const typed = 'nobody' + uniqueLoginId('x').slice(-5);
      const res = await login(t, typed, 'whatever-123');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
      const row = await expectRow(typed, 'USER_NOT_FOUND', '[ログイン]ユーザーマスタに該当ユーザーなし', {
        userId: null,
        organizationId: null,
      });
      expect(row.screen).toBe('ログイン');
    });

    it('LOGIN_SUCCESS: the right password', async () => {
      const m = await memberOf(org);
      expect((await login(t, m.loginId)).status).toBe(200);
      await expectRow(m.loginId, 'LOGIN_SUCCESS', '[ログイン]ログイン成功', m.who);
    });

    it('LOGIN_WRONG_PASSWORD: a wrong password', async () => {
      const m = await memberOf(org);
      const res = await login(t, m.loginId, 'Wrong-pass-1');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
      await expectRow(m.loginId, 'LOGIN_WRONG_PASSWORD', '[ログイン]パスワード間違い', m.who);
    });

    it('LOGIN_IP_NOT_ALLOWED: an address outside the allow-list', async () => {
      const m = await memberOf(org);
      await allowOnly(m.id, ['192.0.2.0/24']);
      const res = await login(t, m.loginId);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('IP_NOT_ALLOWED');
      await expectRow(m.loginId, 'LOGIN_IP_NOT_ALLOWED', '[ログイン]未許可IPアドレスからのログイン', m.who);
    });

    it('LOGIN_LOCKED_OUT: the wrong password that reaches the threshold', async () => {
      const m = await memberOf(org);
      for (let i = 0; i < 2; i++) expect((await login(t, m.loginId, 'Wrong-pass-1')).status).toBe(401);
      const third = await login(t, m.loginId, 'Wrong-pass-1');
      expect(third.status).toBe(423);
      expect(third.body).toMatchObject({ code: 'ACCOUNT_LOCKED', details: { lockedUntil: null } });
      await expectRow(m.loginId, 'LOGIN_LOCKED_OUT', '[ログイン]ログイン試行超過でロックアウト', m.who);
    });

    it('LOGIN_WHILE_LOCKED: trying again while locked, even with the right password', async () => {
      const m = await memberOf(org);
      for (let i = 0; i < 3; i++) await login(t, m.loginId, 'Wrong-pass-1');
      const res = await login(t, m.loginId, DEFAULT_PASSWORD);
      expect(res.status).toBe(423);
      expect(res.body.code).toBe('ACCOUNT_LOCKED');
      await expectRow(m.loginId, 'LOGIN_WHILE_LOCKED', '[ログイン]ロックアウト中のログイン', m.who);
    });

    it('LOGOUT: signing out, with how long the session lasted', async () => {
      const m = await memberOf(org);
      const token = (await login(t, m.loginId)).body.accessToken;
      const res = await t.api('post', '/auth/logout', token).set('User-Agent', TEST_USER_AGENT);
      expect(res.status).toBe(204);
      const row = await expectRow(m.loginId, 'LOGOUT', 'ログアウト', m.who);
      expect(Number(row.session_seconds)).toBeGreaterThanOrEqual(0);
    });
  });

  describe('ワンタイムパスワード', () => {
    it('OTP_SUCCESS: the emailed code', async () => {
      const p = await pendingOtp();
      await expectRow(p.loginId, 'LOGIN_SUCCESS', '[ログイン]ログイン成功', p.who);
      const res = await post('/auth/otp/verify', {
        otpToken: p.otpToken,
        code: await latestOtpCode(t, p.email),
      });
      expect(res.status).toBe(200);
      expect(res.body.accessToken).toEqual(expect.any(String));
      await expectRow(p.loginId, 'OTP_SUCCESS', '[ワンタイムパスワード]ワンタイムパスワード認証成功', p.who);
    });

    it('OTP_WRONG: a wrong code', async () => {
      const p = await pendingOtp();
      const right = await latestOtpCode(t, p.email);
      const res = await post('/auth/otp/verify', {
        otpToken: p.otpToken,
        code: right === '000000' ? '111111' : '000000',
      });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('OTP_INVALID');
      await expectRow(p.loginId, 'OTP_WRONG', '[ワンタイムパスワード]ワンタイムパスワード間違い', p.who);
    });

    it('OTP_EXPIRED: the right code after its five minutes', async () => {
      const p = await pendingOtp();
      const code = await latestOtpCode(t, p.email);
      t.clock.advanceMinutes(6);
      try {
        const res = await post('/auth/otp/verify', { otpToken: p.otpToken, code });
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('OTP_EXPIRED');
        await expectRow(
          p.loginId,
          'OTP_EXPIRED',
          '[ワンタイムパスワード]ワンタイムパスワード有効期限切れ',
          p.who,
        );
      } finally {
        t.clock.advanceMinutes(-6);
      }
    });

    it('OTP_LOCKED_OUT and OTP_WHILE_LOCKED: five wrong codes suspend, and the next try is refused', async () => {
      const p = await pendingOtp();
      const right = await latestOtpCode(t, p.email);
      const wrong = right === '000000' ? '111111' : '000000';
      for (let i = 0; i < 4; i++) {
        expect((await post('/auth/otp/verify', { otpToken: p.otpToken, code: wrong })).status).toBe(401);
      }
      const fifth = await post('/auth/otp/verify', { otpToken: p.otpToken, code: wrong });
      expect(fifth.status).toBe(423);
      expect(fifth.body.code).toBe('OTP_LOCKED');
      await expectRow(
        p.loginId,
        'OTP_LOCKED_OUT',
        '[ワンタイムパスワード]ワンタイムパスワード入力試行超過（ロックアウト）',
        p.who,
      );
      const again = await post('/auth/otp/verify', { otpToken: p.otpToken, code: right });
      expect(again.status).toBe(423);
      expect(again.body.code).toBe('OTP_LOCKED');
      await expectRow(
        p.loginId,
        'OTP_WHILE_LOCKED',
        '[ワンタイムパスワード]ロックアウト中のワンタイムパスワード入力',
        p.who,
      );
    });

    it('OTP_RESENT and OTP_RESEND_LIMIT: three resends, then no more', async () => {
      const p = await pendingOtp();
      for (let i = 0; i < 3; i++) {
        const res = await post('/auth/otp/resend', { otpToken: p.otpToken });
        expect(res.status).toBe(200);
        expect(res.body.resendsRemaining).toBe(2 - i);
        await expectRow(p.loginId, 'OTP_RESENT', '[ワンタイムパスワード]ワンタイムパスワード再送信', p.who);
      }
      expect(
        (await outboxFor(t, p.email)).filter((m) => m.subject.includes('ワンタイムパスワード')),
      ).toHaveLength(4);
      const fourth = await post('/auth/otp/resend', { otpToken: p.otpToken });
      expect(fourth.status).toBe(429);
      expect(fourth.body.code).toBe('OTP_RESEND_LIMIT');
      await expectRow(
        p.loginId,
        'OTP_RESEND_LIMIT',
        '[ワンタイムパスワード]ワンタイムパスワード再送信回数超過',
        p.who,
      );
    });

    it('OTP_RECORD_MISSING: the one-time password row vanished between the two steps', async () => {
      const p = await pendingOtp();
      await t.dataSource.query('DELETE FROM user_otp WHERE user_id = ?', [p.id]);
      const res = await post('/auth/otp/verify', { otpToken: p.otpToken, code: '123456' });
      expect(res.status).toBe(409);
      await expectRow(
        p.loginId,
        'OTP_RECORD_MISSING',
        '[ワンタイムパスワード]ワンタイムパスワードテーブルに該当ユーザー無し',
        p.who,
      );
    });
  });

  describe('パスワード再発行', () => {
    it('RESET_REQUEST_SUCCESS: login ID and email match; a token is mailed', async () => {
      const m = await memberOf(org);
      const res = await post('/auth/password-reset/request', { loginId: m.loginId, email: m.email });
      expect(res.status).toBe(202);
      await expectRow(
        m.loginId,
        'RESET_REQUEST_SUCCESS',
        '[パスワード再発行要求]パスワード再発行要求成功',
        m.who,
      );
      expect(await latestMailedToken(t, m.email, '再発行用トークン')).toHaveLength(43);
    });

    it('RESET_REQUEST_IP_NOT_ALLOWED: asked from an address outside the allow-list; nothing is mailed', async () => {
      const m = await memberOf(org);
      await allowOnly(m.id, ['2001:db8::/32']);
      const res = await post('/auth/password-reset/request', { loginId: m.loginId, email: m.email });
      expect(res.status).toBe(202);
      await expectRow(
        m.loginId,
        'RESET_REQUEST_IP_NOT_ALLOWED',
        '[パスワード再発行要求]未許可IPアドレスからのパスワード再発行要求',
        m.who,
      );
      expect(await outboxFor(t, m.email)).toEqual([]);
    });

    it('RESET_REQUEST_LIMIT and RESET_REQUEST_WHILE_LOCKED: the fourth request locks, the fifth finds it locked', async () => {
      const m = await memberOf(org);
      for (let i = 0; i < 3; i++) {
        expect(
          (await post('/auth/password-reset/request', { loginId: m.loginId, email: m.email })).status,
        ).toBe(202);
      }
      expect(
        (await post('/auth/password-reset/request', { loginId: m.loginId, email: m.email })).status,
      ).toBe(202);
      await expectRow(
        m.loginId,
        'RESET_REQUEST_LIMIT',
        '[パスワード再発行要求]パスワード再発行回数超過（ロックアウト）',
        m.who,
      );
      expect(
        (await post('/auth/password-reset/request', { loginId: m.loginId, email: m.email })).status,
      ).toBe(202);
      await expectRow(
        m.loginId,
        'RESET_REQUEST_WHILE_LOCKED',
        '[パスワード再発行要求]ロックアウト中のパスワード再発行要求',
        m.who,
      );
      expect(await outboxFor(t, m.email)).toHaveLength(3);
    });

    it('RESET_IP_NOT_ALLOWED: the reset link used from an address outside the allow-list', async () => {
      const m = await memberOf(org);
      await post('/auth/password-reset/request', { loginId: m.loginId, email: m.email });
      const token = await latestMailedToken(t, m.email, '再発行用トークン');
      await allowOnly(m.id, ['192.0.2.0/24']);
      const res = await post('/auth/password-reset/confirm', { token, newPassword: 'Brand-new-pass1' });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('IP_NOT_ALLOWED');
      await expectRow(
        m.loginId,
        'RESET_IP_NOT_ALLOWED',
        '[パスワード再発行]未許可IPアドレスからのパスワード再発行',
        m.who,
      );
    });
  });

  describe('IPアドレス変更', () => {
    it('IP_CHANGE_REQUEST_SUCCESS: the password is right and this address is new; a link is mailed', async () => {
      const m = await memberOf(org);
      await allowOnly(m.id, ['192.0.2.0/24']);
      const res = await post('/auth/ip-change/request', { loginId: m.loginId, password: DEFAULT_PASSWORD });
      expect(res.status).toBe(202);
      await expectRow(
        m.loginId,
        'IP_CHANGE_REQUEST_SUCCESS',
        '[IPアドレス変更要求]IPアドレス変更要求成功',
        m.who,
      );
      expect(await latestMailedToken(t, m.email, '確認用トークン')).toHaveLength(43);
    });

    it('IP_CHANGE_REQUEST_LIMIT and IP_CHANGE_REQUEST_WHILE_LOCKED: the fourth request locks, the fifth finds it locked', async () => {
      const m = await memberOf(org);
      await allowOnly(m.id, ['192.0.2.0/24']);
      const ask = () => post('/auth/ip-change/request', { loginId: m.loginId, password: DEFAULT_PASSWORD });
      for (let i = 0; i < 3; i++) expect((await ask()).status).toBe(202);
      const fourth = await ask();
      expect(fourth.status).toBe(423);
      expect(fourth.body.code).toBe('IP_CHANGE_LOCKED');
      await expectRow(
        m.loginId,
        'IP_CHANGE_REQUEST_LIMIT',
        '[IPアドレス変更要求]IPアドレス変更申請回数超過（ロックアウト）',
        m.who,
      );
      const fifth = await ask();
      expect(fifth.status).toBe(423);
      await expectRow(
        m.loginId,
        'IP_CHANGE_REQUEST_WHILE_LOCKED',
        '[IPアドレス変更要求]ロックアウト中のIPアドレス変更申請',
        m.who,
      );
    });
  });

  /**
   * The three consistency actions: unique indexes make them impossible for data Kanri wrote itself, so these
   * tests first drop the index and duplicate a row, as an import from an older system could have left it.
   */
  describe('data imported from elsewhere (consistency actions)', () => {
    async function duplicateRow(table: string, where: string, params: unknown[]): Promise<void> {
      const [row]: Record<string, unknown>[] = await t.dataSource.query(
        `SELECT * FROM ${table} WHERE ${where}`,
        params,
      );
      const copy: Record<string, unknown> = { ...row, id: newId() };
      const columns = Object.keys(copy);
      await t.dataSource.query(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
        columns.map((c) => copy[c]),
      );
    }

    it('USER_DUPLICATED: two users with the typed login ID', async () => {
      const m = await memberOf(org);
      await dropUniqueIndex(t, 'users', 'ux_users_login_id');
      await duplicateRow('users', 'id = ?', [m.id]);
      const res = await login(t, m.loginId);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
      const row = await expectRow(
        m.loginId,
        'USER_DUPLICATED',
        '[ログイン]ユーザーマスタに該当ユーザーが2件以上存在',
        { userId: null, organizationId: null },
      );
      expect(row.screen).toBe('ログイン');
    });

    it('LOCK_TABLE_INCONSISTENT: two request-limit rows for the user, named with the screen', async () => {
      const m = await memberOf(org);
      await post('/auth/password-reset/request', { loginId: m.loginId, email: m.email });
      await dropUniqueIndex(t, 'auth_request_limits', 'ux_auth_request_limits');
      await duplicateRow('auth_request_limits', 'user_id = ?', [m.id]);
      const res = await post('/auth/password-reset/request', { loginId: m.loginId, email: m.email });
      expect(res.status).toBe(202);
      await expectRow(
        m.loginId,
        'LOCK_TABLE_INCONSISTENT',
        '[パスワード再発行要求]ユーザーロックテーブルが2件以上存在',
        m.who,
      );
      expect(await outboxFor(t, m.email)).toHaveLength(1);
    });

    it('OTP_RECORD_DUPLICATED: two one-time-password rows for the user', async () => {
      const p = await pendingOtp();
      await dropUniqueIndex(t, 'user_otp', 'ux_user_otp_user');
      await duplicateRow('user_otp', 'user_id = ?', [p.id]);
      const res = await post('/auth/otp/verify', {
        otpToken: p.otpToken,
        code: await latestOtpCode(t, p.email),
      });
      expect(res.status).toBe(409);
      await expectRow(
        p.loginId,
        'OTP_RECORD_DUPLICATED',
        '[ワンタイムパスワード]ワンタイムパスワードテーブルが2件以上存在',
        p.who,
      );
    });
  });
});
