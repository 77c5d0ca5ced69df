import { isValidDateString } from '@kanri/common/clock/business-date';
import { hasValidCheckDigit, isPersonalNumberShape, normalizePersonalNumber } from '../check-digit';
import { looksLikeIndividualNumber } from '../leak-guard/number-like';
import {
  EMPLOYEE_CODE_PATTERN,
  NAME_MAX,
  NAME_PATTERN,
  type RecordState,
  type Relation,
  RELATION_LABELS,
  RELATIONS,
  STATE_LABELS,
  STATES,
} from '../personal-number-fields';

/**
 * The CSV layout of the export and the import (manual: 外部システム(人事・給与システム等)からのCSVファイルによる社員情報・
 * 家族情報の取込 / マイナンバー情報のエクスポート). A file exported by Kanri imports back unchanged.
 */
export const CSV_COLUMNS = {
  employeeCode: '社員番号',
  relation: '続柄',
  familyName: '氏',
  givenName: '名',
  number: '個人番号',
  state: '状態',
  retiredOn: '退職日',
  groupCode: 'グループコード',
} as const;

export type CsvField = keyof typeof CSV_COLUMNS;
export const CSV_HEADER: readonly string[] = Object.values(CSV_COLUMNS);
/** Columns every import file needs; the others may be left out (their fields then stay as they are). */
export const REQUIRED_FIELDS: readonly CsvField[] = ['employeeCode', 'relation', 'familyName', 'givenName'];

export interface RowError {
  line: number;
  /** The column's header (e.g. 個人番号), or `file` for the file as a whole. */
  field: string;
  message: string;
}

/** One import row, checked field by field. `undefined`: the column is absent from the file. */
export interface ImportRow {
  line: number;
  employeeCode: string;
  relation: Relation;
  familyName: string;
  givenName: string;
  /** 12 digits with a valid check digit; null when the cell is empty (a stored number then stays). */
  number: string | null;
  state: RecordState | null | undefined;
  retiredOn: string | null | undefined;
  groupCode: string | null | undefined;
}

/** Maps the header to field positions; errors for unknown, repeated or missing columns. */
export function columnsOf(header: string[]): { columns: Map<CsvField, number>; errors: RowError[] } {
  const byLabel = new Map<string, CsvField>(Object.entries(CSV_COLUMNS).map(([f, l]) => [l, f as CsvField]));
  const columns = new Map<CsvField, number>();
  const errors: RowError[] = [];
  header.forEach((label, i) => {
    const field = byLabel.get(label);
    if (!field) errors.push({ line: 1, field: 'file', message: `unknown column (column ${i + 1})` });
    else if (columns.has(field)) errors.push({ line: 1, field: label, message: 'the column appears twice' });
    else columns.set(field, i);
  });
  for (const field of REQUIRED_FIELDS)
    if (!columns.has(field))
      errors.push({ line: 1, field: CSV_COLUMNS[field], message: 'required column is missing' });
  return { columns, errors };
}

const RELATION_BY_TEXT = new Map<string, Relation>([
  ...RELATIONS.map((r) => [r, r] as const),
  ...RELATIONS.map((r) => [RELATION_LABELS[r], r] as const),
]);
const STATE_BY_TEXT = new Map<string, RecordState>([
  ...STATES.map((s) => [s, s] as const),
  ...STATES.map((s) => [STATE_LABELS[s], s] as const),
]);

/**
 * Reads one row with the same rules as the API (record.dto.ts): names 1–30 characters without digits, the number
 * normalised (full-width digits, spaces, hyphens) then 12 digits with a valid check digit, dates YYYY-MM-DD.
 * Relation and state accept the export's labels (本人, 収集済, …) or the API's codes. Messages never quote a cell.
 */
export function readImportRow(
  line: number,
  cells: string[],
  columns: Map<CsvField, number>,
): { row?: ImportRow; errors: RowError[] } {
  const errors: RowError[] = [];
  const fail = (field: CsvField, message: string) =>
    errors.push({ line, field: CSV_COLUMNS[field], message });
  const cell = (field: CsvField): string | undefined => {
    const i = columns.get(field);
    return i === undefined ? undefined : cells[i].trim();
  };

  // Stryker disable next-line StringLiteral: any fallback text fails the employee-code pattern or reads as no relation
  const employeeCode = cell('employeeCode') ?? '';
  if (!EMPLOYEE_CODE_PATTERN.test(employeeCode)) fail('employeeCode', 'must be 1-32 letters, digits, - or _');
  else if (looksLikeIndividualNumber(employeeCode))
    fail('employeeCode', 'must not read as an individual number');
  // Stryker disable next-line StringLiteral: any fallback text that is not a relation label reads as none
  const relation = RELATION_BY_TEXT.get(cell('relation') ?? '');
  if (!relation) fail('relation', `must be one of ${RELATIONS.map((r) => RELATION_LABELS[r]).join(', ')}`);
  const familyName = cell('familyName') ?? '';
  const givenName = cell('givenName') ?? '';
  for (const [field, value] of [
    ['familyName', familyName],
    ['givenName', givenName],
  ] as const)
    if (!value || value.length > NAME_MAX || !NAME_PATTERN.test(value))
      fail(field, `must be 1-${NAME_MAX} characters without digits`);

  let number: string | null = null;
  const numberCell = cell('number');
  if (numberCell) {
    const normalized = normalizePersonalNumber(numberCell);
    if (!isPersonalNumberShape(normalized)) fail('number', 'must be 12 digits');
    else if (!hasValidCheckDigit(normalized))
      fail('number', 'check digit does not match (PERSONAL_NUMBER_INVALID)');
    else number = normalized;
  }

  const stateCell = cell('state');
  let state: RecordState | null | undefined = stateCell === undefined ? undefined : null;
  if (stateCell) {
    state = STATE_BY_TEXT.get(stateCell);
    if (!state) fail('state', `must be one of ${STATES.map((s) => STATE_LABELS[s]).join(', ')}`);
  }

  const retiredCell = cell('retiredOn');
  const retiredOn = retiredCell === undefined ? undefined : retiredCell || null;
  if (retiredOn && !isValidDateString(retiredOn)) fail('retiredOn', 'must be a date as YYYY-MM-DD');

  const groupCell = cell('groupCode');
  const groupCode = groupCell === undefined ? undefined : groupCell || null;

  if (errors.length) return { errors };
  return {
    row: {
      line,
      employeeCode,
      relation: relation!,
      familyName,
      givenName,
      number,
      state,
      retiredOn,
      groupCode,
    },
    errors,
  };
}

/** One export line, in CSV_HEADER order. */
export function exportCells(r: {
  employeeCode: string;
  relation: Relation;
  familyName: string;
  givenName: string;
  number: string | null;
  state: RecordState;
  retiredOn: string | null;
  groupCode: string | null;
}): string[] {
  return [
    r.employeeCode,
    RELATION_LABELS[r.relation],
    r.familyName,
    r.givenName,
    r.number ?? '',
    STATE_LABELS[r.state],
    r.retiredOn ?? '',
    r.groupCode ?? '',
  ];
}
