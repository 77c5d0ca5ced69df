import { CERTIFICATE_EXPORT_HEADER, tsvLine } from '../certificate-export';
import { MAX_APPLICATION_LINES, parseApplicationTsv } from './application-tsv';

const header = tsvLine(CERTIFICATE_EXPORT_HEADER);
/** A line as the export writes it, with the given cells filled in. */
function line(cells: Partial<Record<(typeof CERTIFICATE_EXPORT_HEADER)[number], string>>): string {
  return tsvLine(CERTIFICATE_EXPORT_HEADER.map((h) => cells[h] ?? ''));
}

describe('bulk application TSV', () => {
  it('reads exported lines as renewals and lines without a serial as new applications', () => {
    const text =
      header +
      line({ シリアル番号: '0a1B2c', 証明書種別: 'サーバ証明書', 状態: '有効', 鍵種別: 'EC-P384' }) +
      line({ 証明書種別: 'サーバ証明書', DNS名: 'www.example.jp  api.example.jp', 鍵種別: 'RSA-2048' }) +
      line({
        証明書種別: 'S/MIME証明書',
        コモンネーム: '山田 太郎',
        メールアドレス: 'y@example.jp',
        鍵種別: 'EC-P256',
      }) +
      line({ 証明書種別: 'コード署名用証明書', 鍵種別: 'EC-P256' }) +
      '\r\n\r\n';
    const { lines, errors } = parseApplicationTsv('\uFEFF' + text);
    expect(errors).toEqual([]);
    expect(lines).toEqual([
      { line: 2, kind: 'renewal', serial: '0A1B2C' },
      {
        line: 3,
        kind: 'new',
        type: 'server',
        commonName: null,
        dnsNames: ['www.example.jp', 'api.example.jp'],
        email: null,
        keyAlgorithm: 'RSA-2048',
      },
      {
        line: 4,
        kind: 'new',
        type: 'smime',
        commonName: '山田 太郎',
        dnsNames: [],
        email: 'y@example.jp',
        keyAlgorithm: 'EC-P256',
      },
      {
        line: 5,
        kind: 'new',
        type: 'code_signing',
        commonName: null,
        dnsNames: [],
        email: null,
        keyAlgorithm: 'EC-P256',
      },
    ]);
  });

  it('undoes the formula guard of the export', () => {
    const { lines } = parseApplicationTsv(
      header + line({ 証明書種別: 'コード署名用証明書', コモンネーム: '=1+1', 鍵種別: 'EC-P256' }),
    );
    expect(lines[0]).toMatchObject({ commonName: '=1+1' });
  });

  it('names every bad line and its column, counting the header as line 1', () => {
    const { lines, errors } = parseApplicationTsv(
      header +
        line({ 証明書種別: 'サーバ証明書', DNS名: 'ok.example.jp', 鍵種別: 'EC-P256' }) +
        line({ シリアル番号: 'xyz' }) +
        line({ 証明書種別: '謎の証明書', 鍵種別: 'EC-P256' }) +
        line({ 証明書種別: 'サーバ証明書', DNS名: 'a.example.jp', 鍵種別: 'EC-P384' }) +
        line({ 証明書種別: 'サーバ証明書', 鍵種別: 'EC-P256' }) +
        line({ 証明書種別: 'クライアント証明書', 鍵種別: 'EC-P256' }) +
        'too\tfew\r\n',
    );
    expect(lines).toHaveLength(1);
    expect(errors.map((e) => [e.line, e.column])).toEqual([
      [3, 'シリアル番号'],
      [4, '証明書種別'],
      [5, '鍵種別'],
      [6, 'DNS名'],
      [7, 'メールアドレス'],
      [8, null],
    ]);
  });

  it('refuses another header, an empty file and too many lines', () => {
    expect(parseApplicationTsv('a\tb\r\n').errors).toEqual([
      expect.objectContaining({ line: 1, column: null }),
    ]);
    expect(parseApplicationTsv(header).errors).toEqual([expect.objectContaining({ line: 2 })]);
    const many =
      header +
      line({ 証明書種別: 'コード署名用証明書', 鍵種別: 'EC-P256' }).repeat(MAX_APPLICATION_LINES + 1);
    expect(parseApplicationTsv(many).errors).toEqual([
      expect.objectContaining({ line: MAX_APPLICATION_LINES + 2 }),
    ]);
    const enough =
      header + line({ 証明書種別: 'コード署名用証明書', 鍵種別: 'EC-P256' }).repeat(MAX_APPLICATION_LINES);
    expect(parseApplicationTsv(enough).lines).toHaveLength(MAX_APPLICATION_LINES);
  });
});
