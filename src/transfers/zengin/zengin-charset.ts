/**
 * The Zengin character set (全銀協 文字セット) for names in transfer files: half-width katakana (large forms
 * only), the voiced and semi-voiced marks, upper-case letters, digits, space and a few symbols. Every character
 * of it is one byte in Shift_JIS, which is what keeps a record at 120 bytes.
 */

/** Half-width characters a Zengin name field may hold (¥ is the Shift_JIS reading of byte 0x5C, kept as `\`). */
const ALLOWED = new Set<string>([
  ...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  ...' ()-./,\\',
  '｢',
  '｣',
  ...'ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝ',
  'ﾞ',
  'ﾟ',
]);

/** Whether one character belongs to the Zengin set as it stands (no conversion). */
export function isZenginCharacter(ch: string): boolean {
  return ALLOWED.has(ch);
}

/** The first character of `text` outside the Zengin set, or null when every character belongs to it. */
export function findNonZenginCharacter(text: string): string | null {
  for (const ch of text) if (!ALLOWED.has(ch)) return ch;
  return null;
}

// Full-width katakana → half-width, with the voiced forms split into base + mark as banks write them. Small kana
// become their large forms (ｷﾔﾂﾌﾟ), as bank screens convert them; in a file a small kana is refused instead.
// prettier-ignore
const KATAKANA_BASE: Record<string, string> = {
  ア: 'ｱ', イ: 'ｲ', ウ: 'ｳ', エ: 'ｴ', オ: 'ｵ', カ: 'ｶ', キ: 'ｷ', ク: 'ｸ', ケ: 'ｹ', コ: 'ｺ',
  サ: 'ｻ', シ: 'ｼ', ス: 'ｽ', セ: 'ｾ', ソ: 'ｿ', タ: 'ﾀ', チ: 'ﾁ', ツ: 'ﾂ', テ: 'ﾃ', ト: 'ﾄ',
  ナ: 'ﾅ', ニ: 'ﾆ', ヌ: 'ﾇ', ネ: 'ﾈ', ノ: 'ﾉ', ハ: 'ﾊ', ヒ: 'ﾋ', フ: 'ﾌ', ヘ: 'ﾍ', ホ: 'ﾎ',
  マ: 'ﾏ', ミ: 'ﾐ', ム: 'ﾑ', メ: 'ﾒ', モ: 'ﾓ', ヤ: 'ﾔ', ユ: 'ﾕ', ヨ: 'ﾖ',
  ラ: 'ﾗ', リ: 'ﾘ', ル: 'ﾙ', レ: 'ﾚ', ロ: 'ﾛ', ワ: 'ﾜ', ヲ: 'ｵ', ン: 'ﾝ',
  ァ: 'ｱ', ィ: 'ｲ', ゥ: 'ｳ', ェ: 'ｴ', ォ: 'ｵ', ッ: 'ﾂ', ャ: 'ﾔ', ュ: 'ﾕ', ョ: 'ﾖ', ヮ: 'ﾜ',
  ガ: 'ｶﾞ', ギ: 'ｷﾞ', グ: 'ｸﾞ', ゲ: 'ｹﾞ', ゴ: 'ｺﾞ', ザ: 'ｻﾞ', ジ: 'ｼﾞ', ズ: 'ｽﾞ', ゼ: 'ｾﾞ', ゾ: 'ｿﾞ',
  ダ: 'ﾀﾞ', ヂ: 'ﾁﾞ', ヅ: 'ﾂﾞ', デ: 'ﾃﾞ', ド: 'ﾄﾞ', バ: 'ﾊﾞ', ビ: 'ﾋﾞ', ブ: 'ﾌﾞ', ベ: 'ﾍﾞ', ボ: 'ﾎﾞ',
  パ: 'ﾊﾟ', ピ: 'ﾋﾟ', プ: 'ﾌﾟ', ペ: 'ﾍﾟ', ポ: 'ﾎﾟ', ヴ: 'ｳﾞ',
  ー: '-', '「': '｢', '」': '｣', '￥': '\\', '゛': 'ﾞ', '゜': 'ﾟ', '\u3000': ' ',
};
// Half-width small kana read as their large forms too (input typed in half-width on a screen).
// prettier-ignore
const HALF_WIDTH_SMALL: Record<string, string> = { ｧ: 'ｱ', ｨ: 'ｲ', ｩ: 'ｳ', ｪ: 'ｴ', ｫ: 'ｵ', ｯ: 'ﾂ', ｬ: 'ﾔ', ｭ: 'ﾕ', ｮ: 'ﾖ', ｰ: '-' };

// Full-width ASCII whose half-width form can be in the set: （ (U+FF08, "(") to ＼ (U+FF3C, "\\"). The rest of the
// full-width ASCII block (！, ａ, ～ …) has half-width forms outside the set and is refused as typed.
const FULL_WIDTH_FIRST = 0xff08;
const FULL_WIDTH_LAST = 0xff3c;

export type ZenginConversion = { ok: true; value: string } | { ok: false; character: string; index: number };

/**
 * Converts input typed on a screen to the Zengin set: full-width katakana, letters, digits and symbols become
 * their half-width forms, small kana their large forms. Anything still outside the set (hiragana, kanji,
 * lower-case letters, emoji) is refused with the character named.
 */
export function toZenginCharacters(input: string): ZenginConversion {
  let out = '';
  let index = 0;
  for (const ch of input.normalize('NFC')) {
    let converted = KATAKANA_BASE[ch] ?? HALF_WIDTH_SMALL[ch];
    if (converted === undefined) {
      const code = ch.codePointAt(0)!;
      converted =
        code >= FULL_WIDTH_FIRST && code <= FULL_WIDTH_LAST ? String.fromCharCode(code - 0xfee0) : ch;
    }
    for (const c of converted) if (!ALLOWED.has(c)) return { ok: false, character: ch, index };
    out += converted;
    index += 1;
  }
  return { ok: true, value: out };
}
