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

describe('parseCsv at the edges of a line', () => {
  it('counts the lines of blank CR, LF and CRLF lines alike', () => {
    expect(parseCsv('h\r\rv1\r\n\r\nv2\n\nv3').records).toEqual([
      { line: 3, cells: ['v1'] },
      { line: 5, cells: ['v2'] },
      { line: 7, cells: ['v3'] },
    ]);
    expect(parseCsv('h\r\n\nv1').records).toEqual([{ line: 3, cells: ['v1'] }]);
    expect(parseCsv('h\n\n\nv1').records).toEqual([{ line: 4, cells: ['v1'] }]);
    expect(parseCsv('h\n\rv1').records).toEqual([{ line: 3, cells: ['v1'] }]);
  });

  it('counts line breaks inside quotes: CRLF and LF once each, a lone CR once', () => {
    expect(parseCsv('h,i\n"a\nb\nc",x\nnext,y').records).toEqual([
      { line: 2, cells: ['a\nb\nc', 'x'] },
      { line: 5, cells: ['next', 'y'] },
    ]);
    expect(parseCsv('h,i\r"a\rb",x\rnext,y').records).toEqual([
      { line: 2, cells: ['a\rb', 'x'] },
      { line: 4, cells: ['next', 'y'] },
    ]);
    expect(parseCsv('h,i\r\n"a\r\nb\r\nc",x\r\nnext,y').records).toEqual([
      { line: 2, cells: ['a\r\nb\r\nc', 'x'] },
      { line: 5, cells: ['next', 'y'] },
    ]);
  });

  it('counts a line break at the very start of a quoted cell', () => {
    expect(parseCsv('h,i\n"\nx",1\nnext,2').records).toEqual([
      { line: 2, cells: ['\nx', '1'] },
      { line: 4, cells: ['next', '2'] },
    ]);
    expect(parseCsv('h,i\r"\rx",1\rnext,2').records).toEqual([
      { line: 2, cells: ['\rx', '1'] },
      { line: 4, cells: ['next', '2'] },
    ]);
  });

  it('ends a quoted cell at a comma, a line break or the end of the text', () => {
    expect(parseCsv('h,i\r\n"a","b"\r"c","d"\n"e","f"').records).toEqual([
      { line: 2, cells: ['a', 'b'] },
      { line: 3, cells: ['c', 'd'] },
      { line: 4, cells: ['e', 'f'] },
    ]);
    expect(parseCsv('h\r\n""""').records).toEqual([{ line: 2, cells: ['"'] }]);
    expect(parseCsv('h,i\r\n,').records).toEqual([{ line: 2, cells: ['', ''] }]);
  });

  it('trims the header names but keeps the spaces of cells', () => {
    expect(parseCsv(' a , b \r\n x , y ')).toEqual({
      header: ['a', 'b'],
      records: [{ line: 2, cells: [' x ', ' y '] }],
    });
  });

  it('names the line a quoted cell starts on when it is not closed, and the line after it for trailing text', () => {
    const at = (text: string) => {
      try {
        parseCsv(text);
      } catch (e) {
        return e instanceof CsvFileError ? e.line : e;
      }
      return null;
    };
    expect(at('h,i\r\n1,2\r\n3,"never\r\nclosed')).toBe(3);
    expect(at('h,i\r\n"two\r\nlines"x,2')).toBe(3);
    expect(at('h,i\r\n"a" ,2')).toBe(2);
    expect(at('h,i\r\n1')).toBe(2);
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

  it('believes a named encoding over what the bytes look like', () => {
    const sjis = iconv.encode(text, 'cp932');
    // Named UTF-8: the CP932 bytes are read as (broken) UTF-8, not guessed to be CP932.
    expect(decodeCsv(sjis, 'utf8')).toBe(sjis.toString('utf8'));
    expect(decodeCsv(sjis, 'utf8')).not.toBe(text);
    // Named Shift_JIS: a UTF-8 BOM does not make it UTF-8.
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('ab')]);
    expect(decodeCsv(withBom, 'sjis')).toBe(iconv.decode(withBom, 'cp932'));
    expect(decodeCsv(withBom, 'utf8')).toBe('ab');
    expect(decodeCsv(withBom)).toBe('ab');
    expect(decodeCsv(Buffer.from([0xef, 0xbb]))).toBe(iconv.decode(Buffer.from([0xef, 0xbb]), 'cp932'));
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
