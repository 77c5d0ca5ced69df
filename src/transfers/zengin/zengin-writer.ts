import * as iconv from 'iconv-lite';
import { findNonZenginCharacter } from './zengin-charset';
import type { ZenginFile } from './zengin-file';
import {
  DATA_FIELDS,
  END_FIELDS,
  type FieldSpec,
  HEADER_FIELDS,
  RECORD_LENGTH,
  TRAILER_FIELDS,
} from './zengin-layout';

/**
 * Writes a 全銀協 standard-format file in Shift_JIS. The trailer is computed from the data records (the one in
 * `file.trailer` is not trusted), and every value must already fit its field: a value that does not is a bug in
 * the caller, reported with record and field rather than written truncated.
 */
export function writeZenginFile(
  file: Pick<ZenginFile, 'header' | 'records'> & Partial<Pick<ZenginFile, 'lineBreaks'>>,
): Buffer {
  const lineBreaks = file.lineBreaks ?? 'after-each';
  const total = file.records.reduce((sum, r) => sum + r.amount, 0);
  const lines: string[] = [
    '1' + formatFields(HEADER_FIELDS, file.header as unknown as Record<string, unknown>, 1),
    ...file.records.map(
      (r, i) => '2' + formatFields(DATA_FIELDS, r as unknown as Record<string, unknown>, i + 2),
    ),
    '8' +
      formatFields(
        TRAILER_FIELDS,
        { totalCount: file.records.length, totalAmount: total },
        file.records.length + 2,
      ),
    '9' + formatFields(END_FIELDS, {}, file.records.length + 3),
  ];
  const separator = lineBreaks === 'none' ? '' : '\r\n';
  const text = lines.join(separator) + (lineBreaks === 'after-each' ? '\r\n' : '');
  const out = iconv.encode(text, 'Shift_JIS');
  const expected =
    lines.length * RECORD_LENGTH + (lines.length - (lineBreaks === 'between' ? 1 : 0)) * separator.length;
  if (out.length !== expected) throw new Error('Zengin writer: a record is not 120 bytes after encoding');
  return out;
}

function formatFields(fields: readonly FieldSpec[], values: Record<string, unknown>, record: number): string {
  let out = '';
  for (const f of fields) {
    if (f.kind === 'dummy') {
      out += ' '.repeat(f.length);
      continue;
    }
    const value = values[f.name];
    const text = value === undefined || value === null ? '' : String(value);
    if (f.kind === 'N') {
      if (!/^[0-9]*$/.test(text) || text.length > f.length)
        throw fieldError(record, f, `"${text}" is not ${f.length} digits`);
      out += text.padStart(f.length, '0');
    } else {
      const bad = findNonZenginCharacter(text);
      if (bad !== null) throw fieldError(record, f, `"${bad}" is not in the Zengin character set`);
      if (text.length > f.length) throw fieldError(record, f, `is longer than ${f.length} characters`);
      out += text.padEnd(f.length, ' ');
    }
  }
  return out;
}

function fieldError(record: number, f: FieldSpec, message: string): Error {
  return new Error(`Zengin writer: record ${record}, field ${f.name}: ${message}`);
}
