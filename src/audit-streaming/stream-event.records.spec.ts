import type { LoginHistory } from '../audit/login-history.entity';
import type { OperationHistory } from '../audit/operation-history.entity';
import { canonicalOfRecord, loginEvent, operationEvent } from './stream-event';

const AT = new Date('2026-12-06T01:23:45.678Z');

const operationRow = (over: Partial<Record<keyof OperationHistory, unknown>> = {}) =>
  ({
    id: 'op-1',
    organizationId: 'org-1',
    chain: 'org-1',
    seq: '42',
    prevHash: 'p41',
    hash: 'h42',
    occurredAt: AT,
    operation: 'search',
    screen: '企業情報',
    httpMethod: 'GET',
    route: '/api/v1/organizations/:orgId',
    operatorUserId: 'u-1',
    operatorLoginId: 'yamada01',
    department: '総務部',
    durationMs: '12',
    ip: '203.0.113.7',
    userAgent: 'UA',
    outcome: 'success',
    statusCode: '200',
    errorCode: null,
    requestId: 'req-1',
    details: '{}',
    ...over,
  }) as unknown as OperationHistory;

const loginRow = (over: Partial<Record<keyof LoginHistory, unknown>> = {}) =>
  ({
    id: 'lg-1',
    organizationId: null,
    chain: 'system',
    seq: '7',
    prevHash: 'p6',
    hash: 'h7',
    occurredAt: AT,
    loginIdTyped: 'yamada01',
    userId: 'u-1',
    action: 'login',
    screen: 'login',
    ip: '203.0.113.7',
    userAgent: 'UA',
    sessionSeconds: '3600',
    ...over,
  }) as unknown as LoginHistory;

describe('operation events', () => {
  it('carry the envelope and every stored column, numbers as numbers', () => {
    expect(operationEvent(operationRow())).toEqual({
      v: 1,
      type: 'operation',
      id: 'op-1',
      organizationId: 'org-1',
      chain: 'operations:org-1',
      sequence: 42,
      previousHash: 'p41',
      hash: 'h42',
      occurredAt: '2026-12-06T01:23:45.678Z',
      record: {
        format: 'op1',
        id: 'op-1',
        chain: 'org-1',
        seq: 42,
        organizationId: 'org-1',
        operation: 'search',
        screen: '企業情報',
        httpMethod: 'GET',
        route: '/api/v1/organizations/:orgId',
        operatorUserId: 'u-1',
        operatorLoginId: 'yamada01',
        department: '総務部',
        occurredAt: '2026-12-06T01:23:45.678Z',
        durationMs: 12,
        ip: '203.0.113.7',
        userAgent: 'UA',
        outcome: 'success',
        statusCode: 200,
        errorCode: null,
        requestId: 'req-1',
        details: '{}',
      },
    });
  });

  it('keep a missing status code null (not 0)', () => {
    expect(operationEvent(operationRow({ statusCode: null })).record).toMatchObject({ statusCode: null });
    expect(operationEvent(operationRow({ statusCode: 0 })).record).toMatchObject({ statusCode: 0 });
  });
});

describe('login events', () => {
  it('carry the envelope and every stored column, numbers as numbers', () => {
    expect(loginEvent(loginRow())).toEqual({
      v: 1,
      type: 'login',
      id: 'lg-1',
      organizationId: null,
      chain: 'login:system',
      sequence: 7,
      previousHash: 'p6',
      hash: 'h7',
      occurredAt: '2026-12-06T01:23:45.678Z',
      record: {
        format: 'login1',
        id: 'lg-1',
        chain: 'system',
        seq: 7,
        organizationId: null,
        loginIdTyped: 'yamada01',
        userId: 'u-1',
        action: 'login',
        screen: 'login',
        occurredAt: '2026-12-06T01:23:45.678Z',
        ip: '203.0.113.7',
        userAgent: 'UA',
        sessionSeconds: 3600,
      },
    });
  });

  it('turn a missing hash, previous hash or chain into empty text and keep a missing session length null', () => {
    const event = loginEvent(loginRow({ prevHash: null, hash: null, chain: null, sessionSeconds: null }));
    expect(event).toMatchObject({ previousHash: '', hash: '' });
    expect(event.record).toMatchObject({ chain: '', sessionSeconds: null });
    expect(loginEvent(loginRow({ sessionSeconds: 0 })).record).toMatchObject({ sessionSeconds: 0 });
  });
});

describe('canonicalOfRecord', () => {
  it('lists an operation record in the recorded order', () => {
    expect(JSON.parse(canonicalOfRecord(operationEvent(operationRow()).record))).toEqual([
      'op1',
      'op-1',
      'org-1',
      42,
      'org-1',
      'search',
      '企業情報',
      'GET',
      '/api/v1/organizations/:orgId',
      'u-1',
      'yamada01',
      '総務部',
      '2026-12-06T01:23:45.678Z',
      12,
      '203.0.113.7',
      'UA',
      'success',
      200,
      null,
      'req-1',
      '{}',
    ]);
  });

  it('lists a login record in the recorded order', () => {
    expect(JSON.parse(canonicalOfRecord(loginEvent(loginRow()).record))).toEqual([
      'login1',
      'lg-1',
      'system',
      7,
      null,
      'yamada01',
      'u-1',
      'login',
      'login',
      '2026-12-06T01:23:45.678Z',
      '203.0.113.7',
      'UA',
      3600,
    ]);
  });
});
