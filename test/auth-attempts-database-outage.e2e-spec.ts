import { LockoutStatements } from '../src/auth/lockout/lockout-statements';
import { login } from './support/auth-helpers';
import { DEFAULT_CONFIRMATION } from './support/factories';
import { addMember, createOrg, type CreatedOrg } from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(60_000);

/**
 * SPEC §3.2 counts wrong answers. Every answer takes an attempt slot before its password is checked (race-proof
 * lockout) and gives it back once it is found right; when the database drops between the two, a right answer must
 * not stay counted as a failure: three of a manager's confirmations caught by an outage would otherwise refuse every
 * confirmation (423 ACCOUNT_LOCKED, the account not locked) for a minute after the database is back, and leave a
 * member one mistyped password from a real lockout.
 */
describe('attempt slots of right answers the database could not settle', () => {
  let t: TestApp;
  let org: CreatedOrg;

  beforeAll(async () => {
    t = await createTestApp();
    org = await createOrg(t);
  });
  afterAll(() => t.close());

  /** What mysql2 raises when the server has gone away (the exception filter answers it 503 DATABASE_UNAVAILABLE). */
  const connectionLost = () =>
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });

  /**
   * Settling a right answer fails, as it does while the database is down, until the returned function brings the
   * database back.
   */
  const databaseDownWhileSettling = () => {
    const statements = t.app.get(LockoutStatements);
    const clear = statements.clearLoginFailures.bind(statements);
    let down = true;
    const spy = jest
      .spyOn(statements, 'clearLoginFailures')
      .mockImplementation((...args) => (down ? Promise.reject(connectionLost()) : clear(...args)));
    return () => {
      down = false;
      spy.mockRestore();
    };
  };

  const failures = async (userId: string) => {
    const [row]: { failed_login_count: number | string; locked_at: unknown }[] = await t.dataSource.query(
      'SELECT failed_login_count, locked_at FROM users WHERE id = ?',
      [userId],
    );
    return { count: Number(row.failed_login_count), locked: row.locked_at !== null };
  };

  /** The count once the slots owed back have been returned (they are returned as soon as the database answers). */
  const settled = async (userId: string) => {
    const deadline = Date.now() + 5_000;
    let state = await failures(userId);
    while (state.count > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      state = await failures(userId);
    }
    return state;
  };

  const confirmRename = (name: string, confirmationPassword = DEFAULT_CONFIRMATION) =>
    t.api('patch', `/organizations/${org.orgId}`, org.manager.token).send({ confirmationPassword, name });

  it('gives back the slots of right confirmation passwords, so the next confirmation goes through', async () => {
    const databaseBack = databaseDownWhileSettling();
    for (const name of ['株式会社停電一', '株式会社停電二', '株式会社停電三']) {
      const res = await confirmRename(name);
      expect({ status: res.status, code: res.body.code }).toEqual({
        status: 503,
        code: 'DATABASE_UNAVAILABLE',
      });
    }
    // Each took a slot the database could not give back while it was down.
    expect(await failures(org.manager.id)).toEqual({ count: 3, locked: false });
    databaseBack();
    expect(await settled(org.manager.id)).toEqual({ count: 0, locked: false });

    const res = await confirmRename('株式会社復旧');
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('株式会社復旧');
    // A wrong answer afterwards is the first failure, not the one that locks the account.
    const wrong = await confirmRename('株式会社誤り', 'Wrong-confirm-9');
    expect({ status: wrong.status, code: wrong.body.code }).toEqual({
      status: 403,
      code: 'CONFIRMATION_PASSWORD_INVALID',
    });
    expect(await failures(org.manager.id)).toEqual({ count: 1, locked: false });
  });

  it('gives back the slot of a right sign-in whose session could not be written', async () => {
    const m = await addMember(t, org.orgId);
    const databaseBack = databaseDownWhileSettling();
    for (let i = 0; i < 2; i++) {
      const res = await login(t, m.loginId, m.password);
      expect({ status: res.status, code: res.body.code }).toEqual({
        status: 503,
        code: 'DATABASE_UNAVAILABLE',
      });
    }
    expect(await failures(m.id)).toEqual({ count: 2, locked: false });
    databaseBack();
    expect(await settled(m.id)).toEqual({ count: 0, locked: false });
    expect((await login(t, m.loginId, 'Wrong-pass-1')).status).toBe(401);
    expect(await failures(m.id)).toEqual({ count: 1, locked: false });
  });

  it('owes nothing back for wrong answers: they stay counted', async () => {
    const m = await addMember(t, org.orgId);
    const databaseBack = databaseDownWhileSettling();
    expect((await login(t, m.loginId, 'Wrong-pass-1')).status).toBe(401);
    expect((await login(t, m.loginId, 'Wrong-pass-2')).status).toBe(401);
    databaseBack();
    // Longer than a give-back takes once the database answers (the tests above).
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await failures(m.id)).toEqual({ count: 2, locked: false });
  });
});
