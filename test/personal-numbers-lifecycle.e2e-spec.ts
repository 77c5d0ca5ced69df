import { AuditRecorder } from '../src/audit/audit-recorder.service';
import { RetireePurgeService } from '../src/personal-numbers/erasure/retiree-purge.service';
import { Permission } from '@kanri/access/permission';
import { DEFAULT_CONFIRMATION } from './support/factories';
import { addMember, createOrg, grantPermissions, type CreatedOrg } from './support/org-factories';
import { createRecord, rowsOf, validNumbers, withCheckDigit } from './support/personal-number-helpers';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Manual (マイナンバー管理 システム管理機能): 入力状況確認, 退職者のマイナンバー情報(社員・家族)削除機能,
 * マイナンバー情報の全削除.
 */
describe('Individual numbers: input status, retention, purge', () => {
  let t: TestApp;
  let org: CreatedOrg;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { PERSONAL_NUMBER_RETENTION_YEARS: '7' } });
    org = await createOrg(t);
    base = `/organizations/${org.orgId}/personal-numbers`;
  });
  afterAll(() => t.close());

  describe('入力状況確認 (input status)', () => {
    let status: CreatedOrg;

    beforeAll(async () => {
      status = await createOrg(t);
      const n = validNumbers(13, 4);
      const add = (input: Parameters<typeof createRecord>[3]) =>
        createRecord(t, status.orgId, status.manager.token, input);
      // IS001: everyone collected, or refused → complete
      await add({ employeeCode: 'IS001', familyName: '青木', givenName: '一郎', number: n[0] });
      await add({
        employeeCode: 'IS001',
        familyName: '青木',
        givenName: '花子',
        relation: 'spouse',
        number: n[1],
      });
      await add({
        employeeCode: 'IS001',
        familyName: '青木',
        givenName: '次郎',
        relation: 'child',
        state: 'refused',
      });
      // IS002: a child still missing → incomplete
      await add({ employeeCode: 'IS002', familyName: '井上', givenName: '三郎', number: n[2] });
      await add({ employeeCode: 'IS002', familyName: '井上', givenName: '四郎', relation: 'child' });
      // IS003: only a family member recorded, the employee themself missing → incomplete
      await add({
        employeeCode: 'IS003',
        familyName: '上田',
        givenName: '五郎',
        relation: 'parent',
        number: n[3],
      });
    });

    it('shows per employee which records are collected, missing or refused, with a summary', async () => {
      const res = await t.api(
        'get',
        `/organizations/${status.orgId}/personal-numbers/input-status`,
        status.manager.token,
      );
      expect(res.status).toBe(200);
      expect(res.body.summary).toEqual({
        employees: 3,
        complete: 1,
        incomplete: 2,
        records: { collected: 4, notSubmitted: 1, refused: 1 },
      });
      expect(res.body.items).toEqual([
        expect.objectContaining({
          employeeCode: 'IS001',
          familyName: '青木',
          givenName: '一郎',
          status: 'complete',
          selfRecorded: true,
          counts: { collected: 2, notSubmitted: 0, refused: 1 },
          members: [
            expect.objectContaining({ relation: 'self', state: 'collected' }),
            expect.objectContaining({ relation: 'spouse', state: 'collected' }),
            expect.objectContaining({ relation: 'child', givenName: '次郎', state: 'refused' }),
          ],
        }),
        expect.objectContaining({
          employeeCode: 'IS002',
          status: 'incomplete',
          counts: { collected: 1, notSubmitted: 1, refused: 0 },
        }),
        expect.objectContaining({
          employeeCode: 'IS003',
          status: 'incomplete',
          selfRecorded: false,
          familyName: null,
        }),
      ]);
      expect(JSON.stringify(res.body)).not.toMatch(/maskedNumber|\*{12}/);
    });

    it('filters complete and incomplete employees', async () => {
      const incomplete = await t.api(
        'get',
        `/organizations/${status.orgId}/personal-numbers/input-status?status=incomplete`,
        status.manager.token,
      );
      expect(incomplete.body.items.map((e: { employeeCode: string }) => e.employeeCode)).toEqual([
        'IS002',
        'IS003',
      ]);
      expect(incomplete.body.total).toBe(2);
      const complete = await t.api(
        'get',
        `/organizations/${status.orgId}/personal-numbers/input-status?status=complete`,
        status.manager.token,
      );
      expect(complete.body.items.map((e: { employeeCode: string }) => e.employeeCode)).toEqual(['IS001']);
    });
  });

  describe('retirees: deleted after the retention period by the daily job', () => {
    let retiredLongAgo: string;
    let retiredRecently: string;

    beforeAll(async () => {
      t.clock.set('2026-04-01T00:30:00+09:00');
      const n = validNumbers(17, 3);
      retiredLongAgo = (
        await createRecord(t, org.orgId, org.manager.token, {
          employeeCode: 'RT001',
          number: n[0],
          retiredOn: '2019-03-31',
        })
      ).id;
      await createRecord(t, org.orgId, org.manager.token, {
        employeeCode: 'RT001',
        givenName: '花子',
        relation: 'spouse',
        number: n[1],
      });
      retiredRecently = (
        await createRecord(t, org.orgId, org.manager.token, {
          employeeCode: 'RT002',
          number: n[2],
          retiredOn: '2019-04-01',
        })
      ).id;
      await createRecord(t, org.orgId, org.manager.token, { employeeCode: 'RT003' });
    });

    it('keeps a retiree through the 7th anniversary of the retirement date and deletes them the day after, family included', async () => {
      t.clock.set('2026-03-31T23:59:00+09:00');
      const before = await t.app.get(RetireePurgeService).purgeDue();
      expect(before.records).toBe(0);
      t.clock.set('2026-04-01T00:05:00+09:00');
      const done = await t.app.get(RetireePurgeService).purgeDue();
      expect(done).toEqual({ organizations: 1, employees: 1, records: 2 });
      expect((await t.api('get', `${base}/${retiredLongAgo}`, org.manager.token)).status).toBe(404);
      expect((await t.api('get', `${base}/${retiredRecently}`, org.manager.token)).status).toBe(200);
      expect(
        await rowsOf(t, "SELECT id FROM personal_number_employees WHERE employee_code = 'RT001'"),
      ).toEqual([]);
      expect(
        await rowsOf(
          t,
          "SELECT e.employee_code FROM personal_number_employees e WHERE e.employee_code IN ('RT002', 'RT003') ORDER BY e.employee_code",
        ),
      ).toEqual([{ employee_code: 'RT002' }, { employee_code: 'RT003' }]);
    });

    it('is audited as the system in the organization, with the count in the handling log', async () => {
      await t.app.get(AuditRecorder).drain();
      const audit = await rowsOf<{
        operator_login_id: string;
        operator_user_id: string | null;
        screen: string;
        operation: string;
        details: string;
      }>(
        t,
        "SELECT operator_login_id, operator_user_id, screen, operation, details FROM operation_history WHERE organization_id = ? AND screen = '退職者マイナンバー削除'",
        [org.orgId],
      );
      expect(audit).toEqual([
        expect.objectContaining({ operator_login_id: 'system', operator_user_id: null, operation: 'delete' }),
      ]);
      expect(JSON.parse(audit[0].details)).toEqual({
        body: { retentionYears: 7, retiredBefore: '2019-04-01' },
      });
      const log = await rowsOf(
        t,
        "SELECT action, record_count, operator_login_id FROM personal_number_handling_log WHERE organization_id = ? AND action = 'retiree_purge'",
        [org.orgId],
      );
      expect(log).toEqual([{ action: 'retiree_purge', record_count: 2, operator_login_id: 'system' }]);
    });

    it('runs again the same day without doing anything (idempotent)', async () => {
      expect(await t.app.get(RetireePurgeService).purgeDue()).toEqual({
        organizations: 0,
        employees: 0,
        records: 0,
      });
    });
  });

  describe('マイナンバー情報の全削除 (organization-wide purge)', () => {
    let victim: CreatedOrg;
    let bystander: CreatedOrg;

    beforeAll(async () => {
      victim = await createOrg(t);
      bystander = await createOrg(t);
      const n = validNumbers(29, 6);
      for (let i = 0; i < 5; i++)
        await createRecord(t, victim.orgId, victim.manager.token, { employeeCode: `PG${i}`, number: n[i] });
      await createRecord(t, victim.orgId, victim.manager.token, {
        employeeCode: 'PG0',
        givenName: '花子',
        relation: 'spouse',
      });
      await createRecord(t, bystander.orgId, bystander.manager.token, { employeeCode: 'PG0', number: n[5] });
    });

    it('is for the manager only, with the confirmation password', async () => {
      const admin = await addMember(t, victim.orgId);
      await grantPermissions(t, victim, admin.id, [
        Permission.PersonalNumbersWrite,
        Permission.PersonalNumbersRead,
      ]);
      const url = `/organizations/${victim.orgId}/personal-numbers/purge`;
      expect(
        (await t.api('post', url, admin.token).send({ confirmationPassword: DEFAULT_CONFIRMATION })).status,
      ).toBe(403);
      const wrong = await t.api('post', url, victim.manager.token).send({ confirmationPassword: 'not-it' });
      expect(wrong.body.code).toBe('CONFIRMATION_PASSWORD_INVALID');
      expect(
        await rowsOf(t, 'SELECT COUNT(*) AS n FROM personal_number_records WHERE organization_id = ?', [
          victim.orgId,
        ]),
      ).toEqual([{ n: 6 }]);
    });

    it('deletes every record of the organization and no other, leaves no ciphertext, and leaves an audit record with the count', async () => {
      const res = await t
        .api('post', `/organizations/${victim.orgId}/personal-numbers/purge`, victim.manager.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ deletedEmployees: 5, deletedRecords: 6 });
      expect(
        await rowsOf(t, 'SELECT id FROM personal_number_records WHERE organization_id = ?', [victim.orgId]),
      ).toEqual([]);
      expect(
        await rowsOf(t, 'SELECT id FROM personal_number_employees WHERE organization_id = ?', [victim.orgId]),
      ).toEqual([]);
      expect(
        await rowsOf(
          t,
          'SELECT COUNT(*) AS n FROM personal_number_records WHERE organization_id = ? AND number_cipher IS NOT NULL',
          [bystander.orgId],
        ),
      ).toEqual([{ n: 1 }]);
      const audit = await rowsOf<{
        screen: string;
        operation: string;
        operator_user_id: string;
        outcome: string;
      }>(
        t,
        'SELECT screen, operation, operator_user_id, outcome FROM operation_history WHERE request_id = ?',
        [res.headers['x-request-id']],
      );
      expect(audit).toEqual([
        {
          screen: 'マイナンバー全削除',
          operation: 'delete',
          operator_user_id: victim.manager.id,
          outcome: 'success',
        },
      ]);
      const log = await t.api(
        'get',
        `/organizations/${victim.orgId}/personal-numbers/handling-log?action=purge`,
        victim.manager.token,
      );
      expect(log.body.items).toEqual([
        expect.objectContaining({
          action: 'purge',
          recordCount: 6,
          operatorUserId: victim.manager.id,
          requestId: res.headers['x-request-id'],
        }),
      ]);
      const status = await t.api(
        'get',
        `/organizations/${victim.orgId}/personal-numbers/input-status`,
        victim.manager.token,
      );
      expect(status.body.summary.employees).toBe(0);
    });

    it('the vault works again afterwards, from empty', async () => {
      await createRecord(t, victim.orgId, victim.manager.token, {
        employeeCode: 'PG0',
        number: withCheckDigit('10101010101'),
      });
      expect(
        (await t.api('get', `/organizations/${victim.orgId}/personal-numbers`, victim.manager.token)).body
          .total,
      ).toBe(1);
    });
  });
});
