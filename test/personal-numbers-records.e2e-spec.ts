import { AuditRecorder } from '../src/audit/audit-recorder.service';
import { Permission } from '@kanri/access/permission';
import {
  addMember,
  createGroup,
  createOrg,
  grantPermissions,
  operatorToken,
  placeInGroup,
  type CreatedOrg,
  type OrgMember,
} from './support/org-factories';
import {
  createRecord,
  rowsOf,
  validNumbers,
  withCheckDigit,
  withWrongCheckDigit,
} from './support/personal-number-helpers';
import { loginAs } from './support/factories';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * SPEC §8 and the manual (マイナンバー管理): records of employees and their families, the number checked by its check
 * digit, sealed at rest, masked in every list, revealed only with personal_numbers.read and recorded every time.
 */
describe('Individual numbers: records, check digit, masking, reveal', () => {
  let t: TestApp;
  let org: CreatedOrg;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp();
    org = await createOrg(t);
    base = `/organizations/${org.orgId}/personal-numbers`;
  });
  afterAll(() => t.close());

  describe('the check digit (マイナンバーの誤入力防止)', () => {
    it('accepts a known-good number and stores the record as collected', async () => {
      const number = withCheckDigit('12345678901');
      expect(number).toBe('123456789018');
      const res = await t
        .api('post', base, org.manager.token)
        .send({ employeeCode: 'CD001', familyName: '山田', givenName: '太郎', relation: 'self', number });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        employeeCode: 'CD001',
        state: 'collected',
        maskedNumber: '************',
      });
      expect(JSON.stringify(res.body)).not.toContain(number);
    });

    it.each([
      ['123456789012', 'the hand-worked example with its last digit changed'],
      [withWrongCheckDigit('98765432109'), 'a generated number with a wrong check digit'],
      ['213456789018', 'two digits of a good number swapped'],
    ])('refuses %s (%s) with 422 PERSONAL_NUMBER_INVALID and stores nothing', async (number) => {
      const before = await rowsOf(t, 'SELECT COUNT(*) AS n FROM personal_number_records');
      const res = await t
        .api('post', base, org.manager.token)
        .send({ employeeCode: 'CD002', familyName: '山田', givenName: '花子', relation: 'self', number });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('PERSONAL_NUMBER_INVALID');
      expect(JSON.stringify(res.body)).not.toContain(number);
      expect(await rowsOf(t, 'SELECT COUNT(*) AS n FROM personal_number_records')).toEqual(before);
    });

    it.each([['12345678901'], ['1234567890185'], ['12345678901a'], ['']])(
      'answers 400 VALIDATION_FAILED for %j, which is not 12 digits',
      async (number) => {
        const res = await t
          .api('post', base, org.manager.token)
          .send({ employeeCode: 'CD003', familyName: '山田', givenName: '花子', relation: 'self', number });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.details.fields.number).toEqual(['number must be 12 digits']);
      },
    );

    it('accepts full-width digits and grouping hyphens, and stores the number it means', async () => {
      const created = await createRecord(t, org.orgId, org.manager.token, {
        employeeCode: 'CD004',
        number: '０００００００００－０１９',
      });
      const revealed = await t.api('post', `${base}/${created.id}/reveal`, org.manager.token).send({});
      expect(revealed.body.number).toBe('000000000019');
    });
  });

  describe('masking and reveal', () => {
    let recordId: string;
    const number = withCheckDigit('31415926535');

    beforeAll(async () => {
      recordId = (
        await createRecord(t, org.orgId, org.manager.token, {
          employeeCode: 'MR001',
          familyName: '鈴木',
          givenName: '一郎',
          number,
        })
      ).id;
      await createRecord(t, org.orgId, org.manager.token, {
        employeeCode: 'MR001',
        familyName: '鈴木',
        givenName: '花子',
        relation: 'spouse',
      });
    });

    it('lists and GET show a mask with no digit, never the number or its ciphertext', async () => {
      const list = await t.api('get', `${base}?employeeCode=MR001`, org.manager.token);
      expect(list.status).toBe(200);
      expect(list.body.items).toEqual([
        expect.objectContaining({
          id: recordId,
          relation: 'self',
          state: 'collected',
          maskedNumber: '************',
        }),
        expect.objectContaining({ relation: 'spouse', state: 'not_submitted', maskedNumber: null }),
      ]);
      const one = await t.api('get', `${base}/${recordId}`, org.manager.token);
      expect(one.body.maskedNumber).toBe('************');
      for (const body of [list.body, one.body]) {
        expect(JSON.stringify(body)).not.toContain(number);
        expect(JSON.stringify(body)).not.toContain('v1.');
        expect(Object.keys(body.items?.[0] ?? body)).not.toEqual(
          expect.arrayContaining(['number', 'numberCipher']),
        );
      }
    });

    it('reveals the number, and writes an audit row and a handling-log row naming whose record — never the number', async () => {
      const res = await t.api('post', `${base}/${recordId}/reveal`, org.manager.token).send({});
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        id: recordId,
        employeeCode: 'MR001',
        relation: 'self',
        familyName: '鈴木',
        givenName: '一郎',
        number,
      });
      const requestId = res.headers['x-request-id'];
      const audit = await rowsOf<{
        screen: string;
        operation: string;
        operator_user_id: string;
        outcome: string;
        details: string;
      }>(
        t,
        'SELECT screen, operation, operator_user_id, outcome, details FROM operation_history WHERE request_id = ?',
        [requestId],
      );
      expect(audit).toEqual([
        expect.objectContaining({
          screen: 'マイナンバー照会',
          operation: 'search',
          operator_user_id: org.manager.id,
          outcome: 'success',
        }),
      ]);
      // The route parameters name the record (masking may hide an id whose last group happens to be 12 digits; the
      // handling log below names it always).
      expect(JSON.parse(audit[0].details).params).toEqual({ id: expect.any(String) });
      expect(audit[0].details).not.toContain(number);
      const log = await t.api('get', `${base}/handling-log?action=reveal`, org.manager.token);
      expect(log.body.items[0]).toMatchObject({
        action: 'reveal',
        recordId,
        employeeCode: 'MR001',
        relation: 'self',
        recordCount: 1,
        operatorUserId: org.manager.id,
        operatorLoginId: org.manager.loginId,
        requestId,
      });
      expect(JSON.stringify(log.body)).not.toContain(number);
    });

    it('writes one handling-log row per reveal', async () => {
      const count = async () =>
        (
          await rowsOf<{ n: number }>(
            t,
            "SELECT COUNT(*) AS n FROM personal_number_handling_log WHERE action = 'reveal' AND record_id = ?",
            [recordId],
          )
        )[0].n;
      const before = Number(await count());
      for (let i = 0; i < 3; i++)
        await t.api('post', `${base}/${recordId}/reveal`, org.manager.token).send({});
      expect(Number(await count())).toBe(before + 3);
    });

    it('answers 422 PERSONAL_NUMBER_NOT_COLLECTED for a record without a number', async () => {
      const list = await t.api('get', `${base}?employeeCode=MR001&relation=spouse`, org.manager.token);
      const res = await t.api('post', `${base}/${list.body.items[0].id}/reveal`, org.manager.token).send({});
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('PERSONAL_NUMBER_NOT_COLLECTED');
    });
  });

  describe('permissions (アクセス権限: 照会 / 書き換え / 持出し)', () => {
    let reader: OrgMember;
    let writer: OrgMember;
    let nobody: OrgMember;
    let recordId: string;

    beforeAll(async () => {
      [reader, writer, nobody] = [
        await addMember(t, org.orgId),
        await addMember(t, org.orgId),
        await addMember(t, org.orgId),
      ];
      await grantPermissions(t, org, reader.id, [Permission.PersonalNumbersRead]);
      await grantPermissions(t, org, writer.id, [Permission.PersonalNumbersWrite]);
      recordId = (
        await createRecord(t, org.orgId, org.manager.token, {
          employeeCode: 'PM001',
          number: withCheckDigit('27182818284'),
        })
      ).id;
    });

    it('a member without any personal_numbers permission sees nothing', async () => {
      for (const path of [base, `${base}/${recordId}`, `${base}/input-status`]) {
        const res = await t.api('get', path, nobody.token);
        expect({ path, status: res.status }).toEqual({ path, status: 403 });
      }
      expect((await t.api('post', `${base}/${recordId}/reveal`, nobody.token).send({})).status).toBe(403);
    });

    it('personal_numbers.write changes records but cannot reveal', async () => {
      const patched = await t.api('patch', `${base}/${recordId}`, writer.token).send({ givenName: '次郎' });
      expect(patched.status).toBe(200);
      expect(patched.body.givenName).toBe('次郎');
      expect((await t.api('post', `${base}/${recordId}/reveal`, writer.token).send({})).status).toBe(403);
    });

    it('personal_numbers.read reveals but cannot change', async () => {
      expect((await t.api('post', `${base}/${recordId}/reveal`, reader.token).send({})).status).toBe(200);
      expect(
        (await t.api('patch', `${base}/${recordId}`, reader.token).send({ givenName: '三郎' })).status,
      ).toBe(403);
      expect((await t.api('delete', `${base}/${recordId}`, reader.token)).status).toBe(403);
    });

    it('a refused reveal is recorded as refused in operation history', async () => {
      const res = await t.api('post', `${base}/${recordId}/reveal`, writer.token).send({});
      await t.app.get(AuditRecorder).drain();
      const rows = await rowsOf<{ outcome: string; status_code: number }>(
        t,
        'SELECT outcome, status_code FROM operation_history WHERE request_id = ?',
        [res.headers['x-request-id']],
      );
      expect(rows).toEqual([{ outcome: 'refused', status_code: 403 }]);
    });

    it('the system operator may list but never reveal or export (the service operator is not a handler)', async () => {
      const op = await operatorToken(t);
      expect((await t.api('get', base, op)).status).toBe(200);
      const reveal = await t.api('post', `${base}/${recordId}/reveal`, op).send({});
      expect(reveal.status).toBe(403);
      expect(reveal.body.number).toBeUndefined();
    });

    it("another organization's record is 404, even to its own manager", async () => {
      const other = await createOrg(t);
      const res = await t
        .api('post', `/organizations/${other.orgId}/personal-numbers/${recordId}/reveal`, other.manager.token)
        .send({});
      expect(res.status).toBe(404);
      expect(
        (
          await t.api(
            'get',
            `/organizations/${other.orgId}/personal-numbers/${recordId}`,
            other.manager.token,
          )
        ).status,
      ).toBe(404);
      expect((await t.api('get', `${base}/${recordId}`, other.manager.token)).status).toBe(404);
    });
  });

  describe('subtree scope (取り扱える所属/社員の範囲の限定)', () => {
    let sales: string;
    let salesTokyo: string;
    let hr: string;
    let limited: OrgMember;
    let inScope: string;
    let outOfScope: string;
    let noGroup: string;

    beforeAll(async () => {
      sales = await createGroup(t, org, 'SALES');
      salesTokyo = await createGroup(t, org, 'SALES-TKY', sales);
      hr = await createGroup(t, org, 'HR');
      limited = await addMember(t, org.orgId);
      await placeInGroup(t, limited.id, sales);
      await grantPermissions(t, org, limited.id, [
        { permission: Permission.UsersManage, scope: 'subtree' },
        { permission: Permission.PersonalNumbersRead, scope: null },
        { permission: Permission.PersonalNumbersWrite, scope: null },
      ]);
      limited.token = await loginAs(t, limited.loginId);
      inScope = (
        await createRecord(t, org.orgId, org.manager.token, {
          employeeCode: 'SB001',
          groupId: salesTokyo,
          number: withCheckDigit('11111111111'),
        })
      ).id;
      outOfScope = (
        await createRecord(t, org.orgId, org.manager.token, {
          employeeCode: 'SB002',
          groupId: hr,
          number: withCheckDigit('22222222222'),
        })
      ).id;
      noGroup = (await createRecord(t, org.orgId, org.manager.token, { employeeCode: 'SB003' })).id;
    });

    it('lists only employees of the own group and its descendants', async () => {
      const res = await t.api('get', `${base}?perPage=100`, limited.token);
      expect(res.body.items.map((r: { id: string }) => r.id)).toEqual([inScope]);
      expect(res.body.total).toBe(1);
    });

    it('answers 404 for records outside the subtree, for reveal as for GET', async () => {
      for (const id of [outOfScope, noGroup]) {
        expect((await t.api('get', `${base}/${id}`, limited.token)).status).toBe(404);
        expect((await t.api('post', `${base}/${id}/reveal`, limited.token).send({})).status).toBe(404);
      }
      expect((await t.api('post', `${base}/${inScope}/reveal`, limited.token).send({})).body.number).toBe(
        withCheckDigit('11111111111'),
      );
    });

    it('cannot create employees outside the subtree or move one out of it', async () => {
      const outside = await t
        .api('post', base, limited.token)
        .send({ employeeCode: 'SB010', familyName: '佐藤', givenName: '一', relation: 'self', groupId: hr });
      expect(outside.status).toBe(403);
      const ungrouped = await t
        .api('post', base, limited.token)
        .send({ employeeCode: 'SB011', familyName: '佐藤', givenName: '一', relation: 'self' });
      expect(ungrouped.status).toBe(403);
      const familyOfOutsider = await t
        .api('post', base, limited.token)
        .send({ employeeCode: 'SB002', familyName: '佐藤', givenName: '一', relation: 'child' });
      expect(familyOfOutsider.status).toBe(403);
      const move = await t.api('patch', `${base}/${inScope}`, limited.token).send({ groupId: hr });
      expect(move.status).toBe(403);
      const within = await t.api('post', base, limited.token).send({
        employeeCode: 'SB012',
        familyName: '佐藤',
        givenName: '一',
        relation: 'self',
        groupId: sales,
      });
      expect(within.status).toBe(201);
      expect(
        await rowsOf(
          t,
          "SELECT employee_code FROM personal_number_employees WHERE employee_code IN ('SB010', 'SB011')",
        ),
      ).toEqual([]);
    });
  });

  describe('duplicates and relations', () => {
    const n = validNumbers(5, 6);

    it('one number appears once within an employee and their family', async () => {
      await createRecord(t, org.orgId, org.manager.token, { employeeCode: 'DP001', number: n[0] });
      const res = await t.api('post', base, org.manager.token).send({
        employeeCode: 'DP001',
        familyName: '山田',
        givenName: '次郎',
        relation: 'child',
        number: n[0],
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('PERSONAL_NUMBER_DUPLICATE');
      expect(JSON.stringify(res.body)).not.toContain(n[0]);
    });

    it('one person is one employee: the same own number under two employee codes is refused', async () => {
      const res = await t.api('post', base, org.manager.token).send({
        employeeCode: 'DP002',
        familyName: '山田',
        givenName: '太郎',
        relation: 'self',
        number: n[0],
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('PERSONAL_NUMBER_DUPLICATE');
    });

    it('colleagues married to each other list each other, and their child, under both employee codes', async () => {
      await createRecord(t, org.orgId, org.manager.token, {
        employeeCode: 'DP003',
        givenName: '花子',
        number: n[1],
      });
      await createRecord(t, org.orgId, org.manager.token, {
        employeeCode: 'DP001',
        givenName: '花子',
        relation: 'spouse',
        number: n[1],
      });
      await createRecord(t, org.orgId, org.manager.token, {
        employeeCode: 'DP003',
        relation: 'spouse',
        number: n[0],
      });
      await createRecord(t, org.orgId, org.manager.token, {
        employeeCode: 'DP001',
        givenName: '三郎',
        relation: 'child',
        number: n[2],
      });
      await createRecord(t, org.orgId, org.manager.token, {
        employeeCode: 'DP003',
        givenName: '三郎',
        relation: 'child',
        number: n[2],
      });
    });

    it('the same number in another organization is no duplicate (digests are per organization)', async () => {
      const other = await createOrg(t);
      await createRecord(t, other.orgId, other.manager.token, { employeeCode: 'DP001', number: n[0] });
      const digests = await rowsOf<{ number_digest: string }>(
        t,
        'SELECT number_digest FROM personal_number_records WHERE organization_id IN (?, ?)',
        [org.orgId, other.orgId],
      );
      expect(new Set(digests.map((d) => d.number_digest)).size).toBeGreaterThan(1);
    });

    it('an employee has one own record and one spouse', async () => {
      const self = await t
        .api('post', base, org.manager.token)
        .send({ employeeCode: 'DP001', familyName: '山田', givenName: '別人', relation: 'self' });
      expect(self.status).toBe(409);
      expect(self.body.code).toBe('PERSONAL_NUMBER_RELATION_TAKEN');
      const spouse = await t
        .api('post', base, org.manager.token)
        .send({ employeeCode: 'DP001', familyName: '山田', givenName: '別人', relation: 'spouse' });
      expect(spouse.body.code).toBe('PERSONAL_NUMBER_RELATION_TAKEN');
    });
  });

  describe('states (収集済 / 未提出 / 提出拒否) and changes', () => {
    it('records a refusal, then collects the number when it arrives', async () => {
      const created = await createRecord(t, org.orgId, org.manager.token, {
        employeeCode: 'ST001',
        state: 'refused',
      });
      expect(created).toMatchObject({ state: 'refused', maskedNumber: null });
      const collected = await t
        .api('patch', `${base}/${created.id}`, org.manager.token)
        .send({ number: withCheckDigit('33333333333') });
      expect(collected.body).toMatchObject({ state: 'collected', maskedNumber: '************' });
    });

    it('refuses "collected" without a number and never drops a number as a side effect', async () => {
      const bad = await t.api('post', base, org.manager.token).send({
        employeeCode: 'ST002',
        familyName: '山田',
        givenName: '太郎',
        relation: 'self',
        state: 'collected',
      });
      expect(bad.status).toBe(400);
      expect(bad.body.details.fields.number).toBeDefined();
      const rec = await createRecord(t, org.orgId, org.manager.token, {
        employeeCode: 'ST002',
        number: withCheckDigit('44444444444'),
      });
      const refuse = await t.api('patch', `${base}/${rec.id}`, org.manager.token).send({ state: 'refused' });
      expect(refuse.status).toBe(400);
      const removed = await t
        .api('patch', `${base}/${rec.id}`, org.manager.token)
        .send({ number: null, state: 'refused' });
      expect(removed.body).toMatchObject({ state: 'refused', maskedNumber: null });
      expect(
        await rowsOf(
          t,
          'SELECT number_cipher, number_key_id, number_digest, self_digest FROM personal_number_records WHERE id = ?',
          [rec.id],
        ),
      ).toEqual([{ number_cipher: null, number_key_id: null, number_digest: null, self_digest: null }]);
    });

    it('replaces a number with a wrong check digit: 422 and the stored number stays', async () => {
      const number = withCheckDigit('55555555555');
      const rec = await createRecord(t, org.orgId, org.manager.token, { employeeCode: 'ST003', number });
      const res = await t
        .api('patch', `${base}/${rec.id}`, org.manager.token)
        .send({ number: withWrongCheckDigit('66666666666') });
      expect(res.status).toBe(422);
      expect((await t.api('post', `${base}/${rec.id}/reveal`, org.manager.token).send({})).body.number).toBe(
        number,
      );
    });

    it('retirement date and group belong to the employee: set through one record, shown on all', async () => {
      const a = await createRecord(t, org.orgId, org.manager.token, { employeeCode: 'ST004' });
      await createRecord(t, org.orgId, org.manager.token, {
        employeeCode: 'ST004',
        givenName: '花子',
        relation: 'spouse',
      });
      await t.api('patch', `${base}/${a.id}`, org.manager.token).send({ retiredOn: '2026-03-31' });
      const list = await t.api('get', `${base}?employeeCode=ST004`, org.manager.token);
      expect(list.body.items.map((r: { retiredOn: string }) => r.retiredOn)).toEqual([
        '2026-03-31',
        '2026-03-31',
      ]);
    });

    it('deletes a record, and the employee with their last record; the handling log keeps the deletion', async () => {
      const rec = await createRecord(t, org.orgId, org.manager.token, {
        employeeCode: 'ST005',
        number: withCheckDigit('77777777777'),
      });
      expect((await t.api('delete', `${base}/${rec.id}`, org.manager.token)).status).toBe(204);
      expect((await t.api('get', `${base}/${rec.id}`, org.manager.token)).status).toBe(404);
      expect(
        await rowsOf(t, "SELECT id FROM personal_number_employees WHERE employee_code = 'ST005'"),
      ).toEqual([]);
      const log = await rowsOf(
        t,
        'SELECT action, employee_code, record_count FROM personal_number_handling_log WHERE record_id = ?',
        [rec.id],
      );
      expect(log).toEqual([{ action: 'delete', employee_code: 'ST005', record_count: 1 }]);
    });

    it('refuses names with digits, so a number cannot hide in a name', async () => {
      const res = await t.api('post', base, org.manager.token).send({
        employeeCode: 'ST006',
        familyName: '１２３４５６７８９０１８',
        givenName: '太郎',
        relation: 'self',
      });
      expect(res.status).toBe(400);
      expect(res.body.details.fields.familyName).toBeDefined();
    });
  });

  describe('under concurrent requests', () => {
    it('20 registrations of one own number under 20 employee codes: exactly one succeeds', async () => {
      const number = withCheckDigit('88888888888');
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          t.api('post', base, org.manager.token).send({
            employeeCode: `RC${String(i).padStart(3, '0')}`,
            familyName: '競合',
            givenName: '太郎',
            relation: 'self',
            number,
          }),
        ),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(
        results.filter((r) => r.status === 409).every((r) => r.body.code === 'PERSONAL_NUMBER_DUPLICATE'),
      ).toBe(true);
      const rows = await rowsOf(
        t,
        "SELECT r.id FROM personal_number_records r JOIN personal_number_employees e ON e.id = r.employee_id WHERE e.employee_code LIKE 'RC%'",
      );
      expect(rows).toHaveLength(1);
      expect(
        await rowsOf(t, "SELECT id FROM personal_number_employees WHERE employee_code LIKE 'RC%'"),
      ).toHaveLength(1);
    });

    it('30 family members of a new employee registered at once: one employee, 30 records', async () => {
      const numbers = validNumbers(77, 30);
      const results = await Promise.all(
        numbers.map((number, i) =>
          t.api('post', base, org.manager.token).send({
            employeeCode: 'RF001',
            familyName: '大家',
            givenName: `子${'一二三四五六七八九十'[i % 10]}${i >= 10 ? '世' : ''}${i >= 20 ? '代' : ''}`,
            relation: 'child',
            number,
          }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(numbers.map(() => 201));
      expect(
        await rowsOf(t, "SELECT id FROM personal_number_employees WHERE employee_code = 'RF001'"),
      ).toHaveLength(1);
      const records = await rowsOf(
        t,
        "SELECT r.id FROM personal_number_records r JOIN personal_number_employees e ON e.id = r.employee_id WHERE e.employee_code = 'RF001'",
      );
      expect(records).toHaveLength(30);
    });

    it('10 spouses at once: one', async () => {
      await createRecord(t, org.orgId, org.manager.token, { employeeCode: 'RS001' });
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          t
            .api('post', base, org.manager.token)
            .send({ employeeCode: 'RS001', familyName: '配偶', givenName: '者', relation: 'spouse' }),
        ),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      const spouses = await rowsOf(
        t,
        "SELECT r.id FROM personal_number_records r JOIN personal_number_employees e ON e.id = r.employee_id WHERE e.employee_code = 'RS001' AND r.relation = 'spouse'",
      );
      expect(spouses).toHaveLength(1);
    });
  });
});
