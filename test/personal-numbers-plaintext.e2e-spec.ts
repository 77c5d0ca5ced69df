import { AuditRecorder } from '../src/audit/audit-recorder.service';
import { DEFAULT_CONFIRMATION } from './support/factories';
import { createOrg, type CreatedOrg } from './support/org-factories';
import { rowsOf, withCheckDigit, withWrongCheckDigit } from './support/personal-number-helpers';
import { scannableDatabase } from './support/scannable-database';
import { captureOutput } from './support/captured-output';
import { testDatabaseKind } from './support/test-database';
import { createTestApp, type TestApp } from './support/test-app';

/** Every way a number may be written: as digits, in full-width digits, grouped with hyphens or spaces. */
function formsOf(number: string): string[] {
  const groups = [number.slice(0, 4), number.slice(4, 8), number.slice(8)];
  const fullWidth = number.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
  return [number, fullWidth, groups.join('-'), groups.join(' ')];
}

/** Which of `numbers` (in any of their forms) occur in `haystack`. */
function found(haystack: Buffer | string, numbers: readonly string[]): string[] {
  const bytes = Buffer.isBuffer(haystack) ? haystack : Buffer.from(haystack, 'utf8');
  return numbers.flatMap((n) => formsOf(n).filter((form) => bytes.includes(Buffer.from(form, 'utf8'))));
}

/**
 * SPEC §8, §0 and the manual (⑥ 個人番号の暗号化保存): after known numbers have gone through every route that takes
 * one — including requests that fail — none of them is anywhere in the database file (SQLite, WAL included) or in a
 * MariaDB dump, in the application's log output, in an error body, or in operation history. After the
 * organization-wide purge no sealed row remains either.
 */
describe('Individual numbers: no plaintext anywhere', () => {
  // Bodies without long runs of one digit, so that a match cannot be a coincidence with zero-padded data (a hash
  // followed by the 64 zeros of a chain's genesis hash once contained 970000000000).
  const known = Array.from({ length: 10 }, (_, i) => withCheckDigit(String(58213409671 + i * 3_170_943_219)));
  const knownBad = withWrongCheckDigit('86420975319');
  const everyNumber = [...known, knownBad];
  const logs: string[] = [];
  const errorBodies: string[] = [];
  let db: Awaited<ReturnType<typeof scannableDatabase>>;
  let t: TestApp;
  let org: CreatedOrg;
  let base: string;
  let restoreOutput: () => void;

  beforeAll(async () => {
    db = await scannableDatabase('kanri-plaintext');
    t = await createTestApp({ database: db });
    restoreOutput = captureOutput(t.app, logs);
    org = await createOrg(t);
    base = `/organizations/${org.orgId}/personal-numbers`;
  });

  afterAll(async () => {
    restoreOutput();
    await t.close();
    await db.drop();
  });

  /** Sends a request and keeps the body of every failure. */
  async function call(
    req: ReturnType<TestApp['api']>,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await req;
    if (res.status >= 400) errorBodies.push(JSON.stringify(res.body));
    return res as unknown as { status: number; body: Record<string, unknown> };
  }

  it('takes known numbers through every route that accepts one, successful or not', async () => {
    const post = (body: Record<string, unknown>) => call(t.api('post', base, org.manager.token).send(body));
    const self = await post({
      employeeCode: 'PT001',
      familyName: '平文',
      givenName: '一郎',
      relation: 'self',
      number: known[0],
    });
    expect(self.status).toBe(201);
    const spouse = await post({
      employeeCode: 'PT001',
      familyName: '平文',
      givenName: '花子',
      relation: 'spouse',
      number: formsOf(known[1])[2],
    });
    expect(spouse.status).toBe(201);
    expect(
      (
        await post({
          employeeCode: 'PT002',
          familyName: '平文',
          givenName: '次郎',
          relation: 'self',
          number: formsOf(known[2])[1],
        })
      ).status,
    ).toBe(201);
    const child = await post({
      employeeCode: 'PT002',
      familyName: '平文',
      givenName: '三郎',
      relation: 'child',
    });
    expect(
      (await call(t.api('patch', `${base}/${child.body.id}`, org.manager.token).send({ number: known[3] })))
        .status,
    ).toBe(200);
    const file = [
      '社員番号,続柄,氏,名,個人番号',
      `PT003,本人,取込,太郎,${known[4]}`,
      `PT003,子,取込,花子,${formsOf(known[5])[3]}`,
    ].join('\r\n');
    const imported = await call(
      t
        .api('post', `${base}/import`, org.manager.token)
        .field('confirmationPassword', DEFAULT_CONFIRMATION)
        .attach('file', Buffer.from(file), 'hr.csv'),
    );
    expect(imported.body).toMatchObject({ created: 2 });

    // Failures: wrong check digit, duplicates, shape errors, misplaced numbers in bodies and query strings, bad files.
    const failures = [
      await post({
        employeeCode: 'PT009',
        familyName: '失敗',
        givenName: '一',
        relation: 'self',
        number: knownBad,
      }),
      await post({
        employeeCode: 'PT009',
        familyName: '失敗',
        givenName: '一',
        relation: 'self',
        number: known[0],
      }),
      await post({
        employeeCode: 'PT009',
        familyName: '失敗',
        givenName: '一',
        relation: 'self',
        number: `${known[6]}9`,
      }),
      await post({
        employeeCode: 'PT009',
        familyName: '失敗',
        givenName: '一',
        relation: 'self',
        memo: formsOf(known[6])[2],
      }),
      await post({
        employeeCode: 'PT009',
        familyName: '失敗',
        givenName: '一',
        relation: 'self',
        numbr: formsOf(known[6])[1],
      }),
      await post({
        employeeCode: formsOf(known[6])[2],
        familyName: '失敗',
        givenName: '一',
        relation: 'self',
      }),
      await post({
        employeeCode: 'PT009',
        familyName: formsOf(known[6])[1],
        givenName: '一',
        relation: 'self',
      }),
      await post({
        employeeCode: 'PT009',
        familyName: '失敗',
        givenName: '一',
        relation: 'self',
        number: known[6],
        extra: { deep: [formsOf(known[7])[3]] },
      }),
      await call(t.api('patch', `${base}/${self.body.id}`, org.manager.token).send({ number: knownBad })),
      await call(t.api('get', `${base}?employeeCode=${known[7]}`, org.manager.token)),
      await call(t.api('get', `${base}?q=${encodeURIComponent(formsOf(known[7])[2])}`, org.manager.token)),
      await call(
        t.api(
          'get',
          `${base}/input-status?search=${encodeURIComponent(formsOf(known[7])[1])}`,
          org.manager.token,
        ),
      ),
      await call(t.api('post', base).send({ employeeCode: 'PT009', note: formsOf(known[8])[2] })), // no token
      await call(
        t
          .api('post', `${base}/${self.body.id}/reveal`, org.manager.token)
          .send({ number: formsOf(known[8])[2], why: formsOf(known[8])[3] }),
      ),
      await call(
        t
          .api('post', `${base}/import`, org.manager.token)
          .field('confirmationPassword', DEFAULT_CONFIRMATION)
          .attach(
            'file',
            Buffer.from(
              [
                '社員番号,続柄,氏,名,個人番号',
                `PT010,本人,取込,一,${knownBad}`,
                `PT011,本人,取込,二,${known[0]}`,
                `${known[9]},本人,取込,三,`,
              ].join('\r\n'),
            ),
            'bad.csv',
          ),
      ),
    ];
    expect(failures.map((f) => f.status)).toEqual([
      422, 409, 400, 400, 400, 400, 400, 400, 422, 400, 400, 400, 401, 400, 422,
    ]);
    expect(
      await rowsOf(
        t,
        "SELECT id FROM personal_number_employees WHERE employee_code IN ('PT009', 'PT010', 'PT011')",
      ),
    ).toEqual([]);

    // The routes that show numbers do so (the test proves it can see one when it is there).
    const revealed = await call(t.api('post', `${base}/${self.body.id}/reveal`, org.manager.token).send({}));
    expect(revealed.body.number).toBe(known[0]);
    const exported = await t
      .api('post', `${base}/export`, org.manager.token)
      .send({ confirmationPassword: DEFAULT_CONFIRMATION });
    expect(found(exported.text, known)).toEqual(expect.arrayContaining([known[0], known[3], known[4]]));
    await t.app.get(AuditRecorder).drain();
  });

  it('no error body carries a number', () => {
    expect(errorBodies.length).toBe(15);
    expect(found(errorBodies.join('\n'), everyNumber)).toEqual([]);
  });

  it('operation history carries none (details of successes, failures and refusals alike)', async () => {
    const rows = await rowsOf<{ details: string | null }>(
      t,
      'SELECT details FROM operation_history WHERE details IS NOT NULL',
    );
    expect(rows.length).toBeGreaterThan(15);
    expect(found(rows.map((r) => r.details).join('\n'), everyNumber)).toEqual([]);
    const handling = await rowsOf(t, 'SELECT * FROM personal_number_handling_log');
    expect(found(JSON.stringify(handling), everyNumber)).toEqual([]);
  });

  it('the log output carries none', () => {
    expect(found(logs.join('\n'), everyNumber)).toEqual([]);
  });

  it(`the database ${testDatabaseKind === 'mysql' ? '(a mysqldump)' : 'file and its WAL'} carries none — and sealed numbers are there`, async () => {
    const dump = db.dump();
    const sealed = await rowsOf<{ number_cipher: string }>(
      t,
      'SELECT number_cipher FROM personal_number_records WHERE number_cipher IS NOT NULL',
    );
    expect(sealed).toHaveLength(6);
    // The scan sees the database: the first ciphertext is in it (so "nothing found" below means something).
    expect(dump.includes(Buffer.from(sealed[0].number_cipher))).toBe(true);
    expect(found(dump, everyNumber)).toEqual([]);
  });

  it('after the organization-wide purge no sealed row remains and the scan still finds nothing', async () => {
    const res = await t
      .api('post', `${base}/purge`, org.manager.token)
      .send({ confirmationPassword: DEFAULT_CONFIRMATION });
    expect(res.body).toEqual({ deletedEmployees: 3, deletedRecords: 6 });
    expect(await rowsOf(t, 'SELECT id FROM personal_number_records')).toEqual([]);
    expect(await rowsOf(t, 'SELECT id FROM personal_number_employees')).toEqual([]);
    expect(found(db.dump(), everyNumber)).toEqual([]);
    expect(found(logs.join('\n'), everyNumber)).toEqual([]);
  });
});
