import { createHash } from 'node:crypto';
import {
  addMailableMember,
  countActions,
  isoOrNull,
  latestMailedToken,
  login,
  outboxFor,
  setOrgSettings,
} from './support/auth-helpers';
import { DEFAULT_PASSWORD } from './support/factories';
import { createOrg, type CreatedOrg } from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';

// Jest 29 ignores the e2e project's testTimeout: booting the app on MariaDB under load needs more than 5 s.
jest.setTimeout(60_000);

/** SPEC §3.5: password reset and IP change by emailed, single-use, hashed tokens, with their limits and locks. */
describe('password reset and IP change', () => {
  let t: TestApp;
  let org: CreatedOrg;

  beforeAll(async () => {
    t = await createTestApp();
    org = await createOrg(t);
  });
  afterAll(() => t.close());

  const requestReset = (loginId: string, email: string) =>
    t.api('post', '/auth/password-reset/request').send({ loginId, email });
  const confirmReset = (token: string, newPassword: string) =>
    t.api('post', '/auth/password-reset/confirm').send({ token, newPassword });
  const allowOnly = (userId: string, ips: string[]) =>
    t.dataSource.query('UPDATE users SET allowed_ips = ? WHERE id = ?', [JSON.stringify(ips), userId]);

  describe('password reset (パスワード再発行)', () => {
    it('answers 202 to anything, and mails a token only when login ID and email match', async () => {
      const m = await addMailableMember(t, org);
      expect((await requestReset('nobody0001', m.email)).status).toBe(202);
      expect((await requestReset(m.loginId, 'someone-else@example.jp')).status).toBe(202);
      expect(await outboxFor(t, m.email)).toEqual([]);
      expect((await requestReset(m.loginId, m.email.toUpperCase())).status).toBe(202);
      expect(await outboxFor(t, m.email)).toHaveLength(1);
    });

    it('stores only the SHA-256 of the token, valid for one hour', async () => {
      const m = await addMailableMember(t, org);
      await requestReset(m.loginId, m.email);
      const token = await latestMailedToken(t, m.email, '再発行用トークン');
      const rows: { token_hash: string; expires_at: unknown; created_at: unknown }[] =
        await t.dataSource.query(
          'SELECT token_hash, expires_at, created_at FROM auth_tokens WHERE user_id = ?',
          [m.id],
        );
      expect(rows).toHaveLength(1);
      expect(rows[0].token_hash).toBe(createHash('sha256').update(token).digest('hex'));
      expect(JSON.stringify(rows)).not.toContain(token);
      const lifetime =
        Date.parse(isoOrNull(rows[0].expires_at)!) - Date.parse(isoOrNull(rows[0].created_at)!);
      expect(lifetime).toBe(60 * 60_000);
    });

    it('sets the new password once: the token is single use, and every session ends', async () => {
      const m = await addMailableMember(t, org);
      const other = (await login(t, m.loginId)).body.accessToken as string;
      await requestReset(m.loginId, m.email);
      const token = await latestMailedToken(t, m.email, '再発行用トークン');

      const weak = await confirmReset(token, 'short');
      expect(weak.status).toBe(400);
      expect(weak.body.code).toBe('PASSWORD_POLICY_VIOLATED');
      expect((await confirmReset(token, 'Fresh-passw0rd')).status).toBe(204);
      const again = await confirmReset(token, 'Another-passw0rd');
      expect(again.status).toBe(400);
      expect(again.body.code).toBe('AUTH_TOKEN_INVALID');

      expect((await t.api('get', '/auth/me', m.token)).status).toBe(401);
      expect((await t.api('get', '/auth/me', other)).status).toBe(401);
      expect((await login(t, m.loginId)).status).toBe(401);
      expect((await login(t, m.loginId, 'Fresh-passw0rd')).status).toBe(200);
    });

    it('lets only one of several parallel confirmations use the token', async () => {
      const m = await addMailableMember(t, org);
      await requestReset(m.loginId, m.email);
      const token = await latestMailedToken(t, m.email, '再発行用トークン');
      const answers = await Promise.all(
        Array.from({ length: 8 }, (_, i) => confirmReset(token, `Parallel-pass${i}`)),
      );
      expect(answers.filter((r) => r.status === 204)).toHaveLength(1);
      expect(answers.filter((r) => r.status === 400)).toHaveLength(7);
    });

    it('refuses a token after its hour, and older tokens once a newer one is mailed', async () => {
      const m = await addMailableMember(t, org);
      await requestReset(m.loginId, m.email);
      const first = await latestMailedToken(t, m.email, '再発行用トークン');
      await requestReset(m.loginId, m.email);
      const second = await latestMailedToken(t, m.email, '再発行用トークン');
      expect(second).not.toBe(first);
      expect((await confirmReset(first, 'Fresh-passw0rd')).body.code).toBe('AUTH_TOKEN_INVALID');
      t.clock.advanceMinutes(61);
      try {
        expect((await confirmReset(second, 'Fresh-passw0rd')).body.code).toBe('AUTH_TOKEN_INVALID');
      } finally {
        t.clock.advanceMinutes(-61);
      }
      expect((await login(t, m.loginId)).status).toBe(200);
    });

    it("applies the organization's password policy", async () => {
      const o = await createOrg(t);
      const m = await addMailableMember(t, o);
      await setOrgSettings(t, o.orgId, { passwordPolicy: 'legacy_banking' });
      await requestReset(m.loginId, m.email);
      const token = await latestMailedToken(t, m.email, '再発行用トークン');
      expect((await confirmReset(token, 'Much-too-long-for-legacy1')).body.code).toBe(
        'PASSWORD_POLICY_VIOLATED',
      );
      expect((await confirmReset(token, 'Legacy12')).status).toBe(204);
    });

    it('never mails more than 3 tokens a day, even to parallel requests, and then stays locked', async () => {
      const m = await addMailableMember(t, org);
      const answers = await Promise.all(Array.from({ length: 10 }, () => requestReset(m.loginId, m.email)));
      expect(answers.every((r) => r.status === 202)).toBe(true);
      expect(await outboxFor(t, m.email)).toHaveLength(3);
      expect(await countActions(t, m.id)).toMatchObject({
        RESET_REQUEST_SUCCESS: 3,
        RESET_REQUEST_LIMIT: 1,
        RESET_REQUEST_WHILE_LOCKED: 6,
      });
      t.clock.advanceDays(2);
      try {
        await requestReset(m.loginId, m.email);
        expect(await outboxFor(t, m.email)).toHaveLength(3);
      } finally {
        t.clock.advanceDays(-2);
      }
    });

    it('starts a new window after 24 hours while under the limit', async () => {
      const m = await addMailableMember(t, org);
      for (let i = 0; i < 3; i++) await requestReset(m.loginId, m.email);
      t.clock.advanceMinutes(24 * 60 + 1);
      try {
        await requestReset(m.loginId, m.email);
        expect(await outboxFor(t, m.email)).toHaveLength(4);
        expect((await countActions(t, m.id)).RESET_REQUEST_LIMIT).toBeUndefined();
      } finally {
        t.clock.advanceMinutes(-(24 * 60 + 1));
      }
    });

    it("is opened again by an administrator's unlock", async () => {
      const m = await addMailableMember(t, org);
      for (let i = 0; i < 4; i++) await requestReset(m.loginId, m.email);
      const unlock = await t.api(
        'post',
        `/organizations/${org.orgId}/users/${m.id}/unlock`,
        org.manager.token,
      );
      expect(unlock.status).toBe(200);
      await requestReset(m.loginId, m.email);
      expect(await outboxFor(t, m.email)).toHaveLength(4);
    });
  });

  describe('IP change (IPアドレス変更)', () => {
    it('adds the address the request came from after the mailed confirmation; sign-in works from it', async () => {
      const m = await addMailableMember(t, org);
      await allowOnly(m.id, ['192.0.2.0/24']);
      expect((await login(t, m.loginId)).status).toBe(403);

      const req = await t
        .api('post', '/auth/ip-change/request')
        .send({ loginId: m.loginId, password: DEFAULT_PASSWORD });
      expect(req.status).toBe(202);
      const mail = (await outboxFor(t, m.email))[0];
      expect(mail.subject).toContain('IPアドレス変更');
      const token = await latestMailedToken(t, m.email, '確認用トークン');

      const ok = await t.api('post', '/auth/ip-change/confirm').send({ token });
      expect(ok.status).toBe(200);
      expect(ok.body.allowedIps).toEqual(['192.0.2.0/24', expect.stringMatching(/^(127\.0\.0\.1|::1)$/)]);
      expect((await login(t, m.loginId)).status).toBe(200);
      const again = await t.api('post', '/auth/ip-change/confirm').send({ token });
      expect(again.status).toBe(400);
      expect(again.body.code).toBe('AUTH_TOKEN_INVALID');
    });

    it('needs the right password, counted toward the lockout', async () => {
      const m = await addMailableMember(t, org);
      await allowOnly(m.id, ['192.0.2.0/24']);
      const ask = (password: string) =>
        t.api('post', '/auth/ip-change/request').send({ loginId: m.loginId, password });
      expect((await ask('Wrong-pass-1')).status).toBe(401);
      expect((await ask('Wrong-pass-1')).status).toBe(401);
      expect((await ask('Wrong-pass-1')).status).toBe(423);
      expect((await ask(DEFAULT_PASSWORD)).body.code).toBe('ACCOUNT_LOCKED');
      expect(await outboxFor(t, m.email)).toEqual([]);
      const unknown = await t
        .api('post', '/auth/ip-change/request')
        .send({ loginId: 'nobody0002', password: 'x' });
      expect(unknown.status).toBe(401);
      expect(unknown.body.code).toBe('INVALID_CREDENTIALS');
    });

    it('has nothing to do when the address is already allowed', async () => {
      const m = await addMailableMember(t, org);
      const open = await t
        .api('post', '/auth/ip-change/request')
        .send({ loginId: m.loginId, password: DEFAULT_PASSWORD });
      expect(open.status).toBe(409);
      await allowOnly(m.id, ['127.0.0.1', '::1']);
      const listed = await t
        .api('post', '/auth/ip-change/request')
        .send({ loginId: m.loginId, password: DEFAULT_PASSWORD });
      expect(listed.status).toBe(409);
      expect(await outboxFor(t, m.email)).toEqual([]);
    });
  });
});
