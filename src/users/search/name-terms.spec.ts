import { MAX_TERM_LENGTH, nameTermRows, normalizeForSearch } from './name-terms';

describe('normalizeForSearch', () => {
  it('applies NFKC, lower case and hiragana → katakana', () => {
    expect(normalizeForSearch('ｶﾅ')).toBe('カナ');
    expect(normalizeForSearch('ＡＢｃ')).toBe('abc');
    expect(normalizeForSearch('Yamada')).toBe('yamada');
    expect(normalizeForSearch('やまだ たろう')).toBe('ヤマダ タロウ');
  });

  it('maps the whole hiragana block U+3041…U+3096 and nothing beyond it', () => {
    expect(normalizeForSearch('\u3041')).toBe('\u30a1');
    expect(normalizeForSearch('\u3096')).toBe('\u30f6');
    // U+3040 is unassigned and U+3097/U+3099 are outside the block: left alone.
    expect(normalizeForSearch('\u3040\u3097')).toBe('\u3040\u3097');
    expect(normalizeForSearch('ゔ')).toBe('ヴ');
    expect(normalizeForSearch('ぁあかん')).toBe('ァアカン');
  });
});

describe('nameTermRows', () => {
  it('gives every suffix of the normalized name with the name as stored', () => {
    expect(nameTermRows(['Abc'])).toEqual([
      ['abc', 'Abc'],
      ['bc', 'Abc'],
      ['c', 'Abc'],
    ]);
  });

  it('ignores null, undefined and empty values', () => {
    expect(nameTermRows([null, undefined, ''])).toEqual([]);
    expect(nameTermRows([null, 'x', undefined])).toEqual([['x', 'x']]);
  });

  it('skips suffixes that are only spaces', () => {
    expect(nameTermRows(['a  '])).toEqual([['a  ', 'a  ']]);
    expect(nameTermRows(['a b'])).toEqual([
      ['a b', 'a b'],
      [' b', 'a b'],
      ['b', 'a b'],
    ]);
  });

  it('keeps one row per (suffix, name) and separate rows for different names with the same suffix', () => {
    expect(nameTermRows(['ab', 'ab'])).toEqual([
      ['ab', 'ab'],
      ['b', 'ab'],
    ]);
    expect(nameTermRows(['ab', 'AB'])).toEqual([
      ['ab', 'ab'],
      ['b', 'ab'],
      ['ab', 'AB'],
      ['b', 'AB'],
    ]);
    // The key joins suffix and name with NUL: ('a','bc') and ('ab','c') cannot collide.
    expect(nameTermRows(['a\u0000b', 'a'])).toHaveLength(4);
  });

  it('stores suffixes of the first 30 characters only', () => {
    const long = 'あ'.repeat(MAX_TERM_LENGTH + 5);
    const rows = nameTermRows([long]);
    expect(MAX_TERM_LENGTH).toBe(30);
    expect(rows).toHaveLength(30);
    expect(rows[0]).toEqual(['ア'.repeat(30), long]);
    expect(rows[29]).toEqual(['ア', long]);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(nameTermRows(['𠮷田'])).toEqual([
      ['𠮷田', '𠮷田'],
      ['田', '𠮷田'],
    ]);
  });
});
