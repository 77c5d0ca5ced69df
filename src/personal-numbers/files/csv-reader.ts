import { parse } from 'csv-parse/sync';
import * as iconv from 'iconv-lite';
import { unguardCsvCell } from '@kanri/common/csv/csv-cell';

export interface CsvRow {
  /** The file line the row starts on (the header is line 1). */
  line: number;
  cells: string[];
}

export class CsvReadError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * The text of an uploaded file (SPEC §4 import rules, which §8 adopts): a BOM means UTF-8; bytes that are valid UTF-8
 * are UTF-8; anything else is Shift_JIS as Windows writes it (CP932) — Japanese text in CP932 is practically never
 * valid UTF-8.
 */
export function decodeCsvBytes(bytes: Buffer): string {
  if (bytes.subarray(0, 3).equals(UTF8_BOM)) return bytes.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return iconv.decode(bytes, 'cp932');
  }
}

/**
 * RFC 4180 rows with the line each starts on, the formula guard of Kanri's exports taken off every cell
 * (csv-cell.ts), blank lines skipped. The first row is the header. A malformed file (an unclosed quote, a row with
 * the wrong number of cells) throws CsvReadError naming the line; the message never quotes the file's content.
 */
export function readCsv(text: string): { header: string[]; rows: CsvRow[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      bom: true,
    }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
  } catch (error) {
    throw new CsvReadError((error as { lines?: number }).lines ?? 1, 'the file is not valid CSV');
  }
  if (!records.length) throw new CsvReadError(1, 'the file has no header line');
  const lineStarts = startLines(text, records.length);
  const header = records[0].record.map((h) => h.trim());
  const rows: CsvRow[] = [];
  for (let i = 1; i < records.length; i++) {
    const line = lineStarts[i];
    if (records[i].record.length !== header.length)
      throw new CsvReadError(line, `expected ${header.length} cells, found ${records[i].record.length}`);
    rows.push({ line, cells: records[i].record.map(unguardCsvCell) });
  }
  return { header, rows };
}

/**
 * The line each record starts on. csv-parse reports where a record ends; a record starts on the first non-blank
 * line after the previous one ends, which a small scan over the text finds (quoted cells may span lines).
 */
function startLines(text: string, count: number): number[] {
  const starts: number[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (starts.length < count && i < n) {
    // skip blank lines
    while (i < n && (text[i] === '\n' || text[i] === '\r')) {
      if (text[i] === '\n') line++;
      i++;
    }
    if (i >= n) break;
    starts.push(line);
    // walk to the end of this record, honouring quotes
    let quoted = false;
    for (; i < n; i++) {
      const c = text[i];
      if (c === '"') quoted = !quoted;
      else if (c === '\n') {
        line++;
        if (!quoted) {
          i++;
          break;
        }
      }
    }
  }
  return starts;
}
