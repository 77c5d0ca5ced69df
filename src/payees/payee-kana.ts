import { toZenginCharacters } from '../transfers/zengin/zengin-charset';

/**
 * Payee names in the Zengin character set, by the codec's one rule (src/transfers/zengin/zengin-charset.ts): typed
 * input is converted (full-width to half-width, small kana to large), anything else is refused with the character
 * named; at most 30 characters (受取人名 C30).
 */
export const PAYEE_NAME_MAX = 30;

export type KanaResult = { ok: true; value: string } | { ok: false; message: string };

export function toZenginKana(input: string): KanaResult {
  const converted = toZenginCharacters(input);
  if (!converted.ok) {
    return {
      ok: false,
      message: `"${converted.character}" is not in the Zengin character set (half-width katakana, A-Z, 0-9)`,
    };
  }
  const out = converted.value;
  if (!out.trim()) return { ok: false, message: 'the kana name is empty' };
  if (out.length > PAYEE_NAME_MAX) {
    return { ok: false, message: `the kana name is longer than ${PAYEE_NAME_MAX} half-width characters` };
  }
  return { ok: true, value: out };
}
