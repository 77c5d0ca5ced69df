import { fileConsistencyErrors, recordKey } from './import-plan';
import type { ImportRow } from './personal-number-csv';

const row = (line: number, over: Partial<ImportRow>): ImportRow => ({
  line,
  employeeCode: 'E1',
  relation: 'child',
  familyName: '山田',
  givenName: '一郎',
  number: null,
  state: undefined,
  retiredOn: undefined,
  groupCode: undefined,
  ...over,
});

describe('import file consistency', () => {
  it('matches the employee and spouse by relation, other family members by name too', () => {
    expect(recordKey(row(2, { relation: 'self', givenName: 'A' }))).toBe(
      recordKey(row(3, { relation: 'self', givenName: 'B' })),
    );
    expect(recordKey(row(2, { givenName: 'A' }))).not.toBe(recordKey(row(3, { givenName: 'B' })));
  });

  it('accepts a consistent file', () => {
    expect(
      fileConsistencyErrors([
        row(2, { relation: 'self', number: '123456789018', retiredOn: '2026-03-31' }),
        row(3, { givenName: '二郎', number: '000000000019', retiredOn: '2026-03-31' }),
        // Another employee may list the same person as family (married colleagues share their children).
        row(4, { employeeCode: 'E2', number: '000000000019' }),
      ]),
    ).toEqual([]);
  });

  it('refuses the same person twice, a number twice in one employee, and one number as two employees’ own', () => {
    const errors = fileConsistencyErrors([
      row(2, { relation: 'self', number: '123456789018' }),
      row(3, { relation: 'self', givenName: '別名' }),
      row(4, { number: '123456789018' }),
      row(5, { employeeCode: 'E2', relation: 'self', number: '123456789018' }),
    ]);
    expect(errors.map((e) => [e.line, e.field, e.message])).toEqual([
      [3, '続柄', 'the same person is on line 2'],
      [4, '個人番号', 'the same number is on line 2 for this employee'],
      [5, '個人番号', "the same number is another employee's own number on line 2"],
    ]);
  });

  it('names the first own row of a number, even when that employee lists the number twice', () => {
    const errors = fileConsistencyErrors([
      row(2, { relation: 'self', number: '123456789018' }),
      row(3, { relation: 'self', number: '123456789018' }),
      row(4, { employeeCode: 'E2', relation: 'self', number: '123456789018' }),
    ]);
    // The line of the other row is the detail a row error carries.
    expect(errors.map((e) => [e.line, e.field, e.message])).toEqual([
      [3, '続柄', 'the same person is on line 2'],
      [3, '個人番号', 'the same number is on line 2 for this employee'],
      [4, '個人番号', "the same number is another employee's own number on line 2"],
    ]);
  });

  it('refuses rows of one employee that disagree on the retirement date or group', () => {
    const errors = fileConsistencyErrors([
      row(2, { relation: 'self', retiredOn: '2026-03-31', groupCode: 'A' }),
      row(3, { retiredOn: null, groupCode: 'A' }),
      row(4, { givenName: '三郎', groupCode: 'B' }),
    ]);
    expect(errors.map((e) => [e.line, e.field])).toEqual([
      [3, '退職日'],
      [4, 'グループコード'],
    ]);
  });
});
