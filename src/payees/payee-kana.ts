/**
 * Payee names in the Zengin character set (全銀協規定の使用可能文字): half-width katakana (no small kana), ﾞ ﾟ,
 * digits, upper-case letters, space and ( ) - . / , ｢ ｣ \, at most 30 characters (受取人名 C30). Full-width input
 * is converted (ガ → ｶﾞ, ー → -, Ａ → A, full-width space → space); anything else is refused with the character
 * named.
 */
export const PAYEE_NAME_MAX = 30;

const FULL = 'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン';
const HALF = 'ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝ';
const WIDE = new Map<string, string>([...FULL].map((c, i) => [c, HALF[i]]));
WIDE.set('\u3099', 'ﾞ').set('\u309a', 'ﾟ').set('゛', 'ﾞ').set('゜', 'ﾟ');
WIDE.set('ー', '-').set('－', '-').set('\u3000', ' ').set('「', '｢').set('」', '｣').set('￥', '\\');
const ALLOWED = /^[0-9A-Z ()\-./,\\｢｣ｦｱ-ﾝﾞﾟ]$/u;

export type KanaResult = { ok: true; value: string } | { ok: false; message: string };

export function toZenginKana(input: string): KanaResult {
  let out = '';
  for (const ch of input.normalize('NFD')) {
    let c = WIDE.get(ch) ?? ch;
    const code = c.codePointAt(0)!;
    // Full-width ASCII (！ to ～) to its half-width form.
    if (code >= 0xff01 && code <= 0xff5e) c = String.fromCodePoint(code - 0xfee0);
    if (!ALLOWED.test(c)) {
      return {
        ok: false,
        message: `"${ch}" is not in the Zengin character set (half-width katakana, A-Z, 0-9)`,
      };
    }
    out += c;
  }
  if (!out.trim()) return { ok: false, message: 'the kana name is empty' };
  if (out.length > PAYEE_NAME_MAX) {
    return { ok: false, message: `the kana name is longer than ${PAYEE_NAME_MAX} half-width characters` };
  }
  return { ok: true, value: out };
}
