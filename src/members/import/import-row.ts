import {
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  type ValidationError,
  validateSync,
} from 'class-validator';
import { fullWidthKana, LOGIN_ID_PATTERN, UserProfileFields } from '../../users/dto/user-fields.dto';
import { AttributesField } from '../dto/user-admin-fields';
import { splitAttributes } from '../../users/search/user-attributes';
import { USER_CSV_COLUMNS, type UserCsvInput } from '../user-csv-columns';

/**
 * One CSV row as a DTO, validated with the same class-validator rules as the API's (UserProfileFields and the
 * administration fields), so that the import accepts exactly what `POST .../users` accepts.
 */
export class ImportUserRow extends UserProfileFields {
  @IsString()
  @Matches(LOGIN_ID_PATTERN, {
    message: 'loginId must be 6-12 half-width letters and digits with at least one of each',
  })
  loginId!: string;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  password?: string;

  @IsOptional()
  @IsString()
  @MaxLength(32)
  groupCode?: string;

  @AttributesField()
  attributes?: string[];
}

/** The row's values for the columns the file has; `null` is an empty cell (clears an optional field). */
export interface RowValues {
  loginId: string;
  familyName?: string;
  givenName?: string;
  familyNameKana?: string | null;
  givenNameKana?: string | null;
  email?: string | null;
  subEmail?: string | null;
  password?: string | null;
  groupCode?: string | null;
  attributes?: string[];
  validFrom?: string | null;
  validTo?: string | null;
  /** 無効; an empty cell is 0. */
  disabled?: boolean;
  /** 仮登録; undefined when the cell is empty or the column absent. */
  provisional?: boolean;
  language?: string | null;
  note?: string | null;
}

export interface RowError {
  line: number;
  /** The column header (ログインID, 姓, …), or '' for the row as a whole. */
  field: string;
  message: string;
}

const HEADER_OF = new Map<string, string>(
  // Stryker disable next-line MethodExpression: without the filter, output-only columns add a null key, which headerOf is never asked for
  USER_CSV_COLUMNS.filter((c) => c.input).map((c) => [c.input as string, c.header]),
);

export function headerOf(input: UserCsvInput | string): string {
  return HEADER_OF.get(input) ?? input;
}

const TEXT_INPUTS = [
  'familyNameKana',
  'givenNameKana',
  'email',
  'subEmail',
  'password',
  'groupCode',
  'validFrom',
  'validTo',
  'language',
  'note',
] as const;

/** Excel rewrites 2026-04-01 as 2026/4/1 when it saves a CSV; both are read as 2026-04-01. */
export function normalizeDateCell(cell: string): string {
  const m = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(cell.trim());
  return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : cell;
}

function flag(cell: string): boolean | undefined | 'invalid' {
  const v = cell.trim().toLowerCase();
  if (v === '') return undefined;
  if (v === '1' || v === 'true') return true;
  if (v === '0' || v === 'false') return false;
  return 'invalid';
}

/**
 * Reads one record into values (only for the columns present) and validates them with the DTO rules. `fill`
 * supplies the current values of an existing user for required fields the file leaves out, so that a file with
 * only some columns updates only those.
 */
export function readRow(
  line: number,
  cellOf: (input: UserCsvInput) => string | undefined,
  fill: { familyName: string; givenName: string } | null,
): { values: RowValues; errors: RowError[] } {
  const errors: RowError[] = [];
  const values: RowValues = { loginId: (cellOf('loginId') ?? '').trim() };
  const familyName = cellOf('familyName');
  const givenName = cellOf('givenName');
  if (familyName !== undefined) values.familyName = familyName;
  if (givenName !== undefined) values.givenName = givenName;
  for (const input of TEXT_INPUTS) {
    const cell = cellOf(input);
    if (cell === undefined) continue;
    const text = input === 'validFrom' || input === 'validTo' ? normalizeDateCell(cell) : cell;
    values[input] = text === '' ? null : text;
  }
  const attributes = cellOf('attributes');
  if (attributes !== undefined) values.attributes = splitAttributes(attributes);
  for (const input of ['disabled', 'provisional'] as const) {
    const cell = cellOf(input);
    if (cell === undefined) continue;
    const v = flag(cell);
    if (v === 'invalid') errors.push({ line, field: headerOf(input), message: 'must be 1 or 0' });
    else if (input === 'disabled') values.disabled = v ?? false;
    else values.provisional = v;
  }

  // The DTO's transforms are applied here rather than through class-transformer's plainToInstance, which cost a
  // quarter of the import's own time at 10,000 rows: kana to full width (the same function as the DTO's), and the
  // attributes were already trimmed and de-duplicated by splitAttributes (the DTO's normalizeAttributes).
  const dto = new ImportUserRow();
  dto.loginId = values.loginId;
  dto.familyName = (values.familyName ?? fill?.familyName)!;
  dto.givenName = (values.givenName ?? fill?.givenName)!;
  // An empty cell (null) is an absent field to the DTO's @IsOptional rules.
  for (const k of TEXT_INPUTS) (dto as unknown as Record<string, unknown>)[k] = values[k] ?? undefined;
  dto.familyNameKana = fullWidthKana(dto.familyNameKana) as string | undefined;
  dto.givenNameKana = fullWidthKana(dto.givenNameKana) as string | undefined;
  dto.attributes = values.attributes;
  // Stryker disable next-line ObjectLiteral,BooleanLiteral: forbidUnknownValues refuses only objects of a class without rules, and ImportUserRow has rules
  for (const error of validateSync(dto, { forbidUnknownValues: false }))
    errors.push(...toRowErrors(line, error));
  // The transform stored half-width kana full-width (NFKC); keep what was validated.
  if (typeof values.familyNameKana === 'string') values.familyNameKana = dto.familyNameKana ?? null;
  if (typeof values.givenNameKana === 'string') values.givenNameKana = dto.givenNameKana ?? null;
  return { values, errors };
}

function toRowErrors(line: number, error: ValidationError): RowError[] {
  const messages = Object.values(error.constraints ?? {});
  // A date cell fails both its shape and its calendar rule when it is not YYYY-MM-DD at all: one error a column.
  const shown =
    error.property === 'validFrom' || error.property === 'validTo' ? messages.slice(0, 1) : messages;
  return shown.map((message) => ({
    line,
    field: headerOf(error.property),
    message,
  }));
}
