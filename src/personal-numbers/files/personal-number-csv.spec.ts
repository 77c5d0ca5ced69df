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
});
