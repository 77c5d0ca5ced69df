import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import { csvEncoder } from './csv-encoding';
import { type CsvDocument, csvReadable } from './csv-stream';

/**
 * `Content-Disposition` for a download (RFC 6266): an ASCII `filename` fallback and the exact name as
 * `filename*` (RFC 5987), so a Japanese file name survives and a quote or CR in a name cannot break the header.
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * Streams a CSV document as the HTTP response with its file name, honouring backpressure: the row source is pulled
 * only as fast as the client reads. Resolves when the last byte is handed to the socket; rejects (and destroys the
 * response, so the client sees a truncated download rather than a wrong file) if the source fails midway.
 */
export async function sendCsv(res: Response, fileName: string, doc: CsvDocument): Promise<void> {
  const encoder = csvEncoder(doc.encoding ?? 'utf8');
  res.status(200);
  res.setHeader('Content-Type', `text/csv; charset=${encoder.charset}`);
  res.setHeader('Content-Disposition', contentDisposition(fileName));
  res.setHeader('Cache-Control', 'no-store');
  await pipeline(csvReadable(doc), res);
}
