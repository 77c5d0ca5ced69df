import { KANA_PATTERN } from '../dto/user-fields.dto';
import { normalizeForSearch } from './name-terms';
import { searchTokens } from './user-search';

describe('searchTokens: which keywords a kana field (姓(カナ), 名(カナ)) can contain', () => {
  it('katakana, hiragana and half-width kana can be kana; kanji, letters and digits cannot', () => {
    const mayBeKana = (q: string) => searchTokens(q).map((t) => t.mayBeKana);
    expect(mayBeKana('ヤマ やま ﾔﾏ ヤマ・ダ ー')).toEqual([true, true, true, true, true]);
    expect(mayBeKana('森 山田 bu01234 ヤマ田 A')).toEqual([false, false, false, false, false]);
  });

  it('every character a kana field accepts is still accepted once normalized for search', () => {
    // The skip is sound only if stored kana, normalized like the dictionary, keeps to the kana pattern's characters.
    const accepted: string[] = [];
    for (let code = 0; code <= 0xffff; code++) {
      const c = String.fromCharCode(code);
      if (KANA_PATTERN.test(c)) accepted.push(c);
    }
    expect(accepted.length).toBeGreaterThan(90);
    const left = accepted.filter((c) => {
      const normalized = normalizeForSearch(c);
      return normalized !== '' && !KANA_PATTERN.test(normalized);
    });
    expect(left).toEqual([]);
  });
});
