import { SINGLE_RELATIONS } from '../personal-number-fields';
import { CSV_COLUMNS, type ImportRow, type RowError } from './personal-number-csv';

/**
 * Which stored record a row means: the employee's own record and their spouse by relation alone (so a corrected
 * name updates them), any other family member by relation and name.
 */
export function recordKey(
  row: Pick<ImportRow, 'employeeCode' | 'relation' | 'familyName' | 'givenName'>,
): string {
  return SINGLE_RELATIONS.includes(row.relation)
    ? `${row.employeeCode}\u0000${row.relation}`
    : `${row.employeeCode}\u0000${row.relation}\u0000${row.familyName}\u0000${row.givenName}`;
}

/**
 * The checks a file can fail on its own, before the database is asked (rows already valid field by field):
 * the same person twice, one number twice within an employee, one number as two employees' own, and an employee
 * whose rows disagree on 退職日 or グループコード. Messages name the other line, never a number.
 */
export function fileConsistencyErrors(rows: ImportRow[]): RowError[] {
  const errors: RowError[] = [];
  const byKey = new Map<string, number>();
  const numberInEmployee = new Map<string, number>();
  const selfNumber = new Map<string, { line: number; employeeCode: string }>();
  const employeeFields = new Map<
    string,
    { retiredOn?: { v: string | null; line: number }; groupCode?: { v: string | null; line: number } }
  >();
  for (const row of rows) {
    const key = recordKey(row);
    const seen = byKey.get(key);
    if (seen !== undefined)
      errors.push({
        line: row.line,
        field: CSV_COLUMNS.relation,
        message: `the same person is on line ${seen}`,
      });
    else byKey.set(key, row.line);

    if (row.number) {
      const k = `${row.employeeCode}\u0000${row.number}`;
      const other = numberInEmployee.get(k);
      if (other !== undefined)
        errors.push({
          line: row.line,
          field: CSV_COLUMNS.number,
          message: `the same number is on line ${other} for this employee`,
        });
      else numberInEmployee.set(k, row.line);
      if (row.relation === 'self') {
        const self = selfNumber.get(row.number);
        if (self && self.employeeCode !== row.employeeCode)
          errors.push({
            line: row.line,
            field: CSV_COLUMNS.number,
            message: `the same number is another employee's own number on line ${self.line}`,
          });
        else if (!self) selfNumber.set(row.number, { line: row.line, employeeCode: row.employeeCode });
      }
    }

    const fields = employeeFields.get(row.employeeCode) ?? {};
    for (const name of ['retiredOn', 'groupCode'] as const) {
      const value = row[name];
      if (value === undefined) continue;
      const first = fields[name];
      if (!first) fields[name] = { v: value, line: row.line };
      else if (first.v !== value)
        errors.push({
          line: row.line,
          field: CSV_COLUMNS[name],
          message: `differs from line ${first.line} for the same employee`,
        });
    }
    employeeFields.set(row.employeeCode, fields);
  }
  return errors;
}
