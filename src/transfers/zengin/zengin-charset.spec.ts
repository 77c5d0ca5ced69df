import { findNonZenginCharacter, isZenginCharacter, toZenginCharacters } from './zengin-charset';

describe('Zengin character set', () => {
  it('accepts half-width katakana, marks, upper-case letters, digits and the listed symbols', () => {
    expect(findNonZenginCharacter('ﾔﾏﾀﾞ ﾀﾛｳ')).toBeNull();
    expect(findNonZenginCharacter('ｶ)ABC-123./,()｢｣\\')).toBeNull();
    expect(findNonZenginCharacter('ﾊﾟﾝ')).toBeNull();
  });

  it('refuses small kana, lower-case letters, full-width, hiragana, kanji and other symbols, naming the first', () => {
    expect(findNonZenginCharacter('ｷｬﾂﾄ')).toBe('ｬ');
    expect(findNonZenginCharacter('ﾀﾅｶ taro')).toBe('t');
    expect(findNonZenginCharacter('ヤマダ')).toBe('ヤ');
    expect(findNonZenginCharacter('ﾔﾏﾀﾞ山')).toBe('山');
    expect(findNonZenginCharacter('ABC*')).toBe('*');
    expect(findNonZenginCharacter('ｦ')).toBe('ｦ');
    expect(findNonZenginCharacter('ｰ')).toBe('ｰ');
    expect(isZenginCharacter('ﾞ')).toBe(true);
    expect(isZenginCharacter('｡')).toBe(false);
  });

  it('converts full-width katakana (voiced forms split) and full-width ASCII to half-width', () => {
    expect(toZenginCharacters('ヤマダ　タロウ')).toEqual({ ok: true, value: 'ﾔﾏﾀﾞ ﾀﾛｳ' });
    expect(toZenginCharacters('カ）パート')).toEqual({ ok: true, value: 'ｶ)ﾊﾟ-ﾄ' });
    expect(toZenginCharacters('ＡＢＣ１２３')).toEqual({ ok: true, value: 'ABC123' });
    expect(toZenginCharacters('ヴィ')).toEqual({ ok: true, value: 'ｳﾞｲ' });
  });

  it('turns small kana into large ones, as bank screens do', () => {
    expect(toZenginCharacters('キャッシュ')).toEqual({ ok: true, value: 'ｷﾔﾂｼﾕ' });
    expect(toZenginCharacters('ｷｬｯｼｭ')).toEqual({ ok: true, value: 'ｷﾔﾂｼﾕ' });
  });

  it('refuses what has no Zengin form, naming the character and its position', () => {
    expect(toZenginCharacters('やまだ')).toEqual({ ok: false, character: 'や', index: 0 });
    expect(toZenginCharacters('ﾔﾏﾀﾞ太郎')).toEqual({ ok: false, character: '太', index: 4 });
    expect(toZenginCharacters('ABc')).toEqual({ ok: false, character: 'c', index: 2 });
    expect(toZenginCharacters('ＡＢｃ')).toEqual({ ok: false, character: 'ｃ', index: 2 });
    expect(toZenginCharacters('ﾀﾛｳ😀')).toEqual({ ok: false, character: '😀', index: 3 });
  });

  it('leaves text already in the set unchanged', () => {
    expect(toZenginCharacters('ﾔﾏﾀﾞ ﾀﾛｳ')).toEqual({ ok: true, value: 'ﾔﾏﾀﾞ ﾀﾛｳ' });
  });

  it('converts every full-width katakana, small kana and mark it knows', () => {
    expect(
      toZenginCharacters(
        'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン',
      ),
    ).toEqual({ ok: true, value: 'ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｵﾝ' });
    expect(toZenginCharacters('ァィゥェォッャュョヮ')).toEqual({ ok: true, value: 'ｱｲｳｴｵﾂﾔﾕﾖﾜ' });
    expect(toZenginCharacters('ガギグゲゴザジズゼゾダヂヅデドバビブベボパピプペポヴ')).toEqual({
      ok: true,
      value: 'ｶﾞｷﾞｸﾞｹﾞｺﾞｻﾞｼﾞｽﾞｾﾞｿﾞﾀﾞﾁﾞﾂﾞﾃﾞﾄﾞﾊﾞﾋﾞﾌﾞﾍﾞﾎﾞﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟｳﾞ',
    });
    expect(toZenginCharacters('ー「」￥゛゜\u3000')).toEqual({ ok: true, value: '-｢｣\\ﾞﾟ ' });
    expect(toZenginCharacters('ｧｨｩｪｫｯｬｭｮｰ')).toEqual({ ok: true, value: 'ｱｲｳｴｵﾂﾔﾕﾖ-' });
    // A voiced kana typed as base + combining mark is composed first.
    expect(toZenginCharacters('カ\u3099')).toEqual({ ok: true, value: 'ｶﾞ' });
  });

  it('accepts every character of the set as it stands', () => {
    const set =
      '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ ()-./,\\｢｣ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝﾞﾟ';
    expect(findNonZenginCharacter(set)).toBeNull();
    expect(toZenginCharacters(set)).toEqual({ ok: true, value: set });
    for (const ch of set) expect(isZenginCharacter(ch)).toBe(true);
  });

  it('converts full-width ASCII from （ to ＼ and refuses the rest of the block as typed', () => {
    expect(toZenginCharacters('（）＼')).toEqual({ ok: true, value: '()\\' });
    expect(toZenginCharacters('Ａ＇')).toEqual({ ok: false, character: '＇', index: 1 });
    expect(toZenginCharacters('］')).toEqual({ ok: false, character: '］', index: 0 });
    expect(toZenginCharacters('！')).toEqual({ ok: false, character: '！', index: 0 });
    expect(toZenginCharacters('～')).toEqual({ ok: false, character: '～', index: 0 });
  });
});
