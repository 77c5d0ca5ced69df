import { toZenginKana } from './payee-kana';

describe('toZenginKana (Zengin character set)', () => {
  it('keeps half-width kana, digits, capitals and the allowed symbols', () => {
    expect(toZenginKana('ｶ)ｶﾝﾘ ｼｮｳｼﾞ')).toEqual({ ok: false, message: expect.stringContaining('"ｮ"') });
    expect(toZenginKana('ｶ)ｶﾝﾘ ｼﾖｳｼﾞ')).toEqual({ ok: true, value: 'ｶ)ｶﾝﾘ ｼﾖｳｼﾞ' });
    expect(toZenginKana('ABC-12./,()')).toEqual({ ok: true, value: 'ABC-12./,()' });
  });

  it('converts full-width input', () => {
    expect(toZenginKana('ヤマダ　タロー')).toEqual({ ok: true, value: 'ﾔﾏﾀﾞ ﾀﾛ-' });
    expect(toZenginKana('パン１Ａ')).toEqual({ ok: true, value: 'ﾊﾟﾝ1A' });
    expect(toZenginKana('ヴ')).toEqual({ ok: true, value: 'ｳﾞ' });
  });

  it('refuses anything else, naming the character', () => {
    expect(toZenginKana('ｱa')).toEqual({ ok: false, message: expect.stringContaining('"a"') });
    expect(toZenginKana('山田')).toEqual({ ok: false, message: expect.stringContaining('"山"') });
    expect(toZenginKana('ァ')).toEqual({ ok: false, message: expect.stringContaining('"ァ"') });
    expect(toZenginKana('   ').ok).toBe(false);
    expect(toZenginKana('ｱ'.repeat(31)).ok).toBe(false);
    expect(toZenginKana('ｱ'.repeat(30)).ok).toBe(true);
  });
});
