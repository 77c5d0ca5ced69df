import {
  generateOrganizationCode,
  normalizeOrganizationCode,
  ORGANIZATION_CODE_ALPHABET,
  ORGANIZATION_CODE_LENGTH,
} from './organization-code';

describe('組織コード', () => {
  it('is 12 characters (at least 10, SPEC §2) from an alphabet without look-alikes', () => {
    for (let i = 0; i < 1000; i++) {
      const code = generateOrganizationCode();
      expect(code).toHaveLength(ORGANIZATION_CODE_LENGTH);
      expect(code).toMatch(/^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]+$/);
      expect(code).not.toMatch(/[01OIL]/);
    }
    expect(ORGANIZATION_CODE_ALPHABET).not.toMatch(/[01OIL]/);
    expect(ORGANIZATION_CODE_LENGTH).toBeGreaterThanOrEqual(10);
  });

  it('does not repeat and uses the whole alphabet', () => {
    const codes = new Set(Array.from({ length: 2000 }, generateOrganizationCode));
    expect(codes.size).toBe(2000);
    const seen = new Set([...codes].join(''));
    expect(seen.size).toBe(ORGANIZATION_CODE_ALPHABET.length);
  });

  it('forgives spaces, hyphens and lower case in what was typed', () => {
    expect(normalizeOrganizationCode(' abcd-efgh 2345 ')).toBe('ABCDEFGH2345');
    expect(normalizeOrganizationCode('ABC%')).toBe('ABC%');
    expect(normalizeOrganizationCode('\tab\u3000cd\n')).toBe('ABCD');
    expect(normalizeOrganizationCode('ab_cd.ef')).toBe('AB_CD.EF');
  });
});
