import { CSV_HEADER, columnsOf, exportCells, readImportRow } from './personal-number-csv';

describe('personal-number CSV layout', () => {
  const { columns } = columnsOf([...CSV_HEADER]);

  it('reads back what the export writes', () => {
    const cells = exportCells({
      employeeCode: 'E001',
      relation: 'spouse',
      familyName: '山田',
      givenName: '花子',
      number: '123456789018',
      state: 'collected',
      retiredOn: '2026-03-31',
      groupCode: 'SALES',
    });
    expect(cells).toEqual([
      'E001',
      '配偶者',
      '山田',
      '花子',
      '123456789018',
      '収集済',
      '2026-03-31',
      'SALES',
    ]);
    expect(readImportRow(2, cells, columns)).toEqual({
      row: {
        line: 2,
        employeeCode: 'E001',
        relation: 'spouse',
        familyName: '山田',
        givenName: '花子',
        number: '123456789018',
        state: 'collected',
        retiredOn: '2026-03-31',
        groupCode: 'SALES',
      },
      errors: [],
    });
  });

  it('accepts API codes, full-width numbers and empty optional cells', () => {
    const { row } = readImportRow(
      3,
      ['E002', 'child', '山田', '次郎', '１２３４ ５６７８ ９０１８', '', '', ''],
      columns,
    );
    expect(row).toMatchObject({
      relation: 'child',
      number: '123456789018',
      state: null,
      retiredOn: null,
      groupCode: null,
    });
  });

  it('reports every bad field of a row with its line and column, never quoting the cell', () => {
    const { row, errors } = readImportRow(
      7,
      ['E 1', '孫', '', '太郎1', '123456789012', '済', '2026-02-30', ''],
      columns,
    );
    expect(row).toBeUndefined();
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [7, '社員番号'],
      [7, '続柄'],
      [7, '氏'],
      [7, '名'],
      [7, '個人番号'],
      [7, '状態'],
      [7, '退職日'],
    ]);
    expect(JSON.stringify(errors)).not.toContain('123456789012');
  });

  it('tells a wrong length from a wrong check digit', () => {
    expect(
      readImportRow(2, ['E1', '本人', '山田', '太郎', '12345', '', '', ''], columns).errors[0].message,
    ).toBe('must be 12 digits');
    expect(
      readImportRow(2, ['E1', '本人', '山田', '太郎', '123456789012', '', '', ''], columns).errors[0].message,
    ).toContain('PERSONAL_NUMBER_INVALID');
  });

  it('knows absent columns from empty cells', () => {
    const minimal = columnsOf(['社員番号', '続柄', '氏', '名']);
    expect(minimal.errors).toEqual([]);
    expect(readImportRow(2, ['E1', '本人', '山田', '太郎'], minimal.columns).row).toMatchObject({
      number: null,
      state: undefined,
      retiredOn: undefined,
      groupCode: undefined,
    });
  });

  it('refuses unknown, repeated and missing columns', () => {
    expect(columnsOf(['社員番号', '続柄', '氏', '氏', 'マイナンバー']).errors.map((e) => e.message)).toEqual([
      'the column appears twice',
      'unknown column (column 5)',
      'required column is missing',
    ]);
  });

  describe('field by field', () => {
    const row = (over: Partial<Record<number, string>>) => {
      const cells = ['E1', '本人', '山田', '太郎', '', '', '', ''];
      for (const [i, v] of Object.entries(over)) cells[Number(i)] = v!;
      return readImportRow(4, cells, columns);
    };
    const fields = (result: ReturnType<typeof readImportRow>) => result.errors.map((e) => [e.line, e.field]);

    it('trims every cell', () => {
      expect(
        row({
          0: ' E1 ',
          1: ' 子 ',
          2: ' 山田 ',
          3: ' 花子 ',
          4: ' 123456789018 ',
          5: ' 収集済 ',
          6: ' 2026-01-31 ',
          7: ' G1 ',
        }).row,
      ).toEqual({
        line: 4,
        employeeCode: 'E1',
        relation: 'child',
        familyName: '山田',
        givenName: '花子',
        number: '123456789018',
        state: 'collected',
        retiredOn: '2026-01-31',
        groupCode: 'G1',
      });
    });

    it('employee codes: 1-32 letters, digits, - and _, never something that reads as a number', () => {
      expect(row({ 0: 'a-B_9' }).row?.employeeCode).toBe('a-B_9');
      expect(row({ 0: 'x'.repeat(32) }).errors).toEqual([]);
      expect(fields(row({ 0: 'x'.repeat(33) }))).toEqual([[4, '社員番号']]);
      expect(fields(row({ 0: '' }))).toEqual([[4, '社員番号']]);
      expect(fields(row({ 0: '1234-5678-9018' }))).toEqual([[4, '社員番号']]);
    });

    it('relations by label or by code', () => {
      expect(row({ 1: 'self' }).row?.relation).toBe('self');
      expect(row({ 1: 'その他' }).row?.relation).toBe('other');
      expect(fields(row({ 1: '' }))).toEqual([[4, '続柄']]);
      expect(fields(row({ 1: 'SELF' }))).toEqual([[4, '続柄']]);
    });

    it('names: 1-30 characters without digits, half- or full-width', () => {
      expect(row({ 2: 'あ'.repeat(30) }).errors).toEqual([]);
      expect(fields(row({ 2: 'あ'.repeat(31) }))).toEqual([[4, '氏']]);
      expect(fields(row({ 3: '' }))).toEqual([[4, '名']]);
      expect(fields(row({ 3: '太郎１' }))).toEqual([[4, '名']]);
      expect(fields(row({ 2: '1', 3: '2' }))).toEqual([
        [4, '氏'],
        [4, '名'],
      ]);
    });

    it('numbers: normalised, 12 digits, valid check digit; an empty cell keeps the stored one', () => {
      expect(row({ 4: '1234-5678-9018' }).row?.number).toBe('123456789018');
      expect(row({ 4: '' }).row?.number).toBeNull();
      expect(fields(row({ 4: '1234567890180' }))).toEqual([[4, '個人番号']]);
      expect(fields(row({ 4: '123456789012' }))).toEqual([[4, '個人番号']]);
    });

    it('states by label or by code; an empty cell is null, an absent column undefined', () => {
      expect(row({ 5: 'refused' }).row?.state).toBe('refused');
      expect(row({ 5: '提出拒否' }).row?.state).toBe('refused');
      expect(row({ 5: '未提出' }).row?.state).toBe('not_submitted');
      expect(row({ 5: '' }).row?.state).toBeNull();
      expect(fields(row({ 5: 'done' }))).toEqual([[4, '状態']]);
    });

    it('retirement dates as real YYYY-MM-DD dates; empty is null; group codes as they are', () => {
      expect(row({ 6: '2028-02-29' }).row?.retiredOn).toBe('2028-02-29');
      expect(row({ 6: '' }).row?.retiredOn).toBeNull();
      expect(fields(row({ 6: '2026/01/31' }))).toEqual([[4, '退職日']]);
      expect(row({ 7: '' }).row?.groupCode).toBeNull();
      expect(row({ 7: 'グループ1' }).row?.groupCode).toBe('グループ1');
    });
  });

  it('exports an empty cell for a missing number, retirement date and group', () => {
    expect(
      exportCells({
        employeeCode: 'E3',
        relation: 'other',
        familyName: '山田',
        givenName: '一',
        number: null,
        state: 'refused',
        retiredOn: null,
        groupCode: null,
      }),
    ).toEqual(['E3', 'その他', '山田', '一', '', '提出拒否', '', '']);
  });

  it('names the file or the column of each header problem, on line 1', () => {
    expect(
      columnsOf(['社員番号', '続柄', '氏', '氏', 'マイナンバー']).errors.map((e) => [e.line, e.field]),
    ).toEqual([
      [1, '氏'],
      [1, 'file'],
      [1, '名'],
    ]);
    expect(columnsOf([]).errors.map((e) => [e.line, e.field])).toEqual([
      [1, '社員番号'],
      [1, '続柄'],
      [1, '氏'],
      [1, '名'],
    ]);
    const reordered = columnsOf(['名', '個人番号', '氏', '続柄', '社員番号']);
    expect(reordered.errors).toEqual([]);
    expect([...reordered.columns]).toEqual([
      ['givenName', 0],
      ['number', 1],
      ['familyName', 2],
      ['relation', 3],
      ['employeeCode', 4],
    ]);
    expect(CSV_HEADER).toEqual([
      '社員番号',
      '続柄',
      '氏',
      '名',
      '個人番号',
      '状態',
      '退職日',
      'グループコード',
    ]);
  });

  it('reads an absent name column as empty, which is refused', () => {
    expect(readImportRow(2, [], new Map()).errors.map((e) => e.field)).toEqual([
      '社員番号',
      '続柄',
      '氏',
      '名',
    ]);
  });
});
