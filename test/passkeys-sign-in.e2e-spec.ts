import { loginActionLabel, type LoginAction } from '../src/audit/login-action';
import { countActions, dbInstant, loginHistoryOf } from './support/auth-helpers';
import { createOrg, addMember, type CreatedOrg, type OrgMember } from './support/org-factories';
import { SoftwareAuthenticator } from './support/software-authenticator';
import { createTestApp, type TestApp } from './support/test-app';

// Jest 29 ignores the e2e project's testTimeout: booting the app on MariaDB under load needs more than 5 s.
jest.setTimeout(60_000);

/**
 * Passkeys (SPEC §17): registration, username-less sign-in, and everything an assertion can do wrong — a counter
 * that goes back, a replayed assertion, a reused challenge, a deleted passkey — each refused and written to the
 * login history with its own action; the account rules of the password sign-in hold for passkeys too.
 */
describe('passkeys: registration and sign-in', () => {
  let t: TestApp;
  let org: CreatedOrg;

  beforeAll(async () => {
    t = await createTestApp();
    org = await createOrg(t);
  });
  afterAll(() => t.close());

  /** A member with one registered passkey on a fresh software authenticator. */
  async function memberWithPasskey(name?: string) {
    const member = await addMember(t, org.orgId);
    const authenticator = new SoftwareAuthenticator();
    const options = await t.api('post', '/auth/passkeys/registration/options', member.token);
    expect(options.status).toBe(200);
    const { response } = authenticator.create(options.body);
    const res = await t
      .api('post', '/auth/passkeys/registration/verify', member.token)
      .send({ credential: response, ...(name ? { name } : {}) });
    expect(res.status).toBe(201);
    return { member, authenticator, passkey: res.body as { id: string; name: string } };
  }

  async function signInOptions() {
    const res = await t.api('post', '/auth/passkeys/sign-in/options');
    expect(res.status).toBe(200);
    return res.body as { challenge: string; allowCredentials?: unknown[] };
  }

  const signIn = (credential: unknown) => t.api('post', '/auth/passkeys/sign-in/verify').send({ credential });

  async function actionsOf(m: OrgMember): Promise<string[]> {
    return (await loginHistoryOf(t, m.loginId)).map((r) => r.action);
  }

  it('registers a passkey: options for a discoverable credential with user verification, then the stored key', async () => {
    const member = await addMember(t, org.orgId);
    const options = await t.api('post', '/auth/passkeys/registration/options', member.token);
    expect(options.status).toBe(200);
    expect(options.body).toMatchObject({
      rp: { id: 'localhost', name: 'Kanri' },
      user: { name: member.loginId },
      attestation: 'none',
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    const authenticator = new SoftwareAuthenticator();
    const { response } = authenticator.create(options.body);
    const res = await t
      .api('post', '/auth/passkeys/registration/verify', member.token)
      .send({ credential: response, name: 'ノートPC' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'ノートPC', backedUp: false, lastUsedAt: null });

    const rows: { user_id: string; credential_id: string; sign_count: number | string }[] =
      await t.dataSource.query('SELECT user_id, credential_id, sign_count FROM passkeys WHERE id = ?', [
        res.body.id,
      ]);
    expect(rows).toEqual([{ user_id: member.id, credential_id: response.id, sign_count: expect.anything() }]);
    expect(Number(rows[0].sign_count)).toBe(0);

    const list = await t.api('get', '/auth/passkeys', member.token);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([res.body]);
    expect(await actionsOf(member)).toContain('PASSKEY_REGISTERED');

    // The same answer again: its challenge is spent.
    const again = await t
      .api('post', '/auth/passkeys/registration/verify', member.token)
      .send({ credential: response });
    expect(again.status).toBe(401);
    expect(again.body.code).toBe('PASSKEY_CHALLENGE_INVALID');
    expect(await t.dataSource.query('SELECT id FROM passkeys WHERE user_id = ?', [member.id])).toHaveLength(
      1,
    );
  });

  it('signs in username-less: the options name nobody, the passkey names its user, a session opens', async () => {
    const { member, authenticator } = await memberWithPasskey();
    const options = await signInOptions();
    expect(options.allowCredentials ?? []).toEqual([]);
    const res = await signIn(authenticator.get(options));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ accessToken: expect.any(String), passwordChangeRequired: false });

    const me = await t.api('get', '/auth/me', res.body.accessToken);
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(member.id);
    const [stored]: { sign_count: number | string; last_used_at: unknown }[] = await t.dataSource.query(
      'SELECT sign_count, last_used_at FROM passkeys WHERE user_id = ?',
      [member.id],
    );
    expect(Number(stored.sign_count)).toBe(1);
    expect(stored.last_used_at).not.toBeNull();
    expect((await actionsOf(member)).at(-1)).toBe('PASSKEY_LOGIN_SUCCESS');
  });

  it('signs in without a user handle in the answer too (the credential ID alone names the passkey)', async () => {
    const { member, authenticator } = await memberWithPasskey();
    const res = await signIn(authenticator.get(await signInOptions(), undefined, { withUserHandle: false }));
    expect(res.status).toBe(200);
    const me = await t.api('get', '/auth/me', res.body.accessToken);
    expect(me.body.user.id).toBe(member.id);
  });

  it('refuses a counter that does not increase (a cloned authenticator), and writes PASSKEY_LOGIN_FAILED', async () => {
    const { member, authenticator } = await memberWithPasskey();
    const credential = authenticator.credentials[0];
    expect(
      (await signIn(authenticator.get(await signInOptions(), credential, { signCount: 5 }))).status,
    ).toBe(200);
    for (const stale of [5, 4]) {
      const res = await signIn(authenticator.get(await signInOptions(), credential, { signCount: stale }));
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('PASSKEY_INVALID');
    }
    const [stored]: { sign_count: number | string }[] = await t.dataSource.query(
      'SELECT sign_count FROM passkeys WHERE user_id = ?',
      [member.id],
    );
    expect(Number(stored.sign_count)).toBe(5);
    expect(await countActions(t, member.id)).toMatchObject({
      PASSKEY_LOGIN_SUCCESS: 1,
      PASSKEY_LOGIN_FAILED: 2,
    });
    expect(await t.dataSource.query('SELECT id FROM sessions WHERE user_id = ?', [member.id])).toHaveLength(
      2,
    );
  });

  it('refuses a replayed assertion, also when the replays race each other: one session only', async () => {
    const { member, authenticator } = await memberWithPasskey();
    const assertion = authenticator.get(await signInOptions());
    const answers = await Promise.all(Array.from({ length: 8 }, () => signIn(assertion)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 401, 401, 401, 401, 401, 401, 401]);
    for (const a of answers.filter((x) => x.status === 401))
      expect(a.body.code).toBe('PASSKEY_CHALLENGE_INVALID');
    // addMember signed in once with the password; the passkey opened exactly one more session.
    expect(await t.dataSource.query('SELECT id FROM sessions WHERE user_id = ?', [member.id])).toHaveLength(
      2,
    );
    expect(await countActions(t, member.id)).toMatchObject({ PASSKEY_LOGIN_SUCCESS: 1 });
  });

  it('refuses a challenge answered twice even with a fresh signature, an unknown challenge, and an expired one', async () => {
    const { authenticator } = await memberWithPasskey();
    const options = await signInOptions();
    expect((await signIn(authenticator.get(options))).status).toBe(200);
    const reuse = await signIn(authenticator.get(options));
    expect(reuse.status).toBe(401);
    expect(reuse.body.code).toBe('PASSKEY_CHALLENGE_INVALID');

    const unknown = await signIn(authenticator.get({ challenge: 'bm90LWEtY2hhbGxlbmdlLW9mLW91cnM' }));
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe('PASSKEY_CHALLENGE_INVALID');

    const late = await signInOptions();
    t.clock.advance(5 * 60_000 + 1);
    const expired = await signIn(authenticator.get(late));
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('PASSKEY_CHALLENGE_INVALID');
  });

  it('refuses an assertion for another origin or without user verification', async () => {
    const { member, authenticator } = await memberWithPasskey();
    const phishing = await signIn(
      authenticator.get(await signInOptions(), undefined, { origin: 'https://evil.example' }),
    );
    expect(phishing.status).toBe(401);
    expect(phishing.body.code).toBe('PASSKEY_INVALID');
    const noUv = await signIn(authenticator.get(await signInOptions(), undefined, { userVerified: false }));
    expect(noUv.status).toBe(401);
    expect(noUv.body.code).toBe('PASSKEY_INVALID');
    expect(await countActions(t, member.id)).toMatchObject({ PASSKEY_LOGIN_FAILED: 2 });
  });

  it("renames and deletes only one's own passkeys; a deleted passkey signs in no more", async () => {
    const { member, authenticator, passkey } = await memberWithPasskey('スマートフォン');
    const other = await addMember(t, org.orgId);

    expect(
      (await t.api('patch', `/auth/passkeys/${passkey.id}`, other.token).send({ name: 'x' })).status,
    ).toBe(404);
    expect((await t.api('delete', `/auth/passkeys/${passkey.id}`, other.token)).status).toBe(404);
    expect((await t.api('get', '/auth/passkeys', other.token)).body.items).toEqual([]);

    const renamed = await t
      .api('patch', `/auth/passkeys/${passkey.id}`, member.token)
      .send({ name: '仕事用' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('仕事用');
    const [row]: { name: string }[] = await t.dataSource.query('SELECT name FROM passkeys WHERE id = ?', [
      passkey.id,
    ]);
    expect(row.name).toBe('仕事用');

    expect((await t.api('delete', `/auth/passkeys/${passkey.id}`, member.token)).status).toBe(204);
    expect(await t.dataSource.query('SELECT id FROM passkeys WHERE id = ?', [passkey.id])).toEqual([]);
    const res = await signIn(authenticator.get(await signInOptions()));
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('PASSKEY_INVALID');
    expect(await actionsOf(member)).toEqual(
      expect.arrayContaining(['PASSKEY_REGISTERED', 'PASSKEY_DELETED']),
    );
  });

  describe('the account rules of the password sign-in', () => {
    it('refuses an address outside the allow-list (PASSKEY_LOGIN_IP_NOT_ALLOWED)', async () => {
      const { member, authenticator } = await memberWithPasskey();
      await t.dataSource.query('UPDATE users SET allowed_ips = ? WHERE id = ?', [
        JSON.stringify(['203.0.113.7']),
        member.id,
      ]);
      const res = await signIn(authenticator.get(await signInOptions()));
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('IP_NOT_ALLOWED');
      expect((await actionsOf(member)).at(-1)).toBe('PASSKEY_LOGIN_IP_NOT_ALLOWED');
    });

    it('refuses a locked account (PASSKEY_LOGIN_WHILE_LOCKED), and signs in once a temporary lock has run out', async () => {
      const { member, authenticator } = await memberWithPasskey();
      const until = new Date(t.clock.now().getTime() + 10 * 60_000);
      await t.dataSource.query('UPDATE users SET locked_at = ?, locked_until = ? WHERE id = ?', [
        dbInstant(t.clock.now()),
        dbInstant(until),
        member.id,
      ]);
      const res = await signIn(authenticator.get(await signInOptions()));
      expect(res.status).toBe(423);
      expect(res.body.code).toBe('ACCOUNT_LOCKED');
      expect((await actionsOf(member)).at(-1)).toBe('PASSKEY_LOGIN_WHILE_LOCKED');

      t.clock.advance(10 * 60_000 + 1);
      expect((await signIn(authenticator.get(await signInOptions()))).status).toBe(200);
    });

    it('refuses a disabled account and one past its usage stop date', async () => {
      const { member, authenticator } = await memberWithPasskey();
      await t.dataSource.query('UPDATE users SET is_disabled = ? WHERE id = ?', [true, member.id]);
      const disabled = await signIn(authenticator.get(await signInOptions()));
      expect(disabled.status).toBe(403);
      expect(disabled.body.code).toBe('ACCOUNT_DISABLED');

      await t.dataSource.query('UPDATE users SET is_disabled = ?, usage_stop_date = ? WHERE id = ?', [
        false,
        '2000-01-01',
        member.id,
      ]);
      const stopped = await signIn(authenticator.get(await signInOptions()));
      expect(stopped.status).toBe(403);
      expect(stopped.body.code).toBe('ACCOUNT_STOPPED');
      expect(await countActions(t, member.id)).not.toHaveProperty('PASSKEY_LOGIN_SUCCESS');
    });
  });

  it('prints every passkey action with its own Japanese label', () => {
    const labels: Record<string, string> = {
      PASSKEY_REGISTERED: '[パスキー]パスキー登録',
      PASSKEY_DELETED: '[パスキー]パスキー削除',
      PASSKEY_LOGIN_SUCCESS: '[パスキーログイン]パスキーでログイン成功',
      PASSKEY_LOGIN_FAILED: '[パスキーログイン]パスキー認証失敗',
      PASSKEY_LOGIN_IP_NOT_ALLOWED: '[パスキーログイン]未許可IPアドレスからのパスキーログイン',
      PASSKEY_LOGIN_WHILE_LOCKED: '[パスキーログイン]ロックアウト中のパスキーログイン',
      PASSKEY_STEP_UP_SUCCESS: '[パスキー本人確認]パスキーによる本人確認成功',
      PASSKEY_STEP_UP_FAILED: '[パスキー本人確認]パスキーによる本人確認失敗',
    };
    for (const [action, label] of Object.entries(labels)) {
      expect(loginActionLabel(action as LoginAction, null)).toBe(label);
    }
  });
});
