import { tsvLine } from './certificate-export';

describe('certificate TSV lines', () => {
  it('folds tabs and line breaks and neutralizes formulas', () => {
    expect(tsvLine(['a\tb', 'c\r\nd', '@cmd', '=1+1', 'plain'])).toBe("a b\tc d\t'@cmd\t'=1+1\tplain\r\n");
  });
});
