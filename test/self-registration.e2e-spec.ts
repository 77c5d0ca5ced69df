import { createHash } from 'node:crypto';
import { DEFAULT_CONFIRMATION, DEFAULT_PASSWORD, loginAs, uniqueLoginId } from './support/factories';
import { latestMailedToken } from './support/auth-helpers';
import { createOrg, operatorToken, type CreatedOrg } from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(180_000);

const LABEL = '登録確認用トークン';

function registration(code: string, overrides: Record<string, unknown> = {}) {
  const loginId = uniqueLoginId('r');
  return {
    organizationCode: code,
    loginId,
    familyName: '後任',
    givenName: '花子',
    familyNameKana: 'コウニン',
    givenNameKana: 'ハナコ',
    email: `${loginId.toLowerCase()}@example.jp`,
    password: DEFAULT_PASSWORD,
    confirmationPassword: DEFAULT_CONFIRMATION,
    ...overrides,
  };
}

async function enable(t: TestApp, org: CreatedOrg, on = true): Promise<void> {
  const res = await t
    .api('patch', `/organizations/${org.orgId}/security-settings`, org.manager.token)
    .send({ confirmationPassword: DEFAULT_CONFIRMATION, selfRegistration: on });
  expect(res.status).toBe(200);
  expect(res.body.settings.selfRegistration).toBe(on);
}

async function memberCount(t: TestApp, orgId: string): Promise<number> {
  const [row] = await t.dataSource.query('SELECT COUNT(*) AS n FROM users WHERE organization_id = ?', [
    orgId,
  ]);
  return Number(row.n);
}

/** Self registration by organization code with e-mail verification (SPEC §13, 000: the successor registers). */
describe('self registration', () => {
  let t: TestApp;
  let org: CreatedOrg;

  beforeAll(async () => {
    t = await createTestApp();
    org = await createOrg(t);
  });
  afterAll(() => t.close());

  it('is off by default: an organization that did not turn it on answers like an unknown code', async () => {
    const view = await t.api('get', `/organizations/${org.orgId}`, org.manager.token).expect(200);
    expect(view.body.settings.selfRegistration).toBe(false);
    const off = await t.api('post', '/auth/register').send(registration(org.code));
    expect(off.status).toBe(404);
    expect(off.body.code).toBe('ORGANIZATION_CODE_NOT_FOUND');
    const unknown = await t.api('post', '/auth/register').send(registration('ZZZZZZZZZZZZ'));
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ ...off.body });
    const [row] = await t.dataSource.query('SELECT COUNT(*) AS n FROM self_registrations');
    expect(Number(row.n)).toBe(0);
  });

  it('is turned on by a manager with the confirmation password, not by a general member', async () => {
    const member = await registerAndVerify(t, org, { enableFirst: true });
    const refused = await t
      .api('patch', `/organizations/${org.orgId}/security-settings`, member.token)
      .send({ confirmationPassword: DEFAULT_CONFIRMATION, selfRegistration: false });
    expect(refused.status).toBe(403);
  });

  it('mails a single-use token, stored only hashed; the account exists only after the link is used', async () => {
    await enable(t, org);
    const body = registration(org.code.toLowerCase());
    const res = await t.api('post', '/auth/register').send(body);
    expect(res.status).toBe(202);
    const ttl = Date.parse(res.body.expiresAt) - t.clock.now().getTime();
    expect(ttl).toBeLessThanOrEqual(24 * 60 * 60_000);
    expect(ttl).toBeGreaterThan(24 * 60 * 60_000 - 60_000);
    const token = await latestMailedToken(t, body.email, LABEL);

    // No account yet: signing in fails as for an unknown user.
    await t.api('post', '/auth/login').send({ loginId: body.loginId, password: body.password }).expect(401);
    const [pending] = await t.dataSource.query('SELECT * FROM self_registrations WHERE login_id = ?', [
      body.loginId,
    ]);
    expect(pending.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(pending)).not.toContain(token);
    expect(JSON.stringify(pending)).not.toContain(body.password);
    expect(JSON.stringify(pending)).not.toContain(body.confirmationPassword);

    const verified = await t.api('post', '/auth/register/verify').send({ token });
    expect(verified.status).toBe(201);
    expect(verified.body).toMatchObject({ loginId: body.loginId, organizationName: '株式会社カンリ' });
    const [user] = await t.dataSource.query(
      'SELECT id, organization_id, is_manager, email, family_name_kana FROM users WHERE login_id = ?',
      [body.loginId],
    );
    expect(user).toMatchObject({ id: verified.body.userId, organization_id: org.orgId, email: body.email });
    expect(Boolean(Number(user.is_manager))).toBe(false);
    const grants = await t.dataSource.query('SELECT COUNT(*) AS n FROM user_permissions WHERE user_id = ?', [
      user.id,
    ]);
    expect(Number(grants[0].n)).toBe(0);

    // A general member who signs in with the chosen password and finds the organization's code on the screen.
    const token2 = await loginAs(t, body.loginId, body.password);
    const mine = await t.api('get', '/me/organization', token2).expect(200);
    expect(mine.body).toMatchObject({ organization: { id: org.orgId, code: org.code }, isManager: false });
    await t.api('get', `/organizations/${org.orgId}/audit/operations`, token2).expect(403);

    // The organization's own trail shows who joined this way; no secret in it.
    const rows: { operator_login_id: string; details: string }[] = await t.dataSource.query(
      "SELECT operator_login_id, details FROM operation_history WHERE organization_id = ? AND screen = '利用者登録'",
      [org.orgId],
    );
    expect(rows.map((r) => r.operator_login_id)).toContain(body.loginId);
    const all: { details: string | null }[] = await t.dataSource.query(
      'SELECT details FROM operation_history',
    );
    for (const r of all) {
      expect(r.details ?? '').not.toContain(token);
      expect(r.details ?? '').not.toContain(body.password);
    }

    // Used once: the same link again is a clear 400.
    const again = await t.api('post', '/auth/register/verify').send({ token });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ code: 'AUTH_TOKEN_INVALID', details: { reason: 'used' } });
  });

  it('refuses a wrong token, a taken login ID and a weak password, creating nothing', async () => {
    await enable(t, org);
    const before = await memberCount(t, org.orgId);
    const wrong = await t.api('post', '/auth/register/verify').send({ token: 'x'.repeat(43) });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ code: 'AUTH_TOKEN_INVALID', details: { reason: 'unknown' } });
    const taken = await t
      .api('post', '/auth/register')
      .send(registration(org.code, { loginId: org.manager.loginId }));
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('CONFLICT');
    const weak = await t.api('post', '/auth/register').send(registration(org.code, { password: 'short1' }));
    expect(weak.status).toBe(400);
    expect(weak.body.code).toBe('PASSWORD_POLICY_VIOLATED');
    expect(JSON.stringify(weak.body)).not.toContain('short1');
    const unknownField = await t
      .api('post', '/auth/register')
      .send({ ...registration(org.code), isManager: true });
    expect(unknownField.status).toBe(400);

    // Two registrations of one login ID: the first link used wins, the second answers 409.
    const first = registration(org.code);
    const second = registration(org.code, { loginId: first.loginId, email: 'other.person@example.jp' });
    await t.api('post', '/auth/register').send(first).expect(202);
    await t.api('post', '/auth/register').send(second).expect(202);
    const t1 = await latestMailedToken(t, first.email, LABEL);
    const t2 = await latestMailedToken(t, second.email, LABEL);
    await t.api('post', '/auth/register/verify').send({ token: t1 }).expect(201);
    const dup = await t.api('post', '/auth/register/verify').send({ token: t2 });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('CONFLICT');
    expect(await memberCount(t, org.orgId)).toBe(before + 1);
  });

  it('stops working when the organization turns it off, even for links already mailed', async () => {
    await enable(t, org);
    const body = registration(org.code);
    await t.api('post', '/auth/register').send(body).expect(202);
    const token = await latestMailedToken(t, body.email, LABEL);
    await enable(t, org, false);
    const res = await t.api('post', '/auth/register/verify').send({ token });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('ORGANIZATION_CODE_NOT_FOUND');
    await enable(t, org, true);
    await t.api('post', '/auth/register/verify').send({ token }).expect(201);
  });

  it('refuses early when the plan is full, and an expired link after 24 hours', async () => {
    await enable(t, org);
    const body = registration(org.code);
    await t.api('post', '/auth/register').send(body).expect(202);
    const token = await latestMailedToken(t, body.email, LABEL);

    const full = await t
      .api('put', `/organizations/${org.orgId}/plan`, await operatorToken(t, true))
      .send({ planUserLimit: await memberCount(t, org.orgId) });
    expect(full.status).toBe(200);
    const refused = await t.api('post', '/auth/register').send(registration(org.code));
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('USER_LIMIT_REACHED');
    await t
      .api('put', `/organizations/${org.orgId}/plan`, await operatorToken(t))
      .send({ planUserLimit: null });

    t.clock.advance(24 * 60 * 60_000 + 1000);
    const expired = await t.api('post', '/auth/register/verify').send({ token });
    expect(expired.status).toBe(400);
    expect(expired.body).toMatchObject({ code: 'AUTH_TOKEN_INVALID', details: { reason: 'expired' } });
    await t.api('post', '/auth/login').send({ loginId: body.loginId, password: body.password }).expect(401);
  });
});

/** Registers and verifies one account; turns self registration on first when asked. */
async function registerAndVerify(
  t: TestApp,
  org: CreatedOrg,
  o: { enableFirst?: boolean } = {},
): Promise<{ loginId: string; token: string }> {
  if (o.enableFirst) await enable(t, org);
  const body = registration(org.code);
  await t.api('post', '/auth/register').send(body).expect(202);
  const token = await latestMailedToken(t, body.email, LABEL);
  await t.api('post', '/auth/register/verify').send({ token }).expect(201);
  return { loginId: body.loginId, token: await loginAs(t, body.loginId, body.password) };
}

describe('self registration under the plan user limit', () => {
  let t: TestApp;
  let org: CreatedOrg;

  beforeAll(async () => {
    t = await createTestApp();
    org = await createOrg(t);
    await enable(t, org);
    // One member (the manager) and a plan of 11: ten free seats.
    await t
      .api('put', `/organizations/${org.orgId}/plan`, await operatorToken(t))
      .send({ planUserLimit: 11 })
      .expect(200);
  });
  afterAll(() => t.close());

  it('50 parallel verifications for 10 free seats make exactly 10 accounts', async () => {
    const bodies = Array.from({ length: 50 }, () => registration(org.code));
    for (let i = 0; i < bodies.length; i += 10) {
      const answers = await Promise.all(
        bodies.slice(i, i + 10).map((b) => t.api('post', '/auth/register').send(b)),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(202));
    }
    const tokens = await Promise.all(bodies.map((b) => latestMailedToken(t, b.email, LABEL)));

    const answers = await Promise.all(
      tokens.map((token) => t.api('post', '/auth/register/verify').send({ token })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 422)).toHaveLength(40);
    expect(new Set(answers.filter((a) => a.status === 422).map((a) => a.body.code))).toEqual(
      new Set(['USER_LIMIT_REACHED']),
    );

    expect(await memberCount(t, org.orgId)).toBe(11);
    const [used] = await t.dataSource.query(
      'SELECT COUNT(*) AS n FROM self_registrations WHERE organization_id = ? AND used_at IS NOT NULL',
      [org.orgId],
    );
    expect(Number(used.n)).toBe(10);
    const [joined] = await t.dataSource.query(
      'SELECT COUNT(*) AS n FROM users u JOIN self_registrations r ON r.user_id = u.id WHERE u.organization_id = ?',
      [org.orgId],
    );
    expect(Number(joined.n)).toBe(10);
    // The refused links stay usable until they expire: a freed seat lets one of them in.
    const refusedToken = tokens[statuses.indexOf(422)];
    await t
      .api('put', `/organizations/${org.orgId}/plan`, await operatorToken(t))
      .send({ planUserLimit: 12 });
    await t.api('post', '/auth/register/verify').send({ token: refusedToken }).expect(201);
    expect(await memberCount(t, org.orgId)).toBe(12);
  });
});

describe('self registration rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { AUTH_RATE_LIMIT: '3', TRUST_PROXY: 'true' } });
  });
  afterAll(() => t.close());

  it('shares the public sign-in budget of the client address', async () => {
    const from = '198.51.100.77';
    for (let i = 0; i < 3; i++) {
      const res = await t
        .api('post', '/auth/register')
        .set('X-Forwarded-For', from)
        .send(registration('ZZZZZZZZZZZZ'));
      expect(res.status).toBe(404);
    }
    const limited = await t
      .api('post', '/auth/register/verify')
      .set('X-Forwarded-For', from)
      .send({ token: 'x'.repeat(43) });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('TOO_MANY_REQUESTS');
    const login = await t
      .api('post', '/auth/login')
      .set('X-Forwarded-For', from)
      .send({ loginId: 'nobody01', password: 'x' });
    expect(login.status).toBe(429);
    const elsewhere = await t
      .api('post', '/auth/register')
      .set('X-Forwarded-For', '198.51.100.78')
      .send(registration('ZZZZZZZZZZZZ'));
    expect(elsewhere.status).toBe(404);
  });
});
