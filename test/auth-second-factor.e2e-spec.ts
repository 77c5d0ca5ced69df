import { FieldCipher } from '@kanri/security/field-cipher';
import { totpSecretContext } from '../src/auth/second-factor/totp-secret';
import {
  addMailableMember,
  countActions,
  latestOtpCode,
  login,
  outboxFor,
  setOrgSettings,
  totpCode,
} from './support/auth-helpers';
import { createOrg, type CreatedOrg, type OrgMember } from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';

// Jest 29 ignores the e2e project's testTimeout: booting the app on MariaDB under load needs more than 5 s.
jest.setTimeout(60_000);

/** SPEC §3.3: emailed one-time passwords, authenticator apps (TOTP) and what administrators can do about them. */
describe('second factor: email OTP and TOTP', () => {
  let t: TestApp;
  let org: CreatedOrg;

  beforeAll(async () => {
    t = await createTestApp();
    org = await createOrg(t);
  });
  afterAll(() => t.close());

  const verify = (otpToken: string, code: string) =>
    t.api('post', '/auth/otp/verify').send({ otpToken, code });
  const otherThan = (code: string) => (code === '000000' ? '111111' : '000000');

  /** Enrols an authenticator for a signed-in member; returns the base32 secret. */
  async function enrol(m: OrgMember): Promise<string> {
    const setup = await t.api('post', '/auth/totp/setup', m.token);
    expect(setup.status).toBe(200);
    const secret = setup.body.secret as string;
    const activate = await t.api('post', '/auth/totp/activate', m.token).send({ code: totpCode(t, secret) });
    expect(activate.status).toBe(200);
    expect(activate.body).toEqual({ twoFactorEnabled: true });
    // The activation code's step is spent; two steps later every code in the ±1 window is fresh.
    t.clock.advance(60_000);
    return secret;
  }

  describe('authenticator apps (TOTP)', () => {
    it('sets up with a base32 secret, an otpauth:// URL and a QR code, and keeps the secret encrypted', async () => {
      const m = await addMailableMember(t, org);
      const res = await t.api('post', '/auth/totp/setup', m.token);
      expect(res.status).toBe(200);
      expect(res.body.secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(res.body.otpauthUrl).toMatch(new RegExp(`^otpauth://totp/Kanri:${m.loginId}\\?`));
      expect(res.body.otpauthUrl).toContain(`secret=${res.body.secret}`);
      expect(res.body.qrCodeDataUrl).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/=]{200,}$/);

      expect(
        (
          await t
            .api('post', '/auth/totp/activate', m.token)
            .send({ code: otherThan(totpCode(t, res.body.secret)) })
        ).status,
      ).toBe(401);
      expect(
        (await t.api('post', '/auth/totp/activate', m.token).send({ code: totpCode(t, res.body.secret) }))
          .status,
      ).toBe(200);

      const [row] = await t.dataSource.query(
        'SELECT totp_secret, totp_pending_secret FROM user_otp WHERE user_id = ?',
        [m.id],
      );
      expect(row.totp_pending_secret).toBeNull();
      expect(row.totp_secret).toMatch(/^v1\.k1\./);
      expect(row.totp_secret).not.toContain(res.body.secret);
      const opened = t.app.get(FieldCipher).decrypt(row.totp_secret, totpSecretContext(m.id));
      expect(opened).toHaveLength(20);
      const [user] = await t.dataSource.query('SELECT two_factor_enabled FROM users WHERE id = ?', [m.id]);
      expect(Boolean(user.two_factor_enabled)).toBe(true);
      const me = await t.api('get', '/auth/me', m.token);
      expect(me.body.user.status.twoFactorEnabled).toBe(true);
    });

    it('asks an enrolled user for a TOTP code after the password; no session exists until it is given', async () => {
      const m = await addMailableMember(t, org);
      const secret = await enrol(m);
      const res = await login(t, m.loginId);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        otpRequired: true,
        otpToken: expect.any(String),
        method: 'totp',
        expiresAt: expect.any(String),
      });
      expect(res.body.accessToken).toBeUndefined();
      expect((await t.api('get', '/auth/me', res.body.otpToken)).status).toBe(401);
      const sessionsBefore = await t.dataSource.query('SELECT id FROM sessions WHERE user_id = ?', [m.id]);

      const ok = await verify(res.body.otpToken, totpCode(t, secret));
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ accessToken: expect.any(String), passwordChangeRequired: false });
      expect((await t.api('get', '/auth/me', ok.body.accessToken)).status).toBe(200);
      const sessionsAfter = await t.dataSource.query('SELECT id FROM sessions WHERE user_id = ?', [m.id]);
      expect(sessionsAfter.length).toBe(sessionsBefore.length + 1);
    });

    it('accepts a code once: the same code is refused on the next sign-in (replay)', async () => {
      const m = await addMailableMember(t, org);
      const secret = await enrol(m);
      const code = totpCode(t, secret);
      const first = await login(t, m.loginId);
      expect((await verify(first.body.otpToken, code)).status).toBe(200);

      const second = await login(t, m.loginId);
      const replay = await verify(second.body.otpToken, code);
      expect(replay.status).toBe(401);
      expect(replay.body.code).toBe('OTP_INVALID');
      expect(await countActions(t, m.id)).toMatchObject({ OTP_SUCCESS: 1, OTP_WRONG: 1 });
      // The next step's code is fine.
      expect((await verify(second.body.otpToken, totpCode(t, secret, 1))).status).toBe(200);
    });

    it('spends the otpToken with the code: it cannot open a second session', async () => {
      const m = await addMailableMember(t, org);
      const secret = await enrol(m);
      const res = await login(t, m.loginId);
      expect((await verify(res.body.otpToken, totpCode(t, secret))).status).toBe(200);
      const again = await verify(res.body.otpToken, totpCode(t, secret, 1));
      expect(again.status).toBe(401);
      expect(again.body.code).toBe('OTP_EXPIRED');
    });

    it('allows one step of drift either way, no more', async () => {
      const m = await addMailableMember(t, org);
      const secret = await enrol(m);
      const res = await login(t, m.loginId);
      expect((await verify(res.body.otpToken, totpCode(t, secret, -2))).status).toBe(401);
      expect((await verify(res.body.otpToken, totpCode(t, secret, 2))).status).toBe(401);
      expect((await verify(res.body.otpToken, totpCode(t, secret, -1))).status).toBe(200);
    });

    it('has no codes to resend', async () => {
      const m = await addMailableMember(t, org);
      await enrol(m);
      const res = await login(t, m.loginId);
      const resend = await t.api('post', '/auth/otp/resend').send({ otpToken: res.body.otpToken });
      expect(resend.status).toBe(400);
    });

    it('refuses tokens that are not otpTokens', async () => {
      const m = await addMailableMember(t, org);
      for (const otpToken of ['garbage', m.token]) {
        const res = await verify(otpToken, '123456');
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('OTP_INVALID');
      }
    });

    it('is not offered when the organization turned the second factor off', async () => {
      const o = await createOrg(t);
      const m = await addMailableMember(t, o);
      await enrol(m);
      await setOrgSettings(t, o.orgId, { otpRequirement: 'off' });
      const res = await login(t, m.loginId);
      expect(res.body.accessToken).toEqual(expect.any(String));
      expect((await t.api('post', '/auth/totp/setup', m.token)).status).toBe(403);
    });
  });

  describe('emailed codes where the organization requires a second factor', () => {
    let required: CreatedOrg;
    beforeAll(async () => {
      required = await createOrg(t);
    });
    const pending = async () => {
      const m = await addMailableMember(t, required);
      await setOrgSettings(t, required.orgId, { otpRequirement: 'required', otpMethod: 'email' });
      const res = await login(t, m.loginId);
      expect(res.body).toMatchObject({ otpRequired: true, method: 'email' });
      return { ...m, otpToken: res.body.otpToken as string, expiresAt: res.body.expiresAt as string };
    };

    it('mails a 6-digit code valid for 5 minutes, stored only as a digest', async () => {
      const p = await pending();
      const expires = new Date(p.expiresAt).getTime() - t.clock.now().getTime();
      expect(expires).toBeGreaterThan(4.9 * 60_000);
      expect(expires).toBeLessThanOrEqual(5 * 60_000);
      const code = await latestOtpCode(t, p.email);
      const [row] = await t.dataSource.query('SELECT code_hash FROM user_otp WHERE user_id = ?', [p.id]);
      expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(row.code_hash).not.toContain(code);
      expect((await verify(p.otpToken, code)).status).toBe(200);
    });

    it('expires the code after 5 minutes on the business clock, and a resend brings a fresh one', async () => {
      const p = await pending();
      const code = await latestOtpCode(t, p.email);
      t.clock.advance(5 * 60_000 - 2_000);
      try {
        expect((await verify(p.otpToken, otherThan(code))).status).toBe(401);
        t.clock.advance(3_000);
        const late = await verify(p.otpToken, code);
        expect(late.status).toBe(401);
        expect(late.body.code).toBe('OTP_EXPIRED');
        const resend = await t.api('post', '/auth/otp/resend').send({ otpToken: p.otpToken });
        expect(resend.status).toBe(200);
        const fresh = await latestOtpCode(t, p.email);
        expect((await verify(p.otpToken, fresh)).status).toBe(200);
      } finally {
        t.clock.advance(-(5 * 60_000 + 1_000));
      }
    });

    it('suspends one-time passwords after 5 wrong codes until an administrator lifts it', async () => {
      const p = await pending();
      for (let i = 0; i < 4; i++) expect((await verify(p.otpToken, '999999')).status).toBe(401);
      expect((await verify(p.otpToken, '999999')).status).toBe(423);
      const [row] = await t.dataSource.query(
        'SELECT suspended_at, failed_attempts FROM user_otp WHERE user_id = ?',
        [p.id],
      );
      expect(row.suspended_at).not.toBeNull();
      expect(Number(row.failed_attempts)).toBe(5);

      const next = await login(t, p.loginId);
      expect(next.status).toBe(423);
      expect(next.body.code).toBe('OTP_LOCKED');
      const mailsBefore = (await outboxFor(t, p.email)).length;

      const lift = await t.api(
        'post',
        `/organizations/${required.orgId}/users/${p.id}/otp/lift-suspension`,
        required.manager.token,
      );
      expect(lift.status).toBe(200);
      const again = await login(t, p.loginId);
      expect(again.status).toBe(200);
      expect((await outboxFor(t, p.email)).length).toBe(mailsBefore + 1);
      expect((await verify(again.body.otpToken, await latestOtpCode(t, p.email))).status).toBe(200);
    });

    it('never lets parallel wrong codes past the limit', async () => {
      const p = await pending();
      const answers = await Promise.all(Array.from({ length: 12 }, () => verify(p.otpToken, '999999')));
      expect(answers.filter((r) => r.status === 401)).toHaveLength(4);
      expect(answers.filter((r) => r.status === 423)).toHaveLength(8);
      expect(await countActions(t, p.id)).toMatchObject({
        OTP_WRONG: 4,
        OTP_LOCKED_OUT: 1,
        OTP_WHILE_LOCKED: 7,
      });
    });

    it('uses the authenticator instead for users who enrolled one', async () => {
      const m = await addMailableMember(t, required);
      await setOrgSettings(t, required.orgId, { otpRequirement: 'optional' });
      const secret = await enrol(m);
      await setOrgSettings(t, required.orgId, { otpRequirement: 'required' });
      const res = await login(t, m.loginId);
      expect(res.body.method).toBe('totp');
      expect((await verify(res.body.otpToken, totpCode(t, secret))).status).toBe(200);
    });

    it('cannot sign in a user with neither an authenticator nor an email address', async () => {
      const m = await addMailableMember(t, required);
      await t.dataSource.query('UPDATE users SET email = NULL WHERE id = ?', [m.id]);
      const res = await login(t, m.loginId);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('SECOND_FACTOR_UNAVAILABLE');
    });
  });

  describe('administrators (トークンの失効, 2要素認証の無効化)', () => {
    for (const [path, screen] of [
      ['totp/revoke', 'トークンの失効'],
      ['two-factor/disable', '2要素認証の無効化'],
    ] as const) {
      it(`${screen}: deletes the authenticator secret; the user signs in with the password alone`, async () => {
        const m = await addMailableMember(t, org);
        const secret = await enrol(m);
        const waiting = await login(t, m.loginId);
        expect(waiting.body.method).toBe('totp');

        const res = await t.api(
          'post',
          `/organizations/${org.orgId}/users/${m.id}/${path}`,
          org.manager.token,
        );
        expect(res.status).toBe(200);
        expect(res.body.status.twoFactorEnabled).toBe(false);
        const [row] = await t.dataSource.query('SELECT totp_secret FROM user_otp WHERE user_id = ?', [m.id]);
        expect(row.totp_secret).toBeNull();

        // A sign-in that was waiting for the app cannot finish with it any more.
        expect((await verify(waiting.body.otpToken, totpCode(t, secret))).status).toBe(401);
        const plain = await login(t, m.loginId);
        expect(plain.body.accessToken).toEqual(expect.any(String));
        const ops: { screen: string }[] = await t.dataSource.query(
          'SELECT screen FROM operation_history WHERE operator_user_id = ? AND route LIKE ?',
          [org.manager.id, `%/${path}`],
        );
        expect(ops.map((o) => o.screen)).toContain(screen);
      });
    }

    it('answers 404 for a user of another organization', async () => {
      const m = await addMailableMember(t, org);
      await enrol(m);
      const other = await createOrg(t);
      for (const path of ['totp/revoke', 'two-factor/disable', 'otp/lift-suspension']) {
        const res = await t.api(
          'post',
          `/organizations/${other.orgId}/users/${m.id}/${path}`,
          other.manager.token,
        );
        expect(res.status).toBe(404);
      }
      expect((await login(t, m.loginId)).body.method).toBe('totp');
    });
  });
});
