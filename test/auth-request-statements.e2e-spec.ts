import { addMember, createOrg, type CreatedOrg, operatorToken } from './support/org-factories';
import { statementLog, type StatementCounter } from './support/statement-log';
import { createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(60_000);

/**
 * The statements an authenticated request sends before its handler runs, counted (not timed): every request to an
 * organization's routes checks its session and account, then the organization and the caller's grants, each against
 * the database as it is at that moment (SPEC §0 "Auth"). One statement each: a change that adds a round trip to every
 * request fails here and has to say why.
 */
describe('the statements of an authenticated request', () => {
  let t: TestApp;
  let org: CreatedOrg;
  let counted: StatementCounter;

  beforeAll(async () => {
    t = await createTestApp();
    org = await createOrg(t);
    counted = statementLog(t);
  });
  afterAll(() => t.close());

  const reads = (sent: string[], table: string) =>
    sent.filter((s) => new RegExp(`\\b(FROM|JOIN) \`?${table}\\b`).test(s));

  // The operation history is written by a group commit after the answer, so its statements (for this request or an
  // earlier one) may interleave: the checks below pick the guard's statements by the tables they read.
  const SESSION_WITH_ACCOUNT = /FROM sessions s LEFT JOIN users u ON u\.id = s\.user_id/;

  it("a member's request reads the session with the account, then the organization with the grants", async () => {
    const member = await addMember(t, org.orgId);
    const { result: res, sent } = await counted(() =>
      t.api('get', `/organizations/${org.orgId}`, member.token),
    );
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(org.orgId);
    const [session] = reads(sent, 'sessions');
    expect(reads(sent, 'sessions')).toHaveLength(1);
    expect(session).toMatch(SESSION_WITH_ACCOUNT);
    const grants = reads(sent, 'user_permissions');
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatch(/FROM organizations o LEFT JOIN user_permissions p/);
    expect(sent.indexOf(session)).toBeLessThan(sent.indexOf(grants[0]));
  });

  it("a system operator's request reads the session with the account, then whether the organization exists", async () => {
    const token = await operatorToken(t);
    const { result: res, sent } = await counted(() => t.api('get', `/organizations/${org.orgId}`, token));
    expect(res.status).toBe(200);
    expect(reads(sent, 'sessions')).toEqual([expect.stringMatching(SESSION_WITH_ACCOUNT)]);
    expect(reads(sent, 'user_permissions')).toHaveLength(0);
  });

  it('an organization that does not exist is 404 for its operator, after the same two statements', async () => {
    const token = await operatorToken(t);
    const missing = '01900000-0000-7000-8000-000000000000';
    const { result: res, sent } = await counted(() => t.api('get', `/organizations/${missing}`, token));
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
    expect(reads(sent, 'sessions')).toEqual([expect.stringMatching(SESSION_WITH_ACCOUNT)]);
    expect(sent.filter((s) => /\borganizations\b/.test(s))).toHaveLength(1);
  });
});
