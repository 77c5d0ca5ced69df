import { auditDetails, MASK, MAX_DETAILS_CHARS, maskSecrets } from './audit-masking';

describe('masking secrets in audit details', () => {
  it.each([
    'password',
    'newPassword',
    'confirmationPassword',
    'currentPassword',
    'accessToken',
    'otpToken',
    'secret',
    'code',
    'accessPin',
    'apiKey',
    'number',
    'personalNumber',
    'csr',
    'PASSWORD',
  ])('masks the value of "%s"', (key) => {
    expect(maskSecrets({ [key]: 'hunter2', keep: 'visible' })).toEqual({ [key]: MASK, keep: 'visible' });
  });

  it('masks a whole object or array under a secret key', () => {
    expect(maskSecrets({ tokens: ['a', 'b'], credentials: { passwordHash: 'x' } })).toEqual({
      tokens: MASK,
      credentials: { passwordHash: MASK },
    });
  });

  it('masks secrets at any depth and inside arrays', () => {
    expect(maskSecrets({ rows: [{ loginId: 'a1', password: 'p' }] })).toEqual({
      rows: [{ loginId: 'a1', password: MASK }],
    });
  });

  it('never lets a 12-digit individual number through, whatever the key', () => {
    expect(maskSecrets({ q: '123456789018', note: 'my number is 1234-5678-9018', n: 123456789018 })).toEqual({
      q: MASK,
      note: 'my number is 1234-5678-9018',
      n: MASK,
    });
    expect(maskSecrets({ q: 'id 1234567890123' })).toEqual({ q: MASK });
  });

  it('keeps an id whose last group happens to be twelve digits, and masks the same digits in any other text', () => {
    const id = '01a2528f-d82f-7a07-bf73-280829368934';
    expect(maskSecrets({ userId: id, upper: id.toUpperCase() })).toEqual({
      userId: id,
      upper: id.toUpperCase(),
    });
    expect(maskSecrets({ q: `${id} and more`, r: `x${id}`, s: id.slice(1), t: '280829368934' })).toEqual({
      q: MASK,
      r: MASK,
      s: MASK,
      t: MASK,
    });
  });

  it('keeps ordinary fields, numbers and booleans', () => {
    expect(maskSecrets({ familyName: '山田', perPage: 25, disabled: false, ids: ['x'] })).toEqual({
      familyName: '山田',
      perPage: 25,
      disabled: false,
      ids: ['x'],
    });
  });

  it('cuts long strings, long arrays and deep nesting', () => {
    const masked = maskSecrets({ s: 'a'.repeat(500), list: Array.from({ length: 60 }, (_, i) => i) }) as {
      s: string;
      list: unknown[];
    };
    expect(masked.s).toHaveLength(201);
    expect(masked.list).toHaveLength(51);
    expect(maskSecrets({ a: { b: { c: { d: { e: 1 } } } } })).toEqual({ a: { b: { c: { d: '…' } } } });
  });
});

describe('audit details text', () => {
  it('is compact JSON of the non-empty parts, masked', () => {
    expect(
      auditDetails({ params: { userId: 'u1' }, query: {}, body: { familyName: '山田', password: 'x' } }),
    ).toBe('{"params":{"userId":"u1"},"body":{"familyName":"山田","password":"***"}}');
  });

  it('is null when the request carried nothing', () => {
    expect(auditDetails({ params: {}, query: {}, body: undefined })).toBeNull();
  });

  it('stays within its size limit', () => {
    const many = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`field${i}`, 'x'.repeat(200)]));
    expect(auditDetails({ body: many })!.length).toBeLessThanOrEqual(MAX_DETAILS_CHARS);
  });
});
