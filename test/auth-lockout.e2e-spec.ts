import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { IsString, MaxLength } from 'class-validator';
import { PasswordHasher } from '@kanri/security/password-hasher';
import { Screen } from '@kanri/access/screen.decorator';
import { Authenticated } from '@kanri/access/access-rule';
import { Confirm } from '@kanri/access/confirm.decorator';
import { ConfirmedDto } from '@kanri/access/confirmed.dto';
import { LockoutExpiryJob } from '../src/auth/lockout/lockout-expiry.job';
import { Permission } from '@kanri/access/permission';
import {
  addMailableMember,
  countActions,
  dbInstant,
  lastLoginHistory,
  login,
  setOrgSettings,
} from './support/auth-helpers';
import { DEFAULT_CONFIRMATION, DEFAULT_PASSWORD } from './support/factories';
import {
  createGroup,
  createOrg,
  type CreatedOrg,
  grantPermissions,
  type OrgMember,
  placeInGroup,
} from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';

// Jest 29 ignores the e2e project's testTimeout: booting the app on MariaDB under load needs more than 5 s.
jest.setTimeout(60_000);

class SampleDto extends ConfirmedDto {
  @IsString()
  @MaxLength(20)
  note!: string;
}

/** A route of some feature module marked "confirm", as every module's controllers mark theirs. */
@Controller('test/confirmed-sample')
class ConfirmedSampleController {
  @Post()
  @Authenticated()
  @Screen('確認テスト', 'update')
  @Confirm()
  @HttpCode(200)
  run(@Body() dto: SampleDto) {
    return { done: true, note: dto.note };
  }
}

@Module({ controllers: [ConfirmedSampleController] })
class ConfirmedSampleModule {}

const WRONG = 'Wrong-pass-1';

/** SPEC §3.1–§3.2: failure counting, lockout modes, unlocking, the confirmation password, usability checks. */
describe('sign-in lockout and the confirmation password', () => {
  let t: TestApp;
  let org: CreatedOrg;

  beforeAll(async () => {
    t = await createTestApp({ imports: [ConfirmedSampleModule] });
    org = await createOrg(t);
  });
  afterAll(() => t.close());

  const member = (o: CreatedOrg = org, overrides: Record<string, unknown> = {}) =>
    addMailableMember(t, o, overrides);
  const userRow = async (id: string) =>
    (
      await t.dataSource.query('SELECT failed_login_count, locked_at, locked_until FROM users WHERE id = ?', [
        id,
      ])
    )[0] as { failed_login_count: number; locked_at: unknown; locked_until: unknown };
  const confirmed = (token: string, confirmationPassword: string) =>
    t.api('post', '/test/confirmed-sample', token).send({ note: 'x', confirmationPassword });

  describe('parallel wrong passwords (no extra guesses by racing)', () => {
    it('gives 20 parallel wrong passwords at most 3 evaluations at threshold 3; the rest are 423 while locked', async () => {
      const m = await member();
      const answers = await Promise.all(Array.from({ length: 20 }, () => login(t, m.loginId, WRONG)));
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 401)).toHaveLength(2);
      expect(statuses.filter((s) => s === 423)).toHaveLength(18);
      expect(answers.every((r) => ['INVALID_CREDENTIALS', 'ACCOUNT_LOCKED'].includes(r.body.code))).toBe(
        true,
      );

      const actions = await countActions(t, m.id);
      expect((actions.LOGIN_WRONG_PASSWORD ?? 0) + (actions.LOGIN_LOCKED_OUT ?? 0)).toBe(3);
      expect(actions.LOGIN_LOCKED_OUT).toBe(1);
      expect(actions.LOGIN_WHILE_LOCKED).toBe(17);
      const row = await userRow(m.id);
      expect(Number(row.failed_login_count)).toBe(3);
      expect(row.locked_at).not.toBeNull();
      expect(row.locked_until).toBeNull();
      expect((await login(t, m.loginId)).status).toBe(423);
    });

    it('tells attempts still in flight from a count left at the threshold by a request that died', async () => {
      const m = await member();
      const leave = (secondsAgo: number) =>
        t.dataSource.query('UPDATE users SET failed_login_count = 3, failed_login_at = ? WHERE id = ?', [
          dbInstant(new Date(t.clock.now().getTime() - secondsAgo * 1000)),
          m.id,
        ]);
      // Three slots taken a moment ago: those attempts may still be evaluating, so nobody else gets one.
      await leave(1);
      expect((await login(t, m.loginId)).status).toBe(423);
      // Taken two minutes ago and never settled: nothing is in flight, the next attempt is evaluated.
      await leave(120);
      expect((await login(t, m.loginId)).status).toBe(200);
      expect(Number((await userRow(m.id)).failed_login_count)).toBe(0);
      await leave(120);
      expect((await login(t, m.loginId, WRONG)).status).toBe(423);
      expect((await userRow(m.id)).locked_at).not.toBeNull();
    });

    it('lets a parallel burst of the right password in, all of it, for a user with earlier failures', async () => {
      const m = await member();
      expect((await login(t, m.loginId, WRONG)).status).toBe(401);
      // Two slots are free: the other attempts wait for those in flight instead of being refused for their company.
      const answers = await Promise.all(Array.from({ length: 5 }, () => login(t, m.loginId)));
      expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      const row = await userRow(m.id);
      expect(row.locked_at).toBeNull();
      expect(Number(row.failed_login_count)).toBe(0);
      expect((await countActions(t, m.id)).LOGIN_WHILE_LOCKED).toBeUndefined();
    });

    it('runs eight parallel confirm operations of one user with the right confirmation password, all of them', async () => {
      const m = await member();
      const answers = await Promise.all(
        Array.from({ length: 8 }, () => confirmed(m.token, DEFAULT_CONFIRMATION)),
      );
      expect(answers.map((r) => r.status)).toEqual(new Array(8).fill(200));
      expect(Number((await userRow(m.id)).failed_login_count)).toBe(0);
    });

    it('still evaluates no more than 3 of 8 parallel wrong confirmation answers, and locks', async () => {
      const m = await member();
      const answers = await Promise.all(Array.from({ length: 8 }, () => confirmed(m.token, 'Not-it-123')));
      const statuses = answers.map((r) => r.status).sort();
      // Two wrong answers evaluated (403), the third locks (423); the lock ends the user's sessions, so a request
      // that reaches the token check after it is 401 and one already past it is 423.
      expect(statuses.filter((s) => s === 403)).toHaveLength(2);
      expect(statuses.filter((s) => s === 423).length).toBeGreaterThanOrEqual(1);
      expect(statuses.every((s) => [401, 403, 423].includes(s))).toBe(true);
      const row = await userRow(m.id);
      expect(Number(row.failed_login_count)).toBe(3);
      expect(row.locked_at).not.toBeNull();
    });
  });

  describe('counting and lockout modes (SPEC §3.2 step 3–4)', () => {
    it('answers unknown users exactly like wrong passwords, spending an argon2 verification on them too', async () => {
      const m = await member();
      const hasher = t.app.get(PasswordHasher);
      const spent = jest.spyOn(hasher, 'verifyAgainstNothing');
      const unknown = await login(t, 'ghost12345', WRONG);
      const wrong = await login(t, m.loginId, WRONG);
      expect(spent).toHaveBeenCalledTimes(1);
      spent.mockRestore();
      expect(unknown.status).toBe(401);
      expect(unknown.body).toEqual(wrong.body);
    });

    it('starts counting again after a successful sign-in', async () => {
      const m = await member();
      for (let i = 0; i < 2; i++) expect((await login(t, m.loginId, WRONG)).status).toBe(401);
      expect((await login(t, m.loginId)).status).toBe(200);
      for (let i = 0; i < 2; i++) expect((await login(t, m.loginId, WRONG)).status).toBe(401);
      expect(Number((await userRow(m.id)).failed_login_count)).toBe(2);
      expect((await login(t, m.loginId)).status).toBe(200);
    });

    it("follows the organization's threshold", async () => {
      const o = await createOrg(t);
      const m = await member(o);
      await setOrgSettings(t, o.orgId, { lockoutThreshold: 5 });
      for (let i = 0; i < 4; i++) expect((await login(t, m.loginId, WRONG)).status).toBe(401);
      expect((await login(t, m.loginId, WRONG)).status).toBe(423);
      expect((await countActions(t, m.id)).LOGIN_WRONG_PASSWORD).toBe(4);
    });

    it('locks temporarily for N minutes when the organization says so, then lets the user in again', async () => {
      const o = await createOrg(t);
      const m = await member(o);
      await setOrgSettings(t, o.orgId, { lockoutMode: 'temporary', lockoutMinutes: 10, lockoutThreshold: 2 });
      expect((await login(t, m.loginId, WRONG)).status).toBe(401);
      const locking = await login(t, m.loginId, WRONG);
      expect(locking.status).toBe(423);
      const until = new Date(locking.body.details.lockedUntil as string).getTime();
      expect(until - t.clock.now().getTime()).toBeGreaterThan(9 * 60_000);
      expect(until - t.clock.now().getTime()).toBeLessThanOrEqual(10 * 60_000);

      t.clock.advanceMinutes(9);
      const still = await login(t, m.loginId);
      expect(still.status).toBe(423);
      expect(still.body.details.lockedUntil).toBe(locking.body.details.lockedUntil);
      t.clock.advanceMinutes(2);
      try {
        expect((await login(t, m.loginId)).status).toBe(200);
        const row = await userRow(m.id);
        expect(row.locked_at).toBeNull();
        expect(Number(row.failed_login_count)).toBe(0);
      } finally {
        t.clock.advanceMinutes(-11);
      }
    });

    it('clears run-out temporary lockouts in the scheduled job, so lists stop showing them', async () => {
      const o = await createOrg(t);
      const m = await member(o);
      await setOrgSettings(t, o.orgId, { lockoutMode: 'temporary', lockoutMinutes: 5, lockoutThreshold: 1 });
      expect((await login(t, m.loginId, WRONG)).status).toBe(423);
      const job = t.app.get(LockoutExpiryJob);
      expect((await userRow(m.id)).locked_at).not.toBeNull();
      t.clock.advanceMinutes(6);
      try {
        expect(await job.expire()).toBeGreaterThanOrEqual(1);
        expect((await userRow(m.id)).locked_at).toBeNull();
      } finally {
        t.clock.advanceMinutes(-6);
      }
    });

    it("ends the locked user's sessions", async () => {
      const m = await member();
      expect((await t.api('get', '/auth/me', m.token)).status).toBe(200);
      for (let i = 0; i < 3; i++) await login(t, m.loginId, WRONG);
      expect((await t.api('get', '/auth/me', m.token)).status).toBe(401);
      const sessions: { end_reason: string }[] = await t.dataSource.query(
        'SELECT end_reason FROM sessions WHERE user_id = ?',
        [m.id],
      );
      expect(sessions.map((s) => s.end_reason)).toEqual(['locked']);
    });

    it('counts wrong current passwords on the password-change screen', async () => {
      const m = await member();
      for (let i = 0; i < 2; i++) {
        const res = await t
          .api('post', '/auth/password', m.token)
          .send({ currentPassword: WRONG, newPassword: 'Another-pass-9' });
        expect(res.status).toBe(401);
      }
      expect((await login(t, m.loginId, WRONG)).status).toBe(423);
    });
  });

  describe('administrator unlock (アカウントロック解除)', () => {
    const lock = async (m: OrgMember) => {
      for (let i = 0; i < 3; i++) await login(t, m.loginId, WRONG);
      expect((await login(t, m.loginId)).status).toBe(423);
    };

    it('unlocks with users.manage, and the user signs in again', async () => {
      const m = await member();
      await lock(m);
      const res = await t.api('post', `/organizations/${org.orgId}/users/${m.id}/unlock`, org.manager.token);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: m.id, status: { locked: false }, lockedAt: null });
      expect(JSON.stringify(res.body)).not.toMatch(/hash|argon2/i);
      expect(Number((await userRow(m.id)).failed_login_count)).toBe(0);
      expect((await login(t, m.loginId)).status).toBe(200);
      // Audited as an operation of the administrator, under the manual's screen name.
      const ops: { screen: string; organization_id: string }[] = await t.dataSource.query(
        'SELECT screen, organization_id FROM operation_history WHERE operator_user_id = ? AND route LIKE ?',
        [org.manager.id, '%/unlock'],
      );
      expect(ops).toContainEqual({ screen: 'アカウントロック解除', organization_id: org.orgId });
    });

    it('answers 404 for a user of another organization, and 403 without users.manage', async () => {
      const m = await member();
      await lock(m);
      const other = await createOrg(t);
      const res = await t.api(
        'post',
        `/organizations/${other.orgId}/users/${m.id}/unlock`,
        other.manager.token,
      );
      expect(res.status).toBe(404);
      const peer = await member();
      const denied = await t.api('post', `/organizations/${org.orgId}/users/${m.id}/unlock`, peer.token);
      expect(denied.status).toBe(403);
      expect((await login(t, m.loginId)).status).toBe(423);
    });

    it('honours the subtree scope: a group administrator unlocks only users of their subtree', async () => {
      const o = await createOrg(t);
      const sales = await createGroup(t, o, 'SALES');
      const support = await createGroup(t, o, 'SUPPORT');
      const admin = await member(o);
      await placeInGroup(t, admin.id, sales);
      await grantPermissions(t, o, admin.id, [{ permission: Permission.UsersManage, scope: 'subtree' }]);
      const inside = await member(o);
      const outside = await member(o);
      await placeInGroup(t, inside.id, sales);
      await placeInGroup(t, outside.id, support);
      await lock(inside);
      await lock(outside);
      const unlock = (id: string) =>
        t.api('post', `/organizations/${o.orgId}/users/${id}/unlock`, admin.token);
      expect((await unlock(outside.id)).status).toBe(404);
      expect((await unlock(inside.id)).status).toBe(200);
    });
  });

  describe('the confirmation password (確認用パスワード, SPEC §3.1)', () => {
    it('lets a confirm route run with the right confirmation password only', async () => {
      const m = await member();
      const ok = await confirmed(m.token, DEFAULT_CONFIRMATION);
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ done: true, note: 'x' });
      const wrong = await confirmed(m.token, 'Not-it-123');
      expect(wrong.status).toBe(403);
      expect(wrong.body.code).toBe('CONFIRMATION_PASSWORD_INVALID');
      const missing = await t.api('post', '/test/confirmed-sample', m.token).send({ note: 'x' });
      expect(missing.status).toBe(400);
      expect(missing.body.code).toBe('VALIDATION_FAILED');
      expect(Number((await userRow(m.id)).failed_login_count)).toBe(1);
    });

    it('counts wrong answers toward the sign-in lockout, locks, and ends the sessions', async () => {
      const m = await member();
      expect((await login(t, m.loginId, WRONG)).status).toBe(401);
      expect((await confirmed(m.token, 'Not-it-123')).status).toBe(403);
      const third = await confirmed(m.token, 'Not-it-123');
      expect(third.status).toBe(423);
      expect(third.body.code).toBe('ACCOUNT_LOCKED');
      expect((await t.api('get', '/auth/me', m.token)).status).toBe(401);
      expect((await login(t, m.loginId)).status).toBe(423);
      const locked = (await countActions(t, m.id)).LOGIN_LOCKED_OUT;
      expect(locked).toBe(1);
      const rows: { screen: string }[] = await t.dataSource.query(
        "SELECT screen FROM login_history WHERE user_id = ? AND action = 'LOGIN_LOCKED_OUT'",
        [m.id],
      );
      expect(rows).toEqual([{ screen: '確認テスト' }]);
    });

    it('resets the count when the confirmation password is right', async () => {
      const m = await member();
      for (let i = 0; i < 2; i++) expect((await confirmed(m.token, 'Not-it-123')).status).toBe(403);
      expect((await confirmed(m.token, DEFAULT_CONFIRMATION)).status).toBe(200);
      expect(Number((await userRow(m.id)).failed_login_count)).toBe(0);
    });

    it('answers 403 CONFIRMATION_PASSWORD_NOT_SET to a user without one, who can then set it', async () => {
      const m = await member();
      await t.dataSource.query('UPDATE users SET confirmation_hash = NULL WHERE id = ?', [m.id]);
      const res = await confirmed(m.token, 'Anything-1');
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('CONFIRMATION_PASSWORD_NOT_SET');

      const wrongLogin = await t
        .api('put', '/auth/confirmation-password', m.token)
        .send({ password: WRONG, confirmationPassword: 'Second-secret-7' });
      expect(wrongLogin.status).toBe(401);
      const same = await t
        .api('put', '/auth/confirmation-password', m.token)
        .send({ password: DEFAULT_PASSWORD, confirmationPassword: DEFAULT_PASSWORD });
      expect(same.status).toBe(400);
      const set = await t
        .api('put', '/auth/confirmation-password', m.token)
        .send({ password: DEFAULT_PASSWORD, confirmationPassword: 'Second-secret-7' });
      expect(set.status).toBe(204);
      expect((await confirmed(m.token, 'Second-secret-7')).status).toBe(200);
      const [row] = await t.dataSource.query('SELECT confirmation_hash FROM users WHERE id = ?', [m.id]);
      expect(row.confirmation_hash).toMatch(/^\$argon2id\$/);
    });
  });

  describe('account usability (SPEC §3.2 step 5) and forced change', () => {
    const set = (id: string, sql: string, params: unknown[] = []) =>
      t.dataSource.query(`UPDATE users SET ${sql} WHERE id = ?`, [...params, id]);
    /** Moves the (running) test clock to an instant, keeping it running. */
    const moveTo = (iso: string) => t.clock.advance(new Date(iso).getTime() - t.clock.now().getTime());
    const backToNow = () => t.clock.advance(Date.now() - t.clock.now().getTime());

    it('refuses disabled and provisional accounts after the password, and resets the failure count', async () => {
      const m = await member();
      await login(t, m.loginId, WRONG);
      await set(m.id, 'is_disabled = ?', [true]);
      const disabled = await login(t, m.loginId);
      expect(disabled.status).toBe(403);
      expect(disabled.body.code).toBe('ACCOUNT_DISABLED');
      expect(Number((await userRow(m.id)).failed_login_count)).toBe(0);
      await set(m.id, 'is_disabled = ?, is_provisional = ?', [false, true]);
      expect((await login(t, m.loginId)).body.code).toBe('ACCOUNT_PROVISIONAL');
      expect((await login(t, m.loginId, WRONG)).body.code).toBe('INVALID_CREDENTIALS');
    });

    it('refuses outside the validity period', async () => {
      const m = await member();
      await set(m.id, 'valid_from = ?, valid_to = ?', ['2030-01-01', '2030-12-31']);
      const res = await login(t, m.loginId);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('ACCOUNT_EXPIRED');
    });

    it('allows sign-in through the usage stop date and refuses from 00:00 of the next day in Tokyo', async () => {
      const m = await member();
      await set(m.id, 'usage_stop_date = ?', ['2030-04-01']);
      try {
        moveTo('2030-04-01T14:59:50Z'); // 23:59:50 JST
        expect((await login(t, m.loginId)).status).toBe(200);
        moveTo('2030-04-01T15:00:01Z'); // 00:00:01 JST on the 2nd
        const res = await login(t, m.loginId);
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('ACCOUNT_STOPPED');
      } finally {
        backToNow();
      }
    });

    it('gives a forced-change user a token that only changes the password (and follows the legacy policy)', async () => {
      const o = await createOrg(t);
      const m = await member(o);
      await setOrgSettings(t, o.orgId, { passwordPolicy: 'legacy_banking' });
      await set(m.id, 'must_change_password = ?', [true]);
      const res = await login(t, m.loginId);
      expect(res.body.passwordChangeRequired).toBe(true);
      const token = res.body.accessToken as string;
      const blocked = await confirmed(token, DEFAULT_CONFIRMATION);
      expect(blocked.status).toBe(403);
      expect(blocked.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
      const tooLong = await t
        .api('post', '/auth/password', token)
        .send({ currentPassword: DEFAULT_PASSWORD, newPassword: 'Abcdef1234567' });
      expect(tooLong.status).toBe(400);
      expect(tooLong.body.code).toBe('PASSWORD_POLICY_VIOLATED');
      const ok = await t
        .api('post', '/auth/password', token)
        .send({ currentPassword: DEFAULT_PASSWORD, newPassword: 'Abc123def' });
      expect(ok.status).toBe(204);
      expect((await confirmed(token, DEFAULT_CONFIRMATION)).status).toBe(200);
    });
  });

  it('writes every refusal above to login history under the typed login ID', async () => {
    const m = await member();
    await login(t, m.loginId, WRONG);
    expect(await lastLoginHistory(t, m.loginId)).toMatchObject({
      action: 'LOGIN_WRONG_PASSWORD',
      user_id: m.id,
      organization_id: org.orgId,
    });
  });
});
