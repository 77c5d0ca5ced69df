import { parse } from 'csv-parse/sync';
import * as iconv from 'iconv-lite';
import type { CsvEncoding } from '@kanri/common/csv/csv-encoding';
import { unguardCsvCell } from '@kanri/common/csv/csv-cell';

export interface CsvRecord {
  /** The file line the record starts on (the header is line 1). */
  line: number;
  cells: string[];
}

export interface ParsedCsv {
  header: string[];
  records: CsvRecord[];
}

export class CsvFileError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The text of an uploaded CSV (SPEC §4: UTF-8 with or without BOM, or Shift_JIS as Windows writes it, CP932).
 * With `encoding` given it is used; otherwise a BOM means UTF-8, bytes that are valid UTF-8 are UTF-8, and
 * anything else is CP932 (a CP932 file of Japanese text is practically never valid UTF-8).
 */
export function decodeCsv(bytes: Buffer, encoding?: CsvEncoding): string {
  const hasBom = bytes.subarray(0, 3).equals(UTF8_BOM);
  if (encoding === 'sjis') return iconv.decode(bytes, 'cp932');
  if (hasBom) return bytes.subarray(3).toString('utf8');
  if (encoding === 'utf8') return bytes.toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return iconv.decode(bytes, 'cp932');
  }
}

/**
 * RFC 4180 records with the line each starts on; every cell loses the formula guard Kanri's exports add
 * (csv-cell.ts). Blank lines are skipped. A malformed file (an unclosed quote, a row with the wrong number of
 * cells) throws CsvFileError naming the line.
 */
export function parseCsv(text: string): ParsedCsv {
  const bytes = Buffer.from(text, 'utf8');
  let rows: { record: string[]; info: { bytes: number } }[];
  try {
    rows = parse(bytes, {
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      bom: false,
    }) as unknown as { record: string[]; info: { bytes: number } }[];
  } catch (error) {
    const e = error as { lines?: number; message?: string };
    throw new CsvFileError(e.lines ?? 1, `the file is not valid CSV: ${e.message ?? 'unreadable'}`);
  }
  if (!rows.length) throw new CsvFileError(1, 'the file has no header line');
  // csv-parse counts a CRLF inside a quoted cell as two lines, so lines are counted here from the byte offsets it
  // reports: a record starts at the first byte after the previous record that is not a line break.
  let line = 1;
  let offset = 0;
  const startLine = (end: number): number => {
    while (offset < end && (bytes[offset] === 0x0a || bytes[offset] === 0x0d)) {
      if (bytes[offset] === 0x0a) line++;
      offset++;
    }
    const start = line;
    for (; offset < end; offset++) if (bytes[offset] === 0x0a) line++;
    return start;
  };
  const [head, ...body] = rows;
  startLine(head.info.bytes);
  const header = head.record.map((h) => h.trim());
  const records: CsvRecord[] = [];
  for (const r of body) {
    const at = startLine(r.info.bytes);
    if (r.record.length !== header.length) {
      throw new CsvFileError(at, `expected ${header.length} cells, found ${r.record.length}`);
    }
    records.push({ line: at, cells: r.record.map(unguardCsvCell) });
  }
  return { header, records };
}
