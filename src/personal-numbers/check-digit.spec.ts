import {
  hasValidCheckDigit,
  isPersonalNumberShape,
  normalizePersonalNumber,
  personalNumberCheckDigit,
} from './check-digit';

/** The formula of SPEC §8 written out once more, independently, to generate known-good numbers. */
function referenceCheckDigit(body: string): number {
  const digits = body.split('').reverse().map(Number); // digits[0] is P_1
  const sum = digits.reduce((s, p, i) => s + p * (i + 1 <= 6 ? i + 2 : i + 1 - 5), 0);
  return sum % 11 <= 1 ? 0 : 11 - (sum % 11);
}

describe('individual number check digit (SPEC §8)', () => {
  it('matches hand-worked examples', () => {
    // 1 2 3 4 5 6 7 8 9 0 1: Σ = 1·2 + 0·3 + 9·4 + 8·5 + 7·6 + 6·7 + 5·2 + 4·3 + 3·4 + 2·5 + 1·6 = 212;
    // 212 mod 11 = 3, so the check digit is 11 − 3 = 8.
    expect(personalNumberCheckDigit('12345678901')).toBe(8);
    // P_1 = 1 only: Σ = 2, 11 − 2 = 9.
    expect(personalNumberCheckDigit('00000000001')).toBe(9);
    // P_1 = 6: Σ = 12, 12 mod 11 = 1 ≤ 1, so 0.
    expect(personalNumberCheckDigit('00000000006')).toBe(0);
    // P_1 = 4, P_2 = 1: Σ = 8 + 3 = 11, 11 mod 11 = 0, so 0.
    expect(personalNumberCheckDigit('00000000014')).toBe(0);
    // P_7 = 1 (Q_7 = 2) weighs like P_1: Σ = 2, so 9.
    expect(personalNumberCheckDigit('00001000000')).toBe(9);
    // P_11 = 9 (Q_11 = 6): Σ = 54, 54 mod 11 = 10, so 1.
    expect(personalNumberCheckDigit('90000000000')).toBe(1);
  });

  it.each(['123456789018', '000000000019', '000000000060', '000000000140', '900000000001'])(
    'accepts the known-good number %s',
    (number) => {
      expect(hasValidCheckDigit(number)).toBe(true);
    },
  );

  it.each([
    ['123456789012', 'wrong check digit (8 expected)'],
    ['123456789019', 'check digit off by one'],
    ['213456789018', 'two digits swapped in the body'],
    ['123456789108', 'two digits swapped next to the check digit'],
    ['12345678901', 'eleven digits'],
    ['1234567890188', 'thirteen digits'],
    ['12345678901a', 'a letter'],
    ['１２３４５６７８９０１８', 'full-width digits (normalise first)'],
    ['', 'empty'],
  ])('refuses %j (%s)', (number) => {
    expect(hasValidCheckDigit(number)).toBe(false);
  });

  it('agrees with the formula for generated bodies, and every other last digit fails', () => {
    let seed = 20261122;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 500; i++) {
      const body = String(next() % 10 ** 11).padStart(11, '0');
      const check = referenceCheckDigit(body);
      expect(personalNumberCheckDigit(body)).toBe(check);
      expect(hasValidCheckDigit(`${body}${check}`)).toBe(true);
      for (let d = 0; d <= 9; d++) if (d !== check) expect(hasValidCheckDigit(`${body}${d}`)).toBe(false);
    }
  });

  it('catches every single-digit typo in the body of 123456789018', () => {
    const good = '123456789018';
    for (let i = 0; i < 11; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === good[i]) continue;
        const typo = `${good.slice(0, i)}${d}${good.slice(i + 1)}`;
        expect({ typo, valid: hasValidCheckDigit(typo) }).toEqual({ typo, valid: false });
      }
    }
  });

  it('refuses a number that is not exactly 12 digits, even when its first 12 would pass', () => {
    expect(hasValidCheckDigit('1234567890188')).toBe(false);
    expect(hasValidCheckDigit('x123456789018')).toBe(false);
    expect(hasValidCheckDigit('12345678901')).toBe(false);
    expect(isPersonalNumberShape('1234567890188')).toBe(false);
    expect(isPersonalNumberShape('x123456789018')).toBe(false);
    expect(isPersonalNumberShape('123456789018')).toBe(true);
  });

  it('refuses a body that is not 11 digits', () => {
    expect(() => personalNumberCheckDigit('123456789012')).toThrow();
    expect(() => personalNumberCheckDigit('x12345678901')).toThrow();
    expect(() => personalNumberCheckDigit('1234567890')).toThrow();
    expect(() => personalNumberCheckDigit('1234567890x')).toThrow();
  });
});

describe('normalising what people type', () => {
  it.each([
    ['123456789018', '123456789018'],
    ['１２３４５６７８９０１８', '123456789018'],
    ['1234 5678 9018', '123456789018'],
    ['1234-5678-9018', '123456789018'],
    ['１２３４－５６７８－９０１８', '123456789018'],
    ['1234\u30005678\u30009018', '123456789018'],
  ])('%j becomes %j', (input, expected) => {
    expect(normalizePersonalNumber(input)).toBe(expected);
    expect(isPersonalNumberShape(normalizePersonalNumber(input))).toBe(true);
  });

  it('leaves other characters for the shape rule to refuse', () => {
    for (const input of ['1234.5678.9018', '12345678901O', '1234567890', 'abc'])
      expect(isPersonalNumberShape(normalizePersonalNumber(input))).toBe(false);
  });
});
