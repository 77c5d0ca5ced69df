import * as iconv from 'iconv-lite';
import { CsvReadError, decodeCsvBytes, readCsv } from './csv-reader';

describe('reading uploaded CSV files', () => {
  const text = '社員番号,氏\r\nE1,山田\r\n';

  it('decodes UTF-8 with and without a BOM, and CP932', () => {
    expect(decodeCsvBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toBe(text);
    expect(decodeCsvBytes(Buffer.from(text))).toBe(text);
    expect(decodeCsvBytes(iconv.encode(text, 'cp932'))).toBe(text);
  });

  it('gives each row the line it starts on, across blank lines and quoted line breaks', () => {
    const parsed = readCsv('a,b\r\n1,2\r\n\r\n"x\r\ny",3\r\n4,"5"\r\n');
    expect(parsed.header).toEqual(['a', 'b']);
    expect(parsed.rows).toEqual([
      { line: 2, cells: ['1', '2'] },
      { line: 4, cells: ['x\r\ny', '3'] },
      { line: 6, cells: ['4', '5'] },
    ]);
  });

  it("takes the exports' formula guard off", () => {
    expect(readCsv("a\n'=1\n").rows[0].cells).toEqual(['=1']);
  });

  it('names the line of a row with the wrong number of cells', () => {
    expect(() => readCsv('a,b\n1,2\n3\n')).toThrow(new CsvReadError(3, 'expected 2 cells, found 1'));
  });

  it('refuses an empty file', () => {
    expect(() => readCsv('')).toThrow(CsvReadError);
  });
});
