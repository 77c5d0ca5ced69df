import * as iconv from 'iconv-lite';
import { findNonZenginCharacter } from './zengin-charset';
import type {
  ZenginDataRecord,
  ZenginFieldError,
  ZenginFile,
  ZenginHeader,
  ZenginLineBreaks,
  ZenginParseResult,
} from './zengin-file';
import {
  DATA_ACCOUNT_TYPES,
  DATA_FIELDS,
  END_FIELDS,
  type FieldSpec,
  HEADER_ACCOUNT_TYPES,
  HEADER_FIELDS,
  IDENTIFICATIONS,
  NEW_CODES,
  RECORD_LENGTH,
  TRAILER_FIELDS,
  TRANSFER_CATEGORIES,
  ZENGIN_KINDS,
} from './zengin-layout';

/**
 * What the data records' amounts are for: `transfer` (a batch: every record moves at least 1 yen) or `register`
 * (a payee register read from a 総合振込-format file: the amount is not kept, so 0 — what Kanri's register export
 * writes — is accepted; it must still be 10 digits and add up to the trailer's total).
 */
export interface ZenginParseOptions {
  amounts: 'transfer' | 'register';
}

/** Past this many problems the rest of the file is not reported (the file is refused either way). */
export const MAX_REPORTED_ERRORS = 100;

const CR = 0x0d;
const LF = 0x0a;

/**
 * Reads a 全銀協 standard-format transfer file (Shift_JIS, 120-byte records, with or without CR LF). Every record
 * is checked before anything is returned: record order, lengths, digits, codes, the Zengin character set and
 * the trailer's count and total. Any problem refuses the whole file; the errors name record and field.
 */
export function parseZenginFile(
  buf: Buffer,
  options: ZenginParseOptions = { amounts: 'transfer' },
): ZenginParseResult {
  const errors = new ErrorList();
  const split = splitRecords(buf, errors);
  if (!split) return { ok: false, errors: errors.list };
  const { records, lineBreaks } = split;

  let header: ZenginHeader | undefined;
  const data: ZenginDataRecord[] = [];
  let trailerFields: Record<string, string> | undefined;
  let trailerRecord = 0;
  let stage: 'header' | 'data' | 'end' | 'done' = 'header';

  for (let i = 0; i < records.length && !errors.full; i++) {
    const n = i + 1;
    const rec = records[i];
    const type = String.fromCharCode(rec[0]);
    if (stage === 'header') {
      if (type !== '1') {
        errors.add(n, 'recordType', `must be 1 (header) as the first record, found "${printable(type)}"`);
        return { ok: false, errors: errors.list };
      }
      header = readHeader(readFields(rec, HEADER_FIELDS, n, errors), n, errors);
      stage = 'data';
    } else if (stage === 'data') {
      if (type === '2') {
        const record = readData(readFields(rec, DATA_FIELDS, n, errors), n, errors, options);
        if (record) data.push(record);
      } else if (type === '8') {
        trailerFields = readFields(rec, TRAILER_FIELDS, n, errors);
        trailerRecord = n;
        stage = 'end';
      } else {
        errors.add(n, 'recordType', `must be 2 (data) or 8 (trailer), found "${printable(type)}"`);
      }
    } else if (stage === 'end') {
      if (type !== '9')
        errors.add(n, 'recordType', `must be 9 (end) after the trailer, found "${printable(type)}"`);
      else readFields(rec, END_FIELDS, n, errors);
      stage = 'done';
    } else {
      errors.add(
        n,
        'recordType',
        'nothing may follow the end record (one header, data, trailer and end per file)',
      );
      break;
    }
  }
  if (!errors.full) {
    if (stage === 'data') errors.add(records.length, 'recordType', 'the file has no trailer record (8)');
    else if (stage === 'end') errors.add(records.length, 'recordType', 'the file has no end record (9)');
  }
  if (!errors.full && trailerFields && errors.list.length === 0) {
    const count = Number(trailerFields.totalCount);
    const total = data.reduce((sum, r) => sum + r.amount, 0);
    if (count !== data.length) {
      errors.add(trailerRecord, 'totalCount', `is ${count} but the file has ${data.length} data records`);
    }
    if (Number(trailerFields.totalAmount) !== total) {
      errors.add(
        trailerRecord,
        'totalAmount',
        `is ${Number(trailerFields.totalAmount)} but the data records add up to ${total}`,
      );
    }
  }
  if (data.length === 0 && errors.list.length === 0)
    errors.add(trailerRecord || 1, 'totalCount', 'the file has no data records');
  if (errors.list.length > 0 || !header || !trailerFields) return { ok: false, errors: errors.list };
  const file: ZenginFile = {
    header,
    records: data,
    trailer: { totalCount: Number(trailerFields.totalCount), totalAmount: Number(trailerFields.totalAmount) },
    lineBreaks,
  };
  return { ok: true, file };
}

class ErrorList {
  readonly list: ZenginFieldError[] = [];
  get full(): boolean {
    return this.list.length >= MAX_REPORTED_ERRORS;
  }
  add(record: number, field: string, message: string): void {
    if (!this.full && !this.has(record, field)) this.list.push({ record, field, message });
  }
  /** One message per field: a field that is not digits is not also reported as an unknown code. */
  has(record: number, field: string): boolean {
    for (let i = this.list.length - 1; i >= 0 && this.list[i].record === record; i--) {
      if (this.list[i].field === field) return true;
    }
    return false;
  }
}

function splitRecords(
  buf: Buffer,
  errors: ErrorList,
): { records: Buffer[]; lineBreaks: ZenginLineBreaks } | null {
  if (buf.length === 0) {
    errors.add(1, 'record', 'the file is empty');
    return null;
  }
  const crlf = buf.indexOf(Buffer.from([CR, LF])) !== -1 || buf.indexOf(LF) !== -1;
  if (!crlf) {
    if (buf.length % RECORD_LENGTH !== 0) {
      const n = Math.floor(buf.length / RECORD_LENGTH) + 1;
      errors.add(
        n,
        'record',
        `is ${buf.length % RECORD_LENGTH} bytes; every record is ${RECORD_LENGTH} bytes`,
      );
      return null;
    }
    const records: Buffer[] = [];
    for (let at = 0; at < buf.length; at += RECORD_LENGTH) records.push(buf.subarray(at, at + RECORD_LENGTH));
    return { records, lineBreaks: 'none' };
  }
  const records: Buffer[] = [];
  let at = 0;
  let finalBreak = false;
  while (at < buf.length) {
    let end = buf.indexOf(LF, at);
    finalBreak = end !== -1;
    if (end === -1) end = buf.length;
    const hasCr = end > at && buf[end - 1] === CR;
    const line = buf.subarray(at, hasCr ? end - 1 : end);
    const n = records.length + 1;
    if (finalBreak && !hasCr) {
      errors.add(n, 'record', 'ends with LF alone; records are separated by CR LF or by nothing');
      return null;
    }
    if (line.length !== RECORD_LENGTH) {
      errors.add(n, 'record', `is ${line.length} bytes; every record is ${RECORD_LENGTH} bytes`);
      return null;
    }
    records.push(line);
    at = end + 1;
  }
  return { records, lineBreaks: finalBreak ? 'after-each' : 'between' };
}

/** Slices a record into its fields (bytes), decoding and checking each against its kind. */
function readFields(
  rec: Buffer,
  fields: readonly FieldSpec[],
  n: number,
  errors: ErrorList,
): Record<string, string> {
  const out: Record<string, string> = {};
  // A record of one-byte characters (every valid one) decodes once and is sliced by position; one holding a
  // two-byte or broken character is decoded field by field, so that the error names the field that holds it.
  const whole = iconv.decode(rec, 'Shift_JIS');
  const oneByte = whole.length === rec.length;
  let at = 1;
  for (const f of fields) {
    const bytes = rec.subarray(at, at + f.length);
    const text = oneByte ? whole.slice(at, at + f.length) : iconv.decode(bytes, 'Shift_JIS');
    at += f.length;
    out[f.name] = text;
    if (f.kind === 'N') {
      if (!/^[0-9]+$/.test(text) || text.length !== f.length) {
        errors.add(n, f.name, `must be ${f.length} digits (zero-filled), found "${printable(text)}"`);
      }
    } else if (f.kind === 'dummy') {
      if (bytes.some((b) => b !== 0x20)) errors.add(n, f.name, 'must be spaces');
    } else {
      const bad = text.length !== f.length ? nonSingleByte(text) : findNonZenginCharacter(text);
      if (bad !== null) errors.add(n, f.name, `holds "${bad}", which is not in the Zengin character set`);
      out[f.name] = text.replace(/ +$/, '');
    }
  }
  return out;
}

/** A field whose decoded length differs from its byte length holds a two-byte (or broken) character. */
function nonSingleByte(text: string): string {
  for (const ch of text) if (!/^[\x20-\x7e\uff61-\uff9f]$/.test(ch)) return ch;
  return text;
}

function oneOf<T extends string>(
  value: string,
  allowed: readonly T[],
  n: number,
  field: string,
  errors: ErrorList,
): T {
  if (!(allowed as readonly string[]).includes(value)) {
    const shown = allowed.map((a) => (a === '' ? 'space' : a)).join(', ');
    errors.add(n, field, `must be one of ${shown}, found "${printable(value)}"`);
  }
  return value as T;
}

function readHeader(f: Record<string, string>, n: number, errors: ErrorList): ZenginHeader {
  const header: ZenginHeader = {
    kind: oneOf(f.kind, ZENGIN_KINDS, n, 'kind', errors),
    codeDivision: oneOf(f.codeDivision, ['0'] as const, n, 'codeDivision', errors),
    requesterCode: f.requesterCode,
    requesterName: f.requesterName,
    transferDate: f.transferDate,
    bankCode: f.bankCode,
    bankName: f.bankName,
    branchCode: f.branchCode,
    branchName: f.branchName,
    accountType: oneOf(f.accountType, HEADER_ACCOUNT_TYPES, n, 'accountType', errors),
    accountNumber: f.accountNumber,
  };
  if (/^\d{4}$/.test(f.transferDate) && !isMonthDay(f.transferDate)) {
    errors.add(n, 'transferDate', `is not a date (MMDD), found "${f.transferDate}"`);
  }
  if (f.requesterName === '') errors.add(n, 'requesterName', 'must not be blank');
  return header;
}

function readData(
  f: Record<string, string>,
  n: number,
  errors: ErrorList,
  options: ZenginParseOptions,
): ZenginDataRecord | null {
  const before = errors.list.length;
  const record: ZenginDataRecord = {
    bankCode: f.bankCode,
    bankName: f.bankName,
    branchCode: f.branchCode,
    branchName: f.branchName,
    clearingHouseCode: f.clearingHouseCode,
    accountType: oneOf(f.accountType, DATA_ACCOUNT_TYPES, n, 'accountType', errors),
    accountNumber: f.accountNumber,
    payeeName: f.payeeName,
    amount: Number(f.amount),
    newCode: oneOf(f.newCode, NEW_CODES, n, 'newCode', errors),
    customerCode1: f.customerCode1,
    customerCode2: f.customerCode2,
    transferCategory: oneOf(f.transferCategory, TRANSFER_CATEGORIES, n, 'transferCategory', errors),
    identification: oneOf(f.identification, IDENTIFICATIONS, n, 'identification', errors),
  };
  if (f.payeeName === '') errors.add(n, 'payeeName', 'must not be blank');
  if (options.amounts === 'transfer' && /^\d{10}$/.test(f.amount) && record.amount < 1)
    errors.add(n, 'amount', 'must be at least 1 yen');
  return errors.list.length === before ? record : null;
}

function isMonthDay(mmdd: string): boolean {
  const month = Number(mmdd.slice(0, 2));
  const day = Number(mmdd.slice(2));
  // A leap year (2024) so that 0229 is accepted; the year is chosen by whoever schedules the transfer.
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(2024, month, 0)).getUTCDate();
}

/** Shows control characters as code points in messages, so an error message is always readable. */
function printable(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    out += code < 0x20 || code === 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : ch;
  }
  return out;
}
