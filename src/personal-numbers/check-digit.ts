/**
 * The individual number (個人番号, マイナンバー) check digit (SPEC §8; 行政手続における特定の個人を識別するための番号の
 * 利用等に関する法律施行令 第8条 / 総務省令 第5条). A number is 11 digits and a check digit:
 *
 *   P_n = the n-th digit counted from the right, not counting the check digit (n = 1..11)
 *   Q_n = n + 1 for 1 ≤ n ≤ 6, n − 5 for 7 ≤ n ≤ 11
 *   check digit = 0 when Σ P_n × Q_n mod 11 ≤ 1, otherwise 11 − (Σ P_n × Q_n mod 11)
 *
 * Pure functions; the tests beside this file hold hand-worked examples.
 */

/** The check digit of an 11-digit body. Throws on anything that is not exactly 11 ASCII digits. */
export function personalNumberCheckDigit(body: string): number {
  if (!/^\d{11}$/.test(body)) throw new Error('The body of an individual number is 11 digits');
  let sum = 0;
  for (let n = 1; n <= 11; n++) {
    const p = body.charCodeAt(11 - n) - 48;
    const q = n <= 6 ? n + 1 : n - 5;
    sum += p * q;
  }
  const remainder = sum % 11;
  return remainder <= 1 ? 0 : 11 - remainder;
}

/** Whether `number` is 12 ASCII digits whose last digit is the check digit of the first 11. */
export function hasValidCheckDigit(number: string): boolean {
  return (
    /^\d{12}$/.test(number) && personalNumberCheckDigit(number.slice(0, 11)) === number.charCodeAt(11) - 48
  );
}

/**
 * What people type, made canonical: full-width digits (１２３４) become ASCII (NFKC), and the spaces and hyphens
 * that printed notification cards and forms use to group the digits (`1234 5678 9018`, `1234-5678-9018`) are taken
 * out. Anything else is left for the 12-digit rule to reject, so a typo is never "corrected" into another number.
 */
export function normalizePersonalNumber(input: string): string {
  return input.normalize('NFKC').replace(/[\s\-‐‑‒–—−]/g, '');
}

/** 12 ASCII digits (after normalising): the shape rule. The check digit is a separate rule with its own error. */
export function isPersonalNumberShape(value: string): boolean {
  return /^\d{12}$/.test(value);
}
