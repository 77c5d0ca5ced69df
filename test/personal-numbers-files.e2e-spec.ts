import * as iconv from 'iconv-lite';
import { Permission } from '@kanri/access/permission';
import { DEFAULT_CONFIRMATION, loginAs } from './support/factories';
import {
  addMember,
  createGroup,
  createOrg,
  grantPermissions,
  placeInGroup,
  type CreatedOrg,
} from './support/org-factories';
import { createRecord, rowsOf, validNumbers, withWrongCheckDigit } from './support/personal-number-helpers';
import { createTestApp, type TestApp } from './support/test-app';

const HEADER = '社員番号,続柄,氏,名,個人番号,状態,退職日,グループコード';

/** Collects a CSV download as bytes. */
function binary(res: unknown, cb: (err: Error | null, body: Buffer) => void): void {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}

/**
 * Manual: 外部システム(人事・給与システム等)からの本システムへのCSVファイルによる社員情報・家族情報の取込機能 and
 * マイナンバー情報のエクスポート機能 (CSVファイル出力); import rules as SPEC §4 (10,000 rows, UTF-8/CP932, every row
 * validated, all or nothing); export needs personal_numbers.export.
 */
describe('Individual numbers: CSV export and import', () => {
  let t: TestApp;
  let org: CreatedOrg;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp();
    org = await createOrg(t);
    base = `/organizations/${org.orgId}/personal-numbers`;
  });
  afterAll(() => t.close());

  const exportCsv = (token: string, body: Record<string, unknown> = {}) =>
    t
      .api('post', `${base}/export`, token)
      .send({ confirmationPassword: DEFAULT_CONFIRMATION, ...body })
      .buffer(true)
      .parse(binary);

  describe('export (持出し)', () => {
    const numbers = validNumbers(41, 3);

    beforeAll(async () => {
      const sales = await createGroup(t, org, 'EXP-SALES');
      await createRecord(t, org.orgId, org.manager.token, {
        employeeCode: 'EX001',
        familyName: '山田',
        givenName: '太郎',
        number: numbers[0],
        groupId: sales,
      });
      await createRecord(t, org.orgId, org.manager.token, {
        employeeCode: 'EX001',
        familyName: '山田',
        givenName: '花子',
        relation: 'spouse',
        number: numbers[1],
      });
      await createRecord(t, org.orgId, org.manager.token, {
        employeeCode: 'EX001',
        familyName: '山田',
        givenName: '一郎',
        relation: 'child',
        state: 'refused',
      });
      await createRecord(t, org.orgId, org.manager.token, {
        employeeCode: 'EX002',
        familyName: '=HYPERLINK("x")',
        givenName: '次郎',
        number: numbers[2],
        retiredOn: '2025-03-31',
      });
    });

    it('writes the import layout with the numbers, UTF-8 with BOM, named personal_numbers_<time>.csv', async () => {
      const res = await exportCsv(org.manager.token);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(/filename="personal_numbers_\d{14}\.csv"/);
      const bytes = res.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.subarray(3).toString('utf8').split('\r\n');
      expect(lines[0]).toBe(HEADER);
      expect(lines).toEqual(
        expect.arrayContaining([
          `EX001,本人,山田,太郎,${numbers[0]},収集済,,EXP-SALES`,
          `EX001,配偶者,山田,花子,${numbers[1]},収集済,,EXP-SALES`,
          'EX001,子,山田,一郎,,提出拒否,,EXP-SALES',
          `EX002,本人,"'=HYPERLINK(""x"")",次郎,${numbers[2]},収集済,2025-03-31,`,
        ]),
      );
    });

    it('records the export in the handling log with the count, never a number', async () => {
      const res = await exportCsv(org.manager.token, { filter: { employeeCode: 'EX001' } });
      expect(res.status).toBe(200);
      const log = await rowsOf<Record<string, unknown>>(
        t,
        "SELECT action, record_count, operator_user_id, request_id FROM personal_number_handling_log WHERE action = 'export' AND request_id = ?",
        [res.headers['x-request-id']],
      );
      expect(log).toEqual([
        {
          action: 'export',
          record_count: 3,
          operator_user_id: org.manager.id,
          request_id: res.headers['x-request-id'],
        },
      ]);
      const audit = await rowsOf<{ screen: string; operation: string; details: string }>(
        t,
        'SELECT screen, operation, details FROM operation_history WHERE request_id = ?',
        [res.headers['x-request-id']],
      );
      expect(audit).toEqual([
        expect.objectContaining({ screen: 'マイナンバーエクスポート', operation: 'export' }),
      ]);
      expect(audit[0].details).not.toContain(DEFAULT_CONFIRMATION);
    });

    it('writes CP932 on request, and a check list without numbers', async () => {
      const sjis = await exportCsv(org.manager.token, { encoding: 'sjis', includeNumbers: false });
      expect(sjis.headers['content-type']).toBe('text/csv; charset=Shift_JIS');
      const text = iconv.decode(sjis.body as Buffer, 'cp932');
      expect(text.split('\r\n')[0]).toBe(HEADER);
      expect(text).toContain('EX001,本人,山田,太郎,,収集済,,EXP-SALES');
      expect(text).not.toMatch(/\d{12}/);
    });

    it('needs personal_numbers.export and the confirmation password', async () => {
      const reader = await addMember(t, org.orgId);
      await grantPermissions(t, org, reader.id, [
        Permission.PersonalNumbersRead,
        Permission.PersonalNumbersWrite,
      ]);
      expect((await exportCsv(reader.token)).status).toBe(403);
      const wrong = await t
        .api('post', `${base}/export`, org.manager.token)
        .send({ confirmationPassword: 'wrong-password' });
      expect(wrong.status).toBe(403);
      expect(wrong.body.code).toBe('CONFIRMATION_PASSWORD_INVALID');
    });
  });

  describe('import (社員情報・家族情報の取込)', () => {
    let importer: CreatedOrg;
    let importBase: string;
    const numbers = validNumbers(61, 4);

    beforeAll(async () => {
      importer = await createOrg(t);
      importBase = `/organizations/${importer.orgId}/personal-numbers`;
      await createGroup(t, importer, 'HQ');
    });

    const send = (content: string | Buffer, password = DEFAULT_CONFIRMATION) =>
      t
        .api('post', `${importBase}/import`, importer.manager.token)
        .field('confirmationPassword', password)
        .attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), 'employees.csv');

    it('creates employees and family members from an HR file, all in one go', async () => {
      const file = [
        HEADER,
        `IM001,本人,佐藤,一郎,${numbers[0]},,,HQ`,
        `IM001,配偶者,佐藤,花子,${numbers[1]},,,HQ`,
        'IM001,子,佐藤,次郎,,,,HQ',
        'IM002,本人,鈴木,三郎,,提出拒否,2026-03-31,',
      ].join('\r\n');
      const res = await send(file);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ total: 4, created: 4, updated: 0, unchanged: 0 });
      const list = await t.api('get', `${importBase}?perPage=100`, importer.manager.token);
      expect(
        list.body.items.map((r: Record<string, unknown>) => [
          r.employeeCode,
          r.relation,
          r.givenName,
          r.state,
          r.retiredOn,
        ]),
      ).toEqual([
        ['IM001', 'self', '一郎', 'collected', null],
        ['IM001', 'spouse', '花子', 'collected', null],
        ['IM001', 'child', '次郎', 'not_submitted', null],
        ['IM002', 'self', '三郎', 'refused', '2026-03-31'],
      ]);
      const self = list.body.items[0];
      expect(
        (await t.api('post', `${importBase}/${self.id}/reveal`, importer.manager.token).send({})).body.number,
      ).toBe(numbers[0]);
      const log = await rowsOf(
        t,
        "SELECT record_count FROM personal_number_handling_log WHERE organization_id = ? AND action = 'import'",
        [importer.orgId],
      );
      expect(log).toEqual([{ record_count: 4 }]);
    });

    it('imports its own export back unchanged', async () => {
      const exported = await t
        .api('post', `${importBase}/export`, importer.manager.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION })
        .buffer(true)
        .parse(binary);
      const before = await rowsOf(
        t,
        'SELECT id, number_cipher, state, family_name, given_name, updated_at FROM personal_number_records WHERE organization_id = ? ORDER BY id',
        [importer.orgId],
      );
      const res = await send(exported.body as Buffer);
      expect(res.body).toEqual({ total: 4, created: 0, updated: 0, unchanged: 4 });
      expect(
        await rowsOf(
          t,
          'SELECT id, number_cipher, state, family_name, given_name, updated_at FROM personal_number_records WHERE organization_id = ? ORDER BY id',
          [importer.orgId],
        ),
      ).toEqual(before);
    });

    it('updates by employee code and relation (self, spouse) or name (family), in CP932', async () => {
      const file = [
        HEADER,
        `IM002,本人,鈴木,三郎,${numbers[2]},,2026-03-31,`,
        'IM001,配偶者,佐藤,華子,,,,HQ',
        'IM001,子,佐藤,四郎,,,,HQ',
      ].join('\r\n');
      const res = await send(iconv.encode(file, 'cp932'));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ total: 3, created: 1, updated: 2, unchanged: 0 });
      const list = await t.api('get', `${importBase}?perPage=100`, importer.manager.token);
      expect(
        list.body.items.map((r: Record<string, unknown>) => [
          r.employeeCode,
          r.relation,
          r.givenName,
          r.state,
        ]),
      ).toEqual([
        ['IM001', 'self', '一郎', 'collected'],
        ['IM001', 'spouse', '華子', 'collected'],
        ['IM001', 'child', '次郎', 'not_submitted'],
        ['IM001', 'child', '四郎', 'not_submitted'],
        ['IM002', 'self', '三郎', 'collected'],
      ]);
    });

    it('swaps two numbers of one employee in one file (a correction of a mix-up)', async () => {
      const res = await send(
        [HEADER, `IM001,本人,佐藤,一郎,${numbers[1]},,,HQ`, `IM001,配偶者,佐藤,華子,${numbers[0]},,,HQ`].join(
          '\r\n',
        ),
      );
      expect(res.body).toEqual({ total: 2, created: 0, updated: 2, unchanged: 0 });
      const list = await t.api('get', `${importBase}?employeeCode=IM001`, importer.manager.token);
      const reveal = async (relation: string) =>
        (
          await t
            .api(
              'post',
              `${importBase}/${list.body.items.find((r: { relation: string }) => r.relation === relation).id}/reveal`,
              importer.manager.token,
            )
            .send({})
        ).body.number;
      expect([await reveal('self'), await reveal('spouse')]).toEqual([numbers[1], numbers[0]]);
    });

    it('rejects the whole file when any row is wrong, listing every problem by line and column, never a number', async () => {
      const before = await rowsOf(
        t,
        'SELECT id, state, number_cipher FROM personal_number_records WHERE organization_id = ? ORDER BY id',
        [importer.orgId],
      );
      const bad = withWrongCheckDigit('98765432101');
      const file = [
        HEADER,
        `IM003,本人,田中,一郎,${numbers[3]},,,HQ`, // fine on its own
        `IM004,本人,田中,二郎,${bad},,,HQ`, // check digit
        'IM005,孫,田中,三郎,,,,HQ', // relation
        `IM006,本人,田中,四郎,${numbers[1]},,,HQ`, // another employee's own number (IM001's, since the swap)
        'IM007,本人,田中,五郎,,,,NOPE', // unknown group
        'IM008,本人,田中,六郎,,収集済,,HQ', // collected without a number
        'IM009,本人,田中,七郎,,,2026-02-30,HQ', // date
      ].join('\r\n');
      const res = await send(file);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('IMPORT_INVALID');
      expect(res.body.details.rows).toEqual(
        [
          { line: 3, field: '個人番号', message: expect.stringContaining('check digit') },
          { line: 4, field: '続柄', message: expect.any(String) },
          { line: 6, field: 'グループコード', message: expect.any(String) },
          { line: 7, field: '個人番号', message: 'a collected record needs its number' },
          { line: 8, field: '退職日', message: expect.any(String) },
          { line: 5, field: '個人番号', message: "already registered as another employee's own number" },
        ].sort((a, b) => a.line - b.line),
      );
      expect(res.body.details.errorCount).toBe(6);
      expect(JSON.stringify(res.body)).not.toMatch(/\d{12}/);
      expect(
        await rowsOf(
          t,
          'SELECT id, state, number_cipher FROM personal_number_records WHERE organization_id = ? ORDER BY id',
          [importer.orgId],
        ),
      ).toEqual(before);
      expect(
        await rowsOf(t, "SELECT id FROM personal_number_employees WHERE employee_code = 'IM003'"),
      ).toEqual([]);
    });

    it('refuses a malformed file and a file without the required columns', async () => {
      const short = await send(`${HEADER}\r\nIM010,本人,田中\r\n`);
      expect(short.status).toBe(422);
      expect(short.body.details.rows).toEqual([
        { line: 2, field: 'file', message: 'expected 8 cells, found 3' },
      ]);
      const missing = await send('社員番号,氏,名\r\nIM010,田中,一郎\r\n');
      expect(missing.body.details.rows).toEqual([
        { line: 1, field: '続柄', message: 'required column is missing' },
      ]);
    });

    it('needs the confirmation password and a file', async () => {
      const wrong = await send(`${HEADER}\r\n`, 'wrong-password');
      expect(wrong.status).toBe(403);
      expect(wrong.body.code).toBe('CONFIRMATION_PASSWORD_INVALID');
      const none = await t
        .api('post', `${importBase}/import`, importer.manager.token)
        .field('confirmationPassword', DEFAULT_CONFIRMATION);
      expect(none.status).toBe(400);
      expect(none.body.details.fields.file).toBeDefined();
    });

    it('a writer limited to a subtree imports only employees of their groups', async () => {
      const branch = await createGroup(t, importer, 'BRANCH');
      const head = await createGroup(t, importer, 'HEAD');
      await createRecord(t, importer.orgId, importer.manager.token, { employeeCode: 'SB900', groupId: head });
      const limited = await addMember(t, importer.orgId);
      await placeInGroup(t, limited.id, branch);
      await grantPermissions(t, importer, limited.id, [
        { permission: Permission.UsersManage, scope: 'subtree' },
        { permission: Permission.PersonalNumbersWrite, scope: null },
      ]);
      const token = await loginAs(t, limited.loginId);
      const upload = (rows: string[]) =>
        t
          .api('post', `${importBase}/import`, token)
          .field('confirmationPassword', DEFAULT_CONFIRMATION)
          .attach('file', Buffer.from([HEADER, ...rows].join('\r\n')), 'branch.csv');
      const refused = await upload([
        'SB100,本人,支店,一郎,,,,BRANCH',
        'SB900,子,本社,五郎,,,,HEAD',
        'SB101,本人,支店,二郎,,,,',
      ]);
      expect(refused.status).toBe(422);
      expect(
        refused.body.details.rows.map((r: { line: number; field: string }) => [r.line, r.field]),
      ).toEqual([
        [3, '社員番号'],
        [4, 'グループコード'],
      ]);
      expect(
        await rowsOf(t, "SELECT id FROM personal_number_employees WHERE employee_code = 'SB100'"),
      ).toEqual([]);
      const accepted = await upload(['SB100,本人,支店,一郎,,,,BRANCH']);
      expect(accepted.body).toEqual({ total: 1, created: 1, updated: 0, unchanged: 0 });
    });

    it('refuses more than 10,000 rows with 413 IMPORT_TOO_LARGE and writes nothing', async () => {
      const lines = [HEADER];
      for (let i = 0; i <= 10_000; i++) lines.push(`BIG${i},本人,大量,太郎,,,,`);
      const res = await send(lines.join('\r\n'));
      expect(res.status).toBe(413);
      expect(res.body).toMatchObject({
        code: 'IMPORT_TOO_LARGE',
        details: { maxRows: 10_000, rows: 10_001 },
      });
      expect(
        await rowsOf(t, "SELECT id FROM personal_number_employees WHERE employee_code = 'BIG0'"),
      ).toEqual([]);
    });

    it('imports 10,000 rows with numbers in one transaction', async () => {
      const big = await createOrg(t);
      const numbersBig = validNumbers(9, 10_000);
      const lines = [HEADER];
      numbersBig.forEach((n, i) =>
        lines.push(
          `E${String(Math.floor(i / 2)).padStart(5, '0')},${i % 2 ? '配偶者' : '本人'},大量,${i % 2 ? '花子' : '太郎'},${n},,,`,
        ),
      );
      const res = await t
        .api('post', `/organizations/${big.orgId}/personal-numbers/import`, big.manager.token)
        .field('confirmationPassword', DEFAULT_CONFIRMATION)
        .attach('file', Buffer.from(lines.join('\r\n'), 'utf8'), 'big.csv');
      expect(res.body).toEqual({ total: 10_000, created: 10_000, updated: 0, unchanged: 0 });
      expect(
        await rowsOf(
          t,
          'SELECT COUNT(*) AS n FROM personal_number_records WHERE organization_id = ? AND number_cipher IS NOT NULL',
          [big.orgId],
        ),
      ).toEqual([{ n: 10_000 }]);
      expect(
        await rowsOf(t, 'SELECT COUNT(*) AS n FROM personal_number_employees WHERE organization_id = ?', [
          big.orgId,
        ]),
      ).toEqual([{ n: 5_000 }]);
    });
  });
});
