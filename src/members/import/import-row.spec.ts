import { headerOf, normalizeDateCell, readRow } from './import-row';
import type { UserCsvInput } from '../user-csv-columns';

/** A record as the import reads it: only the columns the file has. */
function cells(row: Partial<Record<UserCsvInput, string>>): (input: UserCsvInput) => string | undefined {
  return (input) => row[input];
}

const minimal = { loginId: 'yamada01', familyName: '山田', givenName: '太郎' };

/** The [line, column] pairs with an error, once each (a field can break several of its rules at once). */
function fieldsOf(errors: { line: number; field: string }[]): [number, string][] {
  const seen = new Set<string>();
  return errors.flatMap((e): [number, string][] =>
    seen.has(`${e.line}:${e.field}`) ? [] : (seen.add(`${e.line}:${e.field}`), [[e.line, e.field]]),
  );
}

describe('the column header an import error names', () => {
  it('is the Japanese header of the column the field is read from', () => {
    expect(headerOf('loginId')).toBe('ログインID');
    expect(headerOf('familyNameKana')).toBe('姓(カナ)');
    expect(headerOf('provisional')).toBe('仮登録');
  });

  it('is the field name itself for a field no column feeds', () => {
    expect(headerOf('phoneExternal')).toBe('phoneExternal');
  });
});

describe('dates as Excel saves them', () => {
  it.each([
    ['2026/4/1', '2026-04-01'],
    ['2026-4-1', '2026-04-01'],
    ['2026/04/01', '2026-04-01'],
    ['2026/12/31', '2026-12-31'],
    ['2026-11/9', '2026-11-09'],
    [' 2026/4/1 ', '2026-04-01'],
  ])('reads %j as %j', (cell, date) => {
    expect(normalizeDateCell(cell)).toBe(date);
  });

  it.each([
    '',
    '2026.4.1',
    '2026/4/1x',
    'x2026/4/1',
    '26/4/1',
    '20260/4/1',
    '2026//1',
    '2026/4/',
    '2026/004/1',
    '2026/4/001',
    ' abc ',
  ])('leaves %j as it is, for the date check to refuse', (cell) => {
    expect(normalizeDateCell(cell)).toBe(cell);
  });
});

describe('reading one row of the user CSV', () => {
  it('reads every column the file has', () => {
    const { values, errors } = readRow(
      7,
      cells({
        loginId: ' yamada01 ',
        familyName: '山田',
        givenName: '太郎',
        familyNameKana: 'ﾔﾏﾀﾞ',
        givenNameKana: 'ﾀﾛｳ',
        email: 'taro@example.jp',
        subEmail: 'sub@example.jp',
        password: 'Secret-pass1',
        groupCode: 'G01',
        attributes: ' 営業 ,東京,営業,',
        validFrom: '2026/4/1',
        validTo: '2027/3/31',
        disabled: '1',
        provisional: 'TRUE',
        language: 'ja',
        note: '2026/4/1',
      }),
      null,
    );
    expect(errors).toEqual([]);
    expect(values).toStrictEqual({
      loginId: 'yamada01',
      familyName: '山田',
      givenName: '太郎',
      familyNameKana: 'ヤマダ',
      givenNameKana: 'タロウ',
      email: 'taro@example.jp',
      subEmail: 'sub@example.jp',
      password: 'Secret-pass1',
      groupCode: 'G01',
      attributes: ['営業', '東京'],
      validFrom: '2026-04-01',
      validTo: '2027-03-31',
      disabled: true,
      provisional: true,
      language: 'ja',
      note: '2026/4/1',
    });
  });

  it('leaves out the columns the file does not have', () => {
    const { values, errors } = readRow(2, cells(minimal), null);
    expect(errors).toEqual([]);
    expect(values).toStrictEqual(minimal);
  });

  it('reads an empty optional cell as a clear (null), an empty 無効 as 0 and an empty 仮登録 as not given', () => {
    const empty = {
      familyNameKana: '',
      givenNameKana: '',
      email: '',
      subEmail: '',
      password: '',
      groupCode: '',
      validFrom: '',
      validTo: '',
      language: '',
      note: '',
    };
    const { values, errors } = readRow(
      3,
      cells({ ...minimal, ...empty, attributes: '', disabled: '', provisional: '' }),
      null,
    );
    expect(errors).toEqual([]);
    expect(values).toStrictEqual({
      ...minimal,
      familyNameKana: null,
      givenNameKana: null,
      email: null,
      subEmail: null,
      password: null,
      groupCode: null,
      validFrom: null,
      validTo: null,
      language: null,
      note: null,
      attributes: [],
      disabled: false,
      provisional: undefined,
    });
  });

  it.each([
    ['1', true],
    [' true ', true],
    ['True', true],
    ['0', false],
    ['FALSE', false],
    ['false', false],
  ])('reads the flag %j as %p', (cell, flag) => {
    const { values, errors } = readRow(4, cells({ ...minimal, disabled: cell, provisional: cell }), null);
    expect(errors).toEqual([]);
    expect(values.disabled).toBe(flag);
    expect(values.provisional).toBe(flag);
  });

  it('keeps 無効 and 仮登録 apart', () => {
    expect(readRow(4, cells({ ...minimal, disabled: '1', provisional: '' }), null).values).toMatchObject({
      disabled: true,
      provisional: undefined,
    });
    expect(readRow(4, cells({ ...minimal, disabled: '', provisional: '1' }), null).values).toMatchObject({
      disabled: false,
      provisional: true,
    });
    expect(readRow(4, cells({ ...minimal, disabled: '0', provisional: 'true' }), null).values).toMatchObject({
      disabled: false,
      provisional: true,
    });
  });

  it.each(['yes', '2', 'on', '-1'])('refuses the flag %j in either flag column', (cell) => {
    const { values, errors } = readRow(5, cells({ ...minimal, disabled: cell, provisional: cell }), null);
    expect(fieldsOf(errors)).toEqual([
      [5, '無効'],
      [5, '仮登録'],
    ]);
    expect(values).not.toHaveProperty('disabled');
    expect(values).not.toHaveProperty('provisional');
  });

  it('applies the API rules to each field and names the column of each error', () => {
    const { errors } = readRow(
      9,
      cells({
        loginId: 'abc',
        familyName: '',
        givenName: 'x'.repeat(31),
        familyNameKana: 'やまだ',
        givenNameKana: 'Taro',
        email: 'not-an-address',
        subEmail: 'a@b',
        password: 'p'.repeat(65),
        groupCode: 'g'.repeat(33),
        language: 'fr',
        note: 'n'.repeat(1001),
      }),
      null,
    );
    expect(new Set(fieldsOf(errors).map(([, field]) => field))).toEqual(
      new Set([
        'ログインID',
        '姓',
        '名',
        '姓(カナ)',
        '名(カナ)',
        'メールアドレス',
        'メールアドレス(サブ)',
        'パスワード',
        'グループコード',
        '使用言語',
        '備考',
      ]),
    );
    expect(errors.every((e) => e.line === 9 && e.message.length > 0)).toBe(true);
  });

  it('refuses a row without a login ID', () => {
    const { values, errors } = readRow(6, cells({ familyName: '山田', givenName: '太郎' }), null);
    expect(values.loginId).toBe('');
    expect(fieldsOf(errors)).toEqual([[6, 'ログインID']]);
  });

  it('requires 姓 and 名 for a new user, and takes them from the existing user when the file leaves them out', () => {
    const partial = cells({ loginId: 'yamada01', email: 'taro@example.jp' });
    expect(fieldsOf(readRow(8, partial, null).errors)).toEqual([
      [8, '姓'],
      [8, '名'],
    ]);
    const update = readRow(8, partial, { familyName: '山田', givenName: '太郎' });
    expect(update.errors).toEqual([]);
    expect(update.values).toStrictEqual({ loginId: 'yamada01', email: 'taro@example.jp' });
  });

  it('still requires 姓 and 名 when the file has the columns but leaves them empty', () => {
    const { errors } = readRow(8, cells({ loginId: 'yamada01', familyName: '', givenName: '' }), {
      familyName: '山田',
      givenName: '太郎',
    });
    expect(fieldsOf(errors)).toEqual([
      [8, '姓'],
      [8, '名'],
    ]);
  });

  it('refuses a date that is not on the calendar, once per column', () => {
    const { errors } = readRow(
      11,
      cells({ ...minimal, validFrom: '2026/2/30', validTo: '2026-13-01' }),
      null,
    );
    expect(fieldsOf(errors)).toEqual([
      [11, '有効開始日'],
      [11, '有効終了日'],
    ]);
    const shape = readRow(12, cells({ ...minimal, validFrom: 'April 1st', validTo: '2026-04-01' }), null);
    // The shape error of 有効開始日 is its only one: the calendar is not checked again.
    expect(shape.errors.map((e) => [e.line, e.field])).toEqual([[12, '有効開始日']]);
    const end = readRow(14, cells({ ...minimal, validTo: 'March 31st' }), null);
    expect(end.errors.map((e) => [e.line, e.field])).toEqual([[14, '有効終了日']]);
    // Other columns report every rule they break: an over-long text that is no address breaks two.
    const email = readRow(15, cells({ ...minimal, email: 'x'.repeat(300) }), null);
    expect(email.errors.map((e) => [e.line, e.field])).toEqual([
      [15, 'メールアドレス'],
      [15, 'メールアドレス'],
    ]);
  });

  it('refuses attributes the API refuses', () => {
    const { values, errors } = readRow(13, cells({ ...minimal, attributes: `ok,${'a'.repeat(33)}` }), null);
    expect(fieldsOf(errors)).toEqual([[13, '属性']]);
    expect(values.attributes).toEqual(['ok', 'a'.repeat(33)]);
  });
});
