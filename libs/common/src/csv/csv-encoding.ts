import * as iconv from 'iconv-lite';

/**
 * The encodings Kanri writes CSV in (SPEC §4, §9): UTF-8 with a byte-order mark by default, so that Excel opens
 * Japanese text correctly, or Shift_JIS as Windows writes it (CP932) when asked with `?encoding=sjis`. CP932 has
 * no BOM. Characters CP932 cannot represent (some emoji, rare kanji) become `?`, as Windows itself does.
 */
export const CSV_ENCODINGS = ['utf8', 'sjis'] as const;
export type CsvEncoding = (typeof CSV_ENCODINGS)[number];

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export interface CsvEncoder {
  /** Bytes that open the file (the UTF-8 BOM, or nothing). */
  readonly preamble: Buffer;
  /** The `charset` parameter for Content-Type. */
  readonly charset: string;
  encode(text: string): Buffer;
}

export function csvEncoder(encoding: CsvEncoding): CsvEncoder {
  switch (encoding) {
    case 'utf8':
      return { preamble: UTF8_BOM, charset: 'utf-8', encode: (text) => Buffer.from(text, 'utf8') };
    case 'sjis':
      return {
        preamble: Buffer.alloc(0),
        charset: 'Shift_JIS',
        encode: (text) => iconv.encode(text, 'cp932'),
      };
  }
}
