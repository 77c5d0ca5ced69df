import {
  type ApprovalOrg,
  approvalOrg,
  approve,
  businessDay,
  postRequest,
  postStandardFee,
  requestBody,
  requestRow,
} from './support/approval-helpers';
import { countActions } from './support/auth-helpers';
import { DEFAULT_CONFIRMATION, loginAs } from './support/factories';
import type { OrgMember } from './support/org-factories';
import { SoftwareAuthenticator } from './support/software-authenticator';
import { createTestApp, type TestApp } from './support/test-app';

// Jest 29 ignores the e2e project's testTimeout: booting the app on MariaDB under load needs more than 5 s.
jest.setTimeout(60_000);

/**
 * The passkey step-up (SPEC §17): an organization that sets `passkeyStepUp` confirms approvals and every other
 * confirm operation with a passkey assertion (user verification) taken just before, instead of the confirmation
 * password; one step-up confirms one operation of one session.
 */
describe('passkeys: the step-up for confirm operations', () => {
  let t: TestApp;
  let o: ApprovalOrg;
  const authenticators = new Map<string, SoftwareAuthenticator>();

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2026-11-24T01:00:00.000Z'); // Tuesday 10:00 in Tokyo
    await postStandardFee(t, businessDay(t));
    o = await approvalOrg(t);
    // Five accounts and their permissions: argon2 for each, slow on MariaDB under a loaded machine.
  }, 240_000);
  afterAll(() => t.close());

  async function register(m: OrgMember) {
    const authenticator = new SoftwareAuthenticator();
    const options = await t.api('post', '/auth/passkeys/registration/options', m.token);
    const res = await t
      .api('post', '/auth/passkeys/registration/verify', m.token)
      .send({ credential: authenticator.create(options.body).response });
    expect(res.status).toBe(201);
    authenticators.set(m.id, authenticator);
  }

  /** The step-up ceremony for `m` with their own authenticator; answers the token. */
  async function stepUp(m: OrgMember, token = m.token): Promise<string> {
    const options = await t.api('post', '/auth/passkeys/step-up/options', token);
    expect(options.status).toBe(200);
    const res = await t
      .api('post', '/auth/passkeys/step-up/verify', token)
      .send({ credential: authenticators.get(m.id)!.get(options.body) });
    expect(res.status).toBe(200);
    return res.body.stepUpToken as string;
  }

  const newRequest = async () => {
    const res = await postRequest(t, o, o.requester.token, requestBody(t, o));
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  const approveWith = (m: OrgMember, id: string, body: Record<string, unknown>, token = m.token) =>
    t.api('post', `/organizations/${o.org.orgId}/requests/${id}/approve`, token).send(body);

  it('without the setting, the confirmation password confirms and a step-up token does not replace it', async () => {
    const id = await newRequest();
    await register(o.approver1);
    const tokenOnly = await approveWith(o.approver1, id, { stepUpToken: await stepUp(o.approver1) });
    expect(tokenOnly.status).toBe(400);
    expect((await requestRow(t, id)).status).toBe('pending');
    expect((await approve(t, o, o.approver1.token, id)).status).toBe(200);
    expect((await requestRow(t, id)).status).toBe('approved');
  });

  it('the manager turns the step-up on (a confirm operation itself, still with the password)', async () => {
    const res = await t
      .api('patch', `/organizations/${o.org.orgId}/security-settings`, o.org.manager.token)
      .send({ passkeyStepUp: true, confirmationPassword: DEFAULT_CONFIRMATION });
    expect(res.status).toBe(200);
    expect(res.body.settings.passkeyStepUp).toBe(true);
  });

  it('with the setting, an approval with only the confirmation password is refused and changes nothing', async () => {
    const id = await newRequest();
    const res = await approve(t, o, o.approver1.token, id);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('PASSKEY_STEP_UP_REQUIRED');
    expect((await requestRow(t, id)).status).toBe('pending');
  });

  it('an approval with a fresh passkey step-up succeeds; the token confirms nothing else afterwards', async () => {
    const first = await newRequest();
    const second = await newRequest();
    const token = await stepUp(o.approver1);
    const res = await approveWith(o.approver1, first, { stepUpToken: token });
    expect(res.status).toBe(200);
    expect((await requestRow(t, first)).status).toBe('approved');

    const reused = await approveWith(o.approver1, second, { stepUpToken: token });
    expect(reused.status).toBe(403);
    expect(reused.body.code).toBe('PASSKEY_STEP_UP_REQUIRED');
    expect((await requestRow(t, second)).status).toBe('pending');
    expect(await countActions(t, o.approver1.id)).toMatchObject({ PASSKEY_STEP_UP_SUCCESS: 2 });
  });

  it('a token is bound to its session and runs out after two minutes', async () => {
    const id = await newRequest();
    const otherSession = await loginAs(t, o.approver1.loginId, o.approver1.password);
    const elsewhere = await approveWith(
      o.approver1,
      id,
      { stepUpToken: await stepUp(o.approver1) },
      otherSession,
    );
    expect(elsewhere.status).toBe(403);

    const late = await stepUp(o.approver1);
    t.clock.advance(2 * 60_000 + 1);
    const expired = await approveWith(o.approver1, id, { stepUpToken: late });
    expect(expired.status).toBe(403);
    expect(expired.body.code).toBe('PASSKEY_STEP_UP_REQUIRED');
    expect((await requestRow(t, id)).status).toBe('pending');
  });

  it("a step-up takes the user's own passkey only, with user verification, and is written when it fails", async () => {
    await register(o.approver2);
    const options = await t.api('post', '/auth/passkeys/step-up/options', o.approver1.token);
    expect(options.body.allowCredentials).toHaveLength(1);
    const foreign = await t
      .api('post', '/auth/passkeys/step-up/verify', o.approver1.token)
      .send({ credential: authenticators.get(o.approver2.id)!.get(options.body) });
    expect(foreign.status).toBe(401);
    expect(foreign.body.code).toBe('PASSKEY_INVALID');

    const again = await t.api('post', '/auth/passkeys/step-up/options', o.approver1.token);
    const noUv = await t.api('post', '/auth/passkeys/step-up/verify', o.approver1.token).send({
      credential: authenticators.get(o.approver1.id)!.get(again.body, undefined, { userVerified: false }),
    });
    expect(noUv.status).toBe(401);
    expect(await countActions(t, o.approver1.id)).toMatchObject({ PASSKEY_STEP_UP_FAILED: 2 });
  });

  it('a member without a passkey is told to register one', async () => {
    const res = await t.api('post', '/auth/passkeys/step-up/options', o.bystander.token);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('PASSKEY_NOT_REGISTERED');
  });

  it('other confirm operations take the step-up too: the manager turns it off with one', async () => {
    await register(o.org.manager);
    const withPassword = await t
      .api('patch', `/organizations/${o.org.orgId}/security-settings`, o.org.manager.token)
      .send({ passkeyStepUp: false, confirmationPassword: DEFAULT_CONFIRMATION });
    expect(withPassword.status).toBe(403);
    expect(withPassword.body.code).toBe('PASSKEY_STEP_UP_REQUIRED');

    const res = await t
      .api('patch', `/organizations/${o.org.orgId}/security-settings`, o.org.manager.token)
      .send({ passkeyStepUp: false, stepUpToken: await stepUp(o.org.manager) });
    expect(res.status).toBe(200);
    expect(res.body.settings.passkeyStepUp).toBe(false);
  });
});
