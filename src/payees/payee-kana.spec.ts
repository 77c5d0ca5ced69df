import { toZenginKana } from './payee-kana';

describe('toZenginKana (Zengin character set)', () => {
  it('keeps half-width kana, digits, capitals and the allowed symbols', () => {
    expect(toZenginKana('ｶ)ｶﾝﾘ ｼﾖｳｼﾞ')).toEqual({ ok: true, value: 'ｶ)ｶﾝﾘ ｼﾖｳｼﾞ' });
    expect(toZenginKana('ABC-12./,()')).toEqual({ ok: true, value: 'ABC-12./,()' });
  });

  it('converts typed input: full-width, voiced marks, small kana', () => {
    expect(toZenginKana('ヤマダ　タロー')).toEqual({ ok: true, value: 'ﾔﾏﾀﾞ ﾀﾛ-' });
    expect(toZenginKana('パン１Ａ')).toEqual({ ok: true, value: 'ﾊﾟﾝ1A' });
    expect(toZenginKana('ショウジ')).toEqual({ ok: true, value: 'ｼﾖｳｼﾞ' });
  });

  it('refuses anything else, naming the character, and names longer than 30', () => {
    expect(toZenginKana('ｱa')).toEqual({ ok: false, message: expect.stringContaining('"a"') });
    expect(toZenginKana('山田')).toEqual({ ok: false, message: expect.stringContaining('"山"') });
    expect(toZenginKana('やまだ')).toEqual({ ok: false, message: expect.stringContaining('"や"') });
    expect(toZenginKana('   ').ok).toBe(false);
    expect(toZenginKana('ｱ'.repeat(31)).ok).toBe(false);
    expect(toZenginKana('ｱ'.repeat(30)).ok).toBe(true);
  });
});
