import * as iconv from 'iconv-lite';
import { csvLine } from './csv-cell';
import { CsvFileError, decodeCsv, parseCsv } from './csv-reader';

describe('parseCsv (RFC 4180, with the line each record starts on)', () => {
  it('reads cells, quotes, doubled quotes and line breaks inside quotes', () => {
    const text = 'a,b,c\r\n1,"x, ""y""",3\r\n"multi\r\nline",,\r\n\r\nlast,"",z';
    expect(parseCsv(text)).toEqual({
      header: ['a', 'b', 'c'],
      records: [
        { line: 2, cells: ['1', 'x, "y"', '3'] },
        { line: 3, cells: ['multi\r\nline', '', ''] },
        { line: 6, cells: ['last', '', 'z'] },
      ],
    });
  });

  it('accepts LF and CR line endings and skips blank lines', () => {
    expect(parseCsv('h\n\nv1\n').records).toEqual([{ line: 3, cells: ['v1'] }]);
    expect(parseCsv('h\rv1\rv2').records).toEqual([
      { line: 2, cells: ['v1'] },
      { line: 3, cells: ['v2'] },
    ]);
  });

  it('reads back every line csvLine writes, formula guard removed', () => {
    const values = ['=SUM(A1)', '-1', "'=already", 'plain', 'a "b", c', 'two\r\nlines', '', '@x', '+81'];
    const parsed = parseCsv(csvLine(values.map((_, i) => `h${i}`)) + csvLine(values) + csvLine(values));
    expect(parsed.records.map((r) => r.cells)).toEqual([values, values]);
    expect(parsed.records.map((r) => r.line)).toEqual([2, 4]);
  });

  it('names the line of a malformed record', () => {
    const error = (text: string) => {
      try {
        parseCsv(text);
      } catch (e) {
        return e instanceof CsvFileError ? { line: e.line, message: e.message } : e;
      }
      return null;
    };
    expect(error('a,b\r\n1,2\r\n"open,3\r\n')).toEqual({ line: 3, message: 'a quoted cell is not closed' });
    expect(error('a,b\r\n"x"y,2\r\n')).toEqual({ line: 2, message: 'text after a closing quote' });
    expect(error('a,b\r\n1,2\r\n1,2,3\r\n')).toEqual({ line: 3, message: 'expected 2 cells, found 3' });
    expect(error('')).toEqual({ line: 1, message: 'the file has no header line' });
  });
});

describe('decodeCsv', () => {
  const text = 'ログインID,姓\r\nabc12345,髙橋\r\n';
  it('reads UTF-8 with or without a BOM, and CP932 (detected or named)', () => {
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toBe(text);
    expect(decodeCsv(Buffer.from(text))).toBe(text);
    const sjis = iconv.encode(text, 'cp932');
    expect(decodeCsv(sjis)).toBe(text);
    expect(decodeCsv(sjis, 'sjis')).toBe(text);
    expect(decodeCsv(iconv.encode('ｶﾅ', 'cp932'))).toBe('ｶﾅ');
  });
});

describe('the individual-number import files', () => {
  it('gives each row the line it starts on, across blank lines and quoted line breaks', () => {
    const parsed = parseCsv('a,b\r\n1,2\r\n\r\n"x\r\ny",3\r\n4,"5"\r\n');
    expect(parsed.header).toEqual(['a', 'b']);
    expect(parsed.records).toEqual([
      { line: 2, cells: ['1', '2'] },
      { line: 4, cells: ['x\r\ny', '3'] },
      { line: 6, cells: ['4', '5'] },
    ]);
  });

  it("takes the exports' formula guard off", () => {
    expect(parseCsv("a\n'=1\n").records[0].cells).toEqual(['=1']);
  });

  it('names the line of a row with the wrong number of cells', () => {
    expect(() => parseCsv('a,b\n1,2\n3\n')).toThrow(new CsvFileError(3, 'expected 2 cells, found 1'));
  });

  it('decodes CP932 without a BOM', () => {
    const text = '社員番号,氏\r\nE1,山田\r\n';
    expect(decodeCsv(iconv.encode(text, 'cp932'))).toBe(text);
  });
});
