import { csvCell, csvLine, unguardCsvCell } from './csv-cell';

describe('CSV cells (RFC 4180 and formula injection)', () => {
  it('leaves plain text alone and quotes only what needs it', () => {
    expect(csvCell('山田')).toBe('山田');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line1\nline2')).toBe('"line1\nline2"');
    expect(csvCell('x\r\ny')).toBe('"x\r\ny"');
  });

  it('writes empty cells for null and undefined, and numbers as they are', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(true)).toBe('true');
  });

  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+81312345678', "'+81312345678"],
    ['-1+2', "'-1+2"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
  ])('prefixes %j, which a spreadsheet would evaluate, with a quote', (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it('prefixes a leading CR and still quotes the cell', () => {
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
  });

  it('guards a formula that also needs quoting', () => {
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });

  it('round-trips through unguardCsvCell, including text that already starts with a quote', () => {
    for (const value of ['=1', "'=1", "''@x", "'plain", 'plain', '-', "'", '']) {
      const written = csvCell(value).replace(/^"|"$/g, '').replace(/""/g, '"');
      expect(unguardCsvCell(written)).toBe(value);
    }
  });

  it('ends lines with CRLF', () => {
    expect(csvLine(['a', 1, null, '=x'])).toBe("a,1,,'=x\r\n");
  });

  it('quotes a lone CR or LF as well as CRLF', () => {
    expect(csvCell('a\rb')).toBe('"a\rb"');
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell('a;b\tc')).toBe('a;b\tc');
  });

  it('writes bigints, false and dates as data, and other objects as their text, guarded', () => {
    expect(csvCell(12345678901234567890n)).toBe('12345678901234567890');
    expect(csvCell(-3n)).toBe('-3');
    expect(csvCell(false)).toBe('false');
    expect(csvCell(new Date('2026-11-22T01:02:03.004Z'))).toBe('2026-11-22T01:02:03.004Z');
    expect(csvCell({ toString: () => '=cmd' })).toBe("'=cmd");
    expect(csvCell({ toString: () => 'a,b' })).toBe('"a,b"');
  });

  it.each(['=', '+', '-', '@', '\t', '\r'])(
    'adds one more quote to text that already starts with quotes and then %j, and takes exactly one off',
    (c) => {
      const once = `'${c}1`;
      const twice = `''${c}1`;
      expect(csvCell(once).replace(/^"|"$/g, '')).toBe(`'${once}`);
      expect(csvCell(twice).replace(/^"|"$/g, '')).toBe(`'${twice}`);
      expect(unguardCsvCell(`'${once}`)).toBe(once);
      expect(unguardCsvCell(once)).toBe(`${c}1`);
      expect(unguardCsvCell(`'${twice}`)).toBe(twice);
    },
  );

  it('leaves quotes alone that guard nothing', () => {
    expect(csvCell("'a")).toBe("'a");
    expect(csvCell("''")).toBe("''");
    expect(csvCell("a'=1")).toBe("a'=1");
    expect(csvCell("'a=1")).toBe("'a=1");
    expect(csvCell("'a-b")).toBe("'a-b");
    expect(unguardCsvCell("'a")).toBe("'a");
    expect(unguardCsvCell("a'=1")).toBe("a'=1");
    expect(unguardCsvCell("'")).toBe("'");
    expect(unguardCsvCell('=1')).toBe('=1');
  });

  it('joins cells with commas, one line per call', () => {
    expect(csvLine([])).toBe('\r\n');
    expect(csvLine(['a'])).toBe('a\r\n');
    expect(csvLine(['a', 'b,c', ''])).toBe('a,"b,c",\r\n');
  });
});
