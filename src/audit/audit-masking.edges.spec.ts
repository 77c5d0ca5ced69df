import { auditDetails, MASK, MAX_DETAILS_CHARS, maskSecrets, SECRET_KEY } from './audit-masking';

/** A body whose details text is exactly `length` characters long (fields of at most 200 characters). */
function bodyOfDetailsLength(length: number): Record<string, string> {
  const body: Record<string, string> = {};
  for (let i = 0; i < 19; i++) body[`f${String(i).padStart(2, '0')}`] = 'x'.repeat(200);
  body.last = '';
  body.last = 'x'.repeat(length - JSON.stringify({ body }).length);
  return body;
}

describe('the masking rule at its edges', () => {
  it.each(['otp', 'pin', 'key', 'token', 'Secret', 'employeeCode', 'accountNumber', 'csrPem'])(
    'treats "%s" as a secret key',
    (key) => {
      expect(SECRET_KEY.test(key)).toBe(true);
      expect(maskSecrets({ [key]: 12 })).toEqual({ [key]: MASK });
    },
  );

  it.each(['familyName', 'loginId', 'page', 'groupId'])('keeps "%s"', (key) => {
    expect(maskSecrets({ [key]: 'v' })).toEqual({ [key]: 'v' });
  });

  it('masks a run of 12 digits and keeps 11, and never mistakes letters for digits', () => {
    expect(maskSecrets('12345678901')).toBe('12345678901');
    expect(maskSecrets('a123456789012b')).toBe(MASK);
    expect(maskSecrets('abcdefghijklmnop')).toBe('abcdefghijklmnop');
    expect(maskSecrets(12345678901)).toBe(12345678901);
    expect(maskSecrets(123456789012)).toBe(MASK);
    expect(maskSecrets(123n)).toBe('123');
    expect(maskSecrets(123456789012n)).toBe(MASK);
    expect(maskSecrets(true)).toBe(true);
    expect(maskSecrets(false)).toBe(false);
  });

  it('cuts a string only past 200 characters', () => {
    expect(maskSecrets('a'.repeat(200))).toBe('a'.repeat(200));
    expect(maskSecrets('a'.repeat(201))).toBe(`${'a'.repeat(200)}…`);
  });

  it('keeps 50 items or keys, and says how many there were beyond that', () => {
    const fifty = Array.from({ length: 50 }, (_, i) => i);
    expect(maskSecrets(fifty)).toEqual(fifty);
    expect(maskSecrets([...fifty, 50])).toEqual([...fifty, '…(51 items)']);
    const keys = Object.fromEntries(fifty.map((i) => [`k${i}`, i]));
    expect(maskSecrets(keys)).toEqual(keys);
    expect(maskSecrets({ ...keys, k50: 50 })).toEqual({ ...keys, '…': '51 keys' });
  });

  it('goes four levels deep in arrays as in objects', () => {
    expect(maskSecrets([[[[1]]]])).toEqual([[[[1]]]]);
    expect(maskSecrets([[[[[1]]]]])).toEqual([[[['…']]]]);
    expect(maskSecrets({ a: { b: { c: { d: 1 } } } })).toEqual({ a: { b: { c: { d: 1 } } } });
  });

  it('writes dates as ISO 8601, null and undefined as null, and never prints functions or symbols', () => {
    expect(maskSecrets(new Date('2026-12-01T09:00:00.000Z'))).toBe('2026-12-01T09:00:00.000Z');
    expect(maskSecrets({ at: new Date('2026-12-01T09:00:00.000Z') })).toEqual({
      at: '2026-12-01T09:00:00.000Z',
    });
    expect(maskSecrets(null)).toBeNull();
    expect(maskSecrets(undefined)).toBeNull();
    expect(maskSecrets({ gone: undefined })).toEqual({ gone: null });
    expect(maskSecrets(() => 'x')).toBe(MASK);
    expect(maskSecrets(Symbol('s'))).toBe(MASK);
  });
});

describe('the details text at its edges', () => {
  it('leaves out missing and empty parts but keeps empty lists and plain values', () => {
    expect(auditDetails({ params: null as unknown as undefined, query: undefined, body: {} })).toBeNull();
    expect(auditDetails({})).toBeNull();
    expect(auditDetails({ body: [] })).toBe('{"body":[]}');
    expect(auditDetails({ body: 'text' })).toBe('{"body":"text"}');
    expect(auditDetails({ body: '' })).toBe('{"body":""}');
    expect(auditDetails({ body: 0 })).toBe('{"body":0}');
    expect(auditDetails({ query: { q: '' } })).toBe('{"query":{"q":""}}');
  });

  it('keeps details of exactly the limit and cuts longer ones to the limit, marked', () => {
    expect(MAX_DETAILS_CHARS).toBe(4000);
    const exact = auditDetails({ body: bodyOfDetailsLength(4000) })!;
    expect(exact).toHaveLength(4000);
    expect(exact.endsWith('"}}')).toBe(true);
    const over = auditDetails({ body: bodyOfDetailsLength(4001) })!;
    expect(over).toHaveLength(4000);
    expect(over.endsWith('"…')).toBe(true);
    expect(over.slice(0, 3999)).toBe(JSON.stringify({ body: bodyOfDetailsLength(4001) }).slice(0, 3999));
  });
});
