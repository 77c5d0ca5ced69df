import {
  canonicalLogin,
  canonicalOperation,
  chainHash,
  GENESIS_HASH,
  type OperationContent,
  storable,
} from './audit-chain';

const row: OperationContent = {
  id: '01900000-0000-7000-8000-000000000001',
  chain: 'org-1',
  seq: 1,
  organizationId: 'org-1',
  operation: 'search',
  screen: 'ユーザー一覧',
  httpMethod: 'GET',
  route: '/api/v1/organizations/:orgId/users',
  operatorUserId: 'u1',
  operatorLoginId: 'yamada01',
  department: '総務部',
  occurredAt: new Date('2026-11-22T01:02:03.456Z'),
  durationMs: 12,
  ip: '203.0.113.5',
  userAgent: 'jest',
  outcome: 'success',
  statusCode: 200,
  errorCode: null,
  requestId: 'req-1',
  details: '{"query":{"page":"1"}}',
};

describe('audit hash chain', () => {
  it('serializes every column in a fixed order, led by the format tag', () => {
    expect(JSON.parse(canonicalOperation(row))).toEqual([
      'op1',
      row.id,
      'org-1',
      1,
      'org-1',
      'search',
      'ユーザー一覧',
      'GET',
      '/api/v1/organizations/:orgId/users',
      'u1',
      'yamada01',
      '総務部',
      '2026-11-22T01:02:03.456Z',
      12,
      '203.0.113.5',
      'jest',
      'success',
      200,
      null,
      'req-1',
      '{"query":{"page":"1"}}',
    ]);
  });

  it('changes the hash when any column or the previous hash changes', () => {
    const base = chainHash(GENESIS_HASH, canonicalOperation(row));
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(chainHash(GENESIS_HASH, canonicalOperation({ ...row }))).toBe(base);
    for (const [key, value] of Object.entries({
      screen: 'x',
      details: null,
      department: null,
      durationMs: 13,
      occurredAt: new Date('2026-11-22T01:02:03.457Z'),
      seq: 2,
    })) {
      expect(chainHash(GENESIS_HASH, canonicalOperation({ ...row, [key]: value }))).not.toBe(base);
    }
    expect(chainHash('f'.repeat(64), canonicalOperation(row))).not.toBe(base);
  });

  it('does not confuse a numeric string with a number coming back from the driver', () => {
    expect(canonicalOperation({ ...row, seq: '1' as unknown as number })).toBe(canonicalOperation(row));
  });

  it('serializes login rows with their own tag', () => {
    const text = canonicalLogin({
      id: 'l1',
      chain: 'system',
      seq: 3,
      organizationId: null,
      loginIdTyped: 'nobody1',
      userId: null,
      action: 'USER_NOT_FOUND',
      screen: 'ログイン',
      occurredAt: new Date('2026-11-22T00:00:00.000Z'),
      ip: null,
      userAgent: null,
      sessionSeconds: null,
    });
    expect(JSON.parse(text)[0]).toBe('login1');
  });

  it('stores text as the database gives it back', () => {
    expect(storable('abc', 2)).toBe('ab');
    expect(storable('a\ud800b', 10)).toBe('a\ufffdb');
    expect(storable('😀😀', 3)).toBe('😀\ufffd');
    expect(storable(undefined, 3)).toBeNull();
  });
});
