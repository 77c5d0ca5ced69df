import { createHash } from 'node:crypto';
import {
  canonicalLogin,
  canonicalOperation,
  chainHash,
  chainOf,
  GENESIS_HASH,
  headKey,
  type LoginContent,
  type OperationContent,
  storable,
  SYSTEM_CHAIN,
} from './audit-chain';

const operation: OperationContent = {
  id: 'op-1',
  chain: 'system',
  seq: 5,
  organizationId: null,
  operation: 'login',
  screen: 'ログイン',
  httpMethod: 'POST',
  route: '/api/v1/auth/login',
  operatorUserId: null,
  operatorLoginId: null,
  department: null,
  occurredAt: new Date('2026-12-01T00:00:00.000Z'),
  durationMs: 3,
  ip: null,
  userAgent: null,
  outcome: 'failure',
  statusCode: null,
  errorCode: 'INVALID_CREDENTIALS',
  requestId: null,
  details: null,
};

const login: LoginContent = {
  id: 'l1',
  chain: 'org-1',
  seq: 3,
  organizationId: 'org-1',
  loginIdTyped: 'yamada01',
  userId: 'u1',
  action: 'LOGIN',
  screen: 'ログイン',
  occurredAt: new Date('2026-11-22T00:00:00.000Z'),
  ip: '192.0.2.1',
  userAgent: 'jest',
  sessionSeconds: 1800,
};

describe('audit chains and their heads', () => {
  it('puts rows of no organization on the system chain and every other row on its organization’s', () => {
    expect(SYSTEM_CHAIN).toBe('system');
    expect(chainOf(null)).toBe('system');
    expect(chainOf('org-1')).toBe('org-1');
  });

  it('keys a chain head by kind and chain', () => {
    expect(headKey('operations', 'org-1')).toBe('operations:org-1');
    expect(headKey('login', SYSTEM_CHAIN)).toBe('login:system');
  });

  it('starts every chain from 64 zeros', () => {
    expect(GENESIS_HASH).toBe('0'.repeat(64));
  });

  it('hashes SHA-256 of the previous hash, a line feed and the canonical row, in lower-case hex', () => {
    const canonical = canonicalLogin(login);
    const expected = createHash('sha256').update(`${GENESIS_HASH}\n${canonical}`).digest('hex');
    expect(chainHash(GENESIS_HASH, canonical)).toBe(expected);
    expect(chainHash(GENESIS_HASH, canonical)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('canonical rows', () => {
  it('keep a missing status code as null and read one from the driver as a number', () => {
    expect(JSON.parse(canonicalOperation(operation))[17]).toBeNull();
    const fromDriver = {
      ...operation,
      statusCode: '401' as unknown as number,
      durationMs: '3' as unknown as number,
    };
    expect(JSON.parse(canonicalOperation(fromDriver)).slice(13, 18)).toEqual([3, null, null, 'failure', 401]);
  });

  it('serialize every login column in a fixed order, led by the format tag', () => {
    expect(JSON.parse(canonicalLogin(login))).toEqual([
      'login1',
      'l1',
      'org-1',
      3,
      'org-1',
      'yamada01',
      'u1',
      'LOGIN',
      'ログイン',
      '2026-11-22T00:00:00.000Z',
      '192.0.2.1',
      'jest',
      1800,
    ]);
  });

  it('read login numbers from the driver as numbers, and keep a missing session length as null', () => {
    const fromDriver = {
      ...login,
      seq: '3' as unknown as number,
      sessionSeconds: '1800' as unknown as number,
    };
    expect(canonicalLogin(fromDriver)).toBe(canonicalLogin(login));
    expect(JSON.parse(canonicalLogin({ ...login, sessionSeconds: null }))[12]).toBeNull();
  });
});

describe('storable text', () => {
  it('keeps text of exactly the column length and cuts only what is longer', () => {
    expect(storable('abc', 3)).toBe('abc');
    expect(storable('abcd', 3)).toBe('abc');
    expect(storable('', 3)).toBe('');
  });

  it('is null for null and undefined', () => {
    expect(storable(null, 3)).toBeNull();
    expect(storable(undefined, 3)).toBeNull();
  });
});
