import { createHash } from 'node:crypto';

/**
 * Tamper evidence (SPEC §9): the rows of each chain form a hash chain. Every row stores its chain, a sequence number
 * (1, 2, 3, … without gaps), the previous row's hash and its own hash:
 *
 *     hash = SHA-256( prevHash + "\n" + canonical(row) )   (lower-case hex)
 *
 * where `canonical` is a JSON array of the row's columns in a fixed order, led by a format tag (`op1`, `login1`) so
 * that a future format can be introduced beside this one without rewriting old rows. The first row of a chain has
 * `GENESIS_HASH` as its previous hash; after the retention job has trimmed the oldest rows, the chain head keeps the
 * seq and hash of the last deleted row as the anchor the first remaining row must link to.
 *
 * Chains: one per organization for operation history and one per organization for login history (their rows live in
 * different tables and are written by different paths, so two chains keep appends to one from waiting on the other),
 * plus a `system` chain of each kind for rows that belong to no organization (operator actions outside
 * organizations, sign-in attempts for unknown login IDs). Chain heads live in `audit_chain_heads`, keyed
 * `operations:<orgId|system>` and `login:<orgId|system>`.
 */
export const GENESIS_HASH = '0'.repeat(64);
export const SYSTEM_CHAIN = 'system';

export type ChainKind = 'operations' | 'login';

export function chainOf(organizationId: string | null): string {
  return organizationId ?? SYSTEM_CHAIN;
}

export function headKey(kind: ChainKind, chain: string): string {
  return `${kind}:${chain}`;
}

/** The hashed content of an operation-history row. */
export interface OperationContent {
  id: string;
  chain: string;
  seq: number;
  organizationId: string | null;
  operation: string;
  screen: string;
  httpMethod: string;
  route: string;
  operatorUserId: string | null;
  operatorLoginId: string | null;
  department: string | null;
  occurredAt: Date;
  durationMs: number;
  ip: string | null;
  userAgent: string | null;
  outcome: string;
  statusCode: number | null;
  errorCode: string | null;
  requestId: string | null;
  details: string | null;
}

/** The hashed content of a login-history row. */
export interface LoginContent {
  id: string;
  chain: string;
  seq: number;
  organizationId: string | null;
  loginIdTyped: string;
  userId: string | null;
  action: string;
  screen: string | null;
  occurredAt: Date;
  ip: string | null;
  userAgent: string | null;
  sessionSeconds: number | null;
}

export function canonicalOperation(r: OperationContent): string {
  return JSON.stringify([
    'op1',
    r.id,
    r.chain,
    Number(r.seq),
    r.organizationId,
    r.operation,
    r.screen,
    r.httpMethod,
    r.route,
    r.operatorUserId,
    r.operatorLoginId,
    r.department,
    r.occurredAt.toISOString(),
    Number(r.durationMs),
    r.ip,
    r.userAgent,
    r.outcome,
    r.statusCode === null ? null : Number(r.statusCode),
    r.errorCode,
    r.requestId,
    r.details,
  ]);
}

export function canonicalLogin(r: LoginContent): string {
  return JSON.stringify([
    'login1',
    r.id,
    r.chain,
    Number(r.seq),
    r.organizationId,
    r.loginIdTyped,
    r.userId,
    r.action,
    r.screen,
    r.occurredAt.toISOString(),
    r.ip,
    r.userAgent,
    r.sessionSeconds === null ? null : Number(r.sessionSeconds),
  ]);
}

export function chainHash(prevHash: string, canonical: string): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/**
 * Text as the database will give it back: well-formed UTF-16 (a lone surrogate would come back as U+FFFD and
 * break the hash) and at most `max` characters (the column's length; MariaDB refuses longer values).
 */
export function storable(text: string | null | undefined, max: number): string | null {
  if (text === null || text === undefined) return null;
  const cut = text.slice(0, max);
  // String.prototype.toWellFormed (Node 20) is not in the ES2023 type library yet.
  return (cut as unknown as { toWellFormed(): string }).toWellFormed();
}
