import type { LoginContent, OperationContent } from '../audit/audit-chain';
import type { LoginHistory } from '../audit/login-history.entity';
import type { OperationHistory } from '../audit/operation-history.entity';

/**
 * One audit record as it leaves Kanri. The envelope names the record (`id`), its chain and place in it (`chain`,
 * `sequence`, `previousHash`, `hash`) so that a receiver de-duplicates by id and checks continuity by sequence and
 * hash; `record` holds the stored columns, masked exactly as they are stored, from which the receiver recomputes
 * `hash` (docs/api/audit-streaming.md). Nothing is added to or taken from a stored record on the way out.
 */
export interface StreamEvent {
  /** Envelope version. */
  v: 1;
  type: 'operation' | 'login';
  id: string;
  organizationId: string | null;
  /** `operations:<organizationId|system>` or `login:<organizationId|system>`. */
  chain: string;
  sequence: number;
  previousHash: string;
  hash: string;
  occurredAt: string;
  record: OperationRecord | LoginRecord;
}

/**
 * The record is the content the chain hashes (audit-chain.ts), with its instant as ISO text: one list of fields,
 * so a column added to the hash cannot be left out of what a receiver needs to recompute it.
 */
type OnTheWire<T extends { occurredAt: Date }> = Omit<T, 'occurredAt'> & { occurredAt: string };

export type OperationRecord = { format: 'op1' } & OnTheWire<OperationContent>;

export type LoginRecord = { format: 'login1' } & OnTheWire<LoginContent>;

/** A test delivery: carries no record and belongs to no chain, so a receiver can tell it apart. */
export interface TestEvent {
  v: 1;
  type: 'test';
  id: string;
  organizationId: string | null;
  occurredAt: string;
}

export function operationEvent(r: OperationHistory): StreamEvent {
  const occurredAt = r.occurredAt.toISOString();
  return {
    v: 1,
    type: 'operation',
    id: r.id,
    organizationId: r.organizationId,
    chain: `operations:${r.chain}`,
    sequence: Number(r.seq),
    previousHash: r.prevHash,
    hash: r.hash,
    occurredAt,
    record: {
      format: 'op1',
      id: r.id,
      chain: r.chain,
      seq: Number(r.seq),
      organizationId: r.organizationId,
      operation: r.operation,
      screen: r.screen,
      httpMethod: r.httpMethod,
      route: r.route,
      operatorUserId: r.operatorUserId,
      operatorLoginId: r.operatorLoginId,
      department: r.department,
      occurredAt,
      durationMs: Number(r.durationMs),
      ip: r.ip,
      userAgent: r.userAgent,
      outcome: r.outcome,
      statusCode: r.statusCode === null ? null : Number(r.statusCode),
      errorCode: r.errorCode,
      requestId: r.requestId,
      details: r.details,
    },
  };
}

export function loginEvent(r: LoginHistory): StreamEvent {
  const occurredAt = r.occurredAt.toISOString();
  return {
    v: 1,
    type: 'login',
    id: r.id,
    organizationId: r.organizationId,
    chain: `login:${r.chain}`,
    sequence: Number(r.seq),
    previousHash: r.prevHash ?? '',
    hash: r.hash ?? '',
    occurredAt,
    record: {
      format: 'login1',
      id: r.id,
      chain: r.chain ?? '',
      seq: Number(r.seq),
      organizationId: r.organizationId,
      loginIdTyped: r.loginIdTyped,
      userId: r.userId,
      action: r.action,
      screen: r.screen,
      occurredAt,
      ip: r.ip,
      userAgent: r.userAgent,
      sessionSeconds: r.sessionSeconds === null ? null : Number(r.sessionSeconds),
    },
  };
}

/** The canonical text the chain hash covers, rebuilt from a streamed record (the receiver's side, documented). */
export function canonicalOfRecord(record: OperationRecord | LoginRecord): string {
  if (record.format === 'op1') {
    return JSON.stringify([
      'op1',
      record.id,
      record.chain,
      record.seq,
      record.organizationId,
      record.operation,
      record.screen,
      record.httpMethod,
      record.route,
      record.operatorUserId,
      record.operatorLoginId,
      record.department,
      record.occurredAt,
      record.durationMs,
      record.ip,
      record.userAgent,
      record.outcome,
      record.statusCode,
      record.errorCode,
      record.requestId,
      record.details,
    ]);
  }
  return JSON.stringify([
    'login1',
    record.id,
    record.chain,
    record.seq,
    record.organizationId,
    record.loginIdTyped,
    record.userId,
    record.action,
    record.screen,
    record.occurredAt,
    record.ip,
    record.userAgent,
    record.sessionSeconds,
  ]);
}
