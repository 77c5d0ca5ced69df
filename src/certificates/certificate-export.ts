import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Response } from 'express';
import { type CsvEncoding, csvEncoder } from '@kanri/common/csv/csv-encoding';
import type { ZonedDateTimeFormat } from '@kanri/common/csv/csv-datetime';
import { contentDisposition } from '@kanri/common/csv/csv-response';
import { CERTIFICATE_TYPE_LABELS } from './issuance/certificate-profiles';
import { REVOCATION_REASON_LABELS } from './issuance/revocation-reasons';
import type { CertificateStatus, CertificateView } from './certificate.view';

/**
 * 証明書情報一括ダウンロード (SPEC §7): one row per certificate, as TSV (the manual's format) or CSV. CSV goes
 * through the shared CSV library (libs/common/src/csv); TSV, which it does not write, is produced here with the
 * same encodings and the same formula guard.
 */
export const CERTIFICATE_EXPORT_HEADER = [
  'シリアル番号',
  '証明書種別',
  '状態',
  'コモンネーム',
  'サブジェクト',
  'DNS名',
  'メールアドレス',
  'ドメイン',
  '鍵種別',
  '有効期間開始',
  '有効期限',
  '失効日時',
  '失効理由',
  '発行日時',
] as const;

const STATUS_LABELS: Record<CertificateStatus, string> = {
  active: '有効',
  revoked: '失効',
  expired: '期限切れ',
};

export function certificateExportRow(c: CertificateView, time: ZonedDateTimeFormat): string[] {
  const at = (iso: string | null) => (iso ? time.format(new Date(iso)) : '');
  return [
    c.serialNumber,
    CERTIFICATE_TYPE_LABELS[c.type],
    STATUS_LABELS[c.status],
    c.commonName,
    c.subject.replace(/\n/g, ', '),
    c.dnsNames.join(' '),
    c.email ?? '',
    c.domain ?? '',
    c.keyAlgorithm,
    at(c.notBefore),
    at(c.notAfter),
    at(c.revokedAt),
    c.revocationReason ? REVOCATION_REASON_LABELS[c.revocationReason] : '',
    at(c.createdAt),
  ];
}

export async function* certificateExportRows(
  chunks: AsyncIterable<CertificateView[]>,
  time: ZonedDateTimeFormat,
): AsyncGenerator<string[]> {
  for await (const chunk of chunks) for (const c of chunk) yield certificateExportRow(c, time);
}

/** One TSV line: no quoting in TSV, so tabs and line breaks in a cell become spaces; formulas get a leading `'`. */
export function tsvLine(cells: readonly string[]): string {
  return (
    cells.map((c) => (/^'*[=+\-@\t\r]/.test(c) ? `'${c}` : c).replace(/[\t\r\n]+/g, ' ')).join('\t') + '\r\n'
  );
}

/** Streams a TSV download with backpressure (UTF-8 without BOM, or CP932). */
export async function sendTsv(
  res: Response,
  fileName: string,
  doc: { header: readonly string[]; rows: AsyncIterable<string[]>; encoding?: CsvEncoding },
): Promise<void> {
  const encoder = csvEncoder(doc.encoding ?? 'utf8');
  async function* lines(): AsyncGenerator<Buffer> {
    yield encoder.encode(tsvLine(doc.header));
    for await (const row of doc.rows) yield encoder.encode(tsvLine(row));
  }
  res.status(200);
  res.setHeader('Content-Type', `text/tab-separated-values; charset=${encoder.charset}`);
  res.setHeader('Content-Disposition', contentDisposition(fileName));
  res.setHeader('Cache-Control', 'no-store');
  await pipeline(Readable.from(lines()), res);
}
