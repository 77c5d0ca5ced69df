import { Readable } from 'node:stream';
import { csvLine } from './csv-cell';
import { type CsvEncoding, csvEncoder } from './csv-encoding';

export type CsvRowSource = AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>;

export interface CsvDocument {
  /** The header line's cells, written exactly as given (never formula-guarded: they are ours). */
  header: readonly string[];
  /** Data rows, pulled one at a time: the source is asked for more only when the consumer wants more. */
  rows?: CsvRowSource;
  /**
   * Or data rows a page at a time (one await per page rather than per row: cheaper for exports of millions of rows
   * read in pages from the database). Give `rows` or `pages`.
   */
  pages?: AsyncIterable<Iterable<readonly unknown[]>> | Iterable<Iterable<readonly unknown[]>>;
  encoding?: CsvEncoding;
}

/** Lines are gathered into chunks of about this many characters before encoding: fewer, larger writes. */
const CHUNK_CHARS = 64 * 1024;

/**
 * The document as encoded chunks (BOM first for UTF-8). An async generator, so a consumer that stops pulling stops
 * the database reads behind `rows` too: memory stays bounded by one chunk plus whatever `rows` buffers.
 */
export async function* csvChunks(doc: CsvDocument): AsyncGenerator<Buffer> {
  const encoder = csvEncoder(doc.encoding ?? 'utf8');
  let pending =
    doc.header.map((h) => (/[",\r\n]/.test(h) ? `"${h.replace(/"/g, '""')}"` : h)).join(',') + '\r\n';
  if (encoder.preamble.length) yield encoder.preamble;
  for await (const page of doc.pages ?? rowsAsPages(doc.rows ?? [])) {
    for (const row of page) {
      pending += csvLine(row);
      if (pending.length >= CHUNK_CHARS) {
        yield encoder.encode(pending);
        pending = '';
      }
    }
  }
  if (pending) yield encoder.encode(pending);
}

async function* rowsAsPages(rows: CsvRowSource): AsyncGenerator<readonly (readonly unknown[])[]> {
  for await (const row of rows) yield [row];
}

/** The document as a Node readable stream (object mode off: Buffers), for `pipeline(...)` into any writable. */
export function csvReadable(doc: CsvDocument): Readable {
  return Readable.from(csvChunks(doc), { objectMode: false, highWaterMark: CHUNK_CHARS });
}
