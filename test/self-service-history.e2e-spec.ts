import * as iconv from 'iconv-lite';
import type { Test } from 'supertest';
import { Permission } from '@kanri/access/permission';
import { AuditAppendQueue } from '../src/audit/audit-append.queue';
import { loginAs } from './support/factories';
import {
  addMember,
  createOrg,
  grantPermissions,
  type CreatedOrg,
  type OrgMember,
} from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(60_000);

function text(res: Test) {
  return res.buffer(true).parse((r, done) => {
    const chunks: Buffer[] = [];
    r.on('data', (c: Buffer) => chunks.push(c));
    r.on('end', () => done(null, iconv.decode(Buffer.concat(chunks), 'utf8')));
  });
}

/** 操作履歴照会 › ご自身の操作履歴 (SPEC §13, 001): one's own history without `audit.read`. */
describe('own operation and sign-in history', () => {
  let t: TestApp;
  let org: CreatedOrg;
  let member: OrgMember;
  let colleague: OrgMember;
  let other: CreatedOrg;

  beforeAll(async () => {
    t = await createTestApp();
    t.clock.set('2026-11-21T03:00:00.000Z');
    org = await createOrg(t);
    member = await addMember(t, org.orgId);
    colleague = await addMember(t, org.orgId);
    other = await createOrg(t, { name: '別会社' });
    // What each of them does, with a sign-in of each, so the histories hold more than the caller's rows.
    member.token = await loginAs(t, member.loginId);
    await t.api('get', `/organizations/${org.orgId}`, member.token).expect(200);
    await t.api('get', `/organizations/${org.orgId}/groups`, colleague.token).expect(200);
    await t.api('get', `/organizations/${org.orgId}/managers`, org.manager.token).expect(200);
    await t
      .api('post', '/auth/login')
      .send({ loginId: colleague.loginId, password: 'Wrong-pass-1' })
      .expect(401);
    // Typing the member's login ID with a wrong password is theirs (resolved user); an unknown ID is nobody's.
    await t
      .api('post', '/auth/login')
      .send({ loginId: member.loginId, password: 'Wrong-pass-1' })
      .expect(401);
    await t.api('get', '/me', member.token).expect(200);
    // Reads are recorded through the group-commit queue, after their answers: let it write them.
    await t.app.get(AuditAppendQueue).drain();
  });
  afterAll(() => t.close());

  it('shows a member without audit.read their own operations only, newest first', async () => {
    const res = await t.api('get', '/me/operations', member.token).expect(200);
    expect(res.body.total).toBeGreaterThanOrEqual(2);
    expect(res.body.items.length).toBe(Math.min(res.body.total, 25));
    expect(new Set(res.body.items.map((i: { operatorLoginId: string }) => i.operatorLoginId))).toEqual(
      new Set([member.loginId]),
    );
    expect(res.body.items.map((i: { screen: string }) => i.screen)).toEqual(
      expect.arrayContaining(['企業情報', 'アカウント情報更新']),
    );
    // Exactly the rows the database held for the member's account in this organization when it answered (its own
    // row is written after the answer).
    await t.app.get(AuditAppendQueue).drain();
    const [count] = await t.dataSource.query(
      'SELECT COUNT(*) AS n FROM operation_history WHERE organization_id = ? AND operator_user_id = ?',
      [org.orgId, member.id],
    );
    expect(Number(count.n)).toBe(res.body.total + 1);
    const times = res.body.items.map((i: { occurredAt: string }) => i.occurredAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('shows their own sign-in events with the §3.4 labels, and not the colleague’s', async () => {
    const res = await t.api('get', '/me/login-history', member.token).expect(200);
    const actions = res.body.items.map((i: { action: string }) => i.action);
    expect(actions).toEqual(expect.arrayContaining(['LOGIN_SUCCESS', 'LOGIN_WRONG_PASSWORD']));
    expect(new Set(res.body.items.map((i: { userId: string }) => i.userId))).toEqual(
      new Set([member.loginId]),
    );
    expect(
      res.body.items.find((i: { action: string }) => i.action === 'LOGIN_WRONG_PASSWORD').actionLabel,
    ).toBe('[ログイン]パスワード間違い');
  });

  it('pages and filters by days in APP_TIMEZONE', async () => {
    const page = await t.api(
      'get',
      '/me/operations?perPage=25&page=1&from=2026-11-21&to=2026-11-21',
      member.token,
    );
    expect(page.status).toBe(200);
    expect(page.body.total).toBeGreaterThan(0);
    const later = await t.api('get', '/me/operations?from=2026-11-22', member.token).expect(200);
    expect(later.body).toMatchObject({ total: 0, items: [] });
    const backwards = await t.api('get', '/me/login-history?from=2026-11-22&to=2026-11-21', member.token);
    expect(backwards.status).toBe(400);
    expect(backwards.body.code).toBe('VALIDATION_FAILED');
    await t.api('get', '/me/operations?perPage=10', member.token).expect(400);
  });

  it('downloads their own history as CSV with the export’s columns and names', async () => {
    const ops = await text(t.api('get', '/me/operations/export', member.token)).expect(200);
    expect(ops.headers['content-disposition']).toMatch(/operation_history_activity_\d{14}\.csv/);
    const lines = (ops.body as string)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('No.,操作種別,画面名,操作者ID,操作日時,詳細');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines.slice(1)) expect(line.split(',')[3]).toBe(member.loginId);

    const logins = await text(t.api('get', '/me/login-history/export?encoding=utf8', member.token)).expect(
      200,
    );
    expect(logins.headers['content-disposition']).toMatch(/operation_history_login_\d{14}\.csv/);
    const rows = (logins.body as string)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(rows[0]).toBe('No.,ユーザーID,アクション,日時,IPアドレス');
    expect(rows.slice(1).every((r) => r.split(',')[1] === member.loginId)).toBe(true);
    expect(rows.some((r) => r.includes('[ログイン]パスワード間違い'))).toBe(true);
  });

  it('answers 403 for the organization’s history (anyone else’s) and 404 for another organization’s', async () => {
    for (const path of [
      `/organizations/${org.orgId}/audit/operations?userId=${colleague.loginId}`,
      `/organizations/${org.orgId}/audit/login-history?userId=${org.manager.loginId}`,
      `/organizations/${org.orgId}/audit/export?type=activity&userId=${colleague.loginId}`,
    ]) {
      const res = await t.api('get', path, member.token);
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    const foreign = await t.api('get', `/organizations/${other.orgId}/audit/operations`, member.token);
    expect(foreign.status).toBe(404);
    // The own routes take no parameter naming someone else: such a query is refused, not ignored.
    const named = await t.api('get', `/me/operations?userId=${colleague.loginId}`, member.token);
    expect(named.status).toBe(400);
    expect(named.body.code).toBe('VALIDATION_FAILED');
    await t.api('get', `/me/login-history?familyName=x`, member.token).expect(400);
  });

  it('gives a holder of audit.read the same own view (the organization’s stays on its own route)', async () => {
    await grantPermissions(t, org, colleague.id, [Permission.AuditRead]);
    const own = await t.api('get', '/me/operations', colleague.token).expect(200);
    expect(new Set(own.body.items.map((i: { operatorLoginId: string }) => i.operatorLoginId))).toEqual(
      new Set([colleague.loginId]),
    );
    const all = await t
      .api('get', `/organizations/${org.orgId}/audit/operations`, colleague.token)
      .expect(200);
    expect(all.body.total).toBeGreaterThan(own.body.total);
  });

  it('answers 401 without a token', async () => {
    await t.api('get', '/me/operations').expect(401);
    await t.api('get', '/me/login-history/export').expect(401);
  });
});
