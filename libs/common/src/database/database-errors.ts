/** Recognizes driver errors by their codes, for both MySQL/MariaDB (mysql2) and SQLite (better-sqlite3). */
interface DriverError {
  code?: string;
  errno?: number;
  driverError?: DriverError;
}

function driverErrorOf(error: unknown): DriverError | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as DriverError;
  return e.driverError ?? e;
}

export function isDuplicateKeyError(error: unknown): boolean {
  const e = driverErrorOf(error);
  return (
    e?.code === 'ER_DUP_ENTRY' ||
    e?.errno === 1062 ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/**
 * Errors after which retrying the whole transaction is the documented remedy. better-sqlite3 reports SQLite's
 * extended result codes, so "busy" comes as SQLITE_BUSY or one of its variants: SQLITE_BUSY_SNAPSHOT is what a
 * transaction gets when it read first and another connection (another instance on the same file) committed before
 * its first write; its snapshot is stale and only a new transaction can go on.
 */
export function isRetryableTransactionError(error: unknown): boolean {
  const e = driverErrorOf(error);
  return (
    e?.code === 'ER_LOCK_DEADLOCK' ||
    e?.errno === 1213 ||
    e?.code === 'ER_LOCK_WAIT_TIMEOUT' ||
    e?.errno === 1205 ||
    e?.code === 'SQLITE_BUSY' ||
    !!e?.code?.startsWith('SQLITE_BUSY_')
  );
}

/**
 * A unit of work that conflicted (deadlock, lock wait, Galera certification failure) on every one of its attempts.
 * The exception filter answers it 503 `TRANSACTION_CONFLICT` with `Retry-After`: the request changed nothing and may
 * be sent again.
 */
export class TransactionConflictError extends Error {
  constructor(readonly attempts: number) {
    super(`The transaction conflicted with concurrent changes ${attempts} times`);
    this.name = 'TransactionConflictError';
  }
}

/**
 * The node cannot take queries now: a Galera node outside the primary component answers 1047 ("WSREP has not yet
 * prepared node for application use"); a server shutting down or a read-only node likewise. Answered 503.
 */
export function isNodeUnavailableError(error: unknown): boolean {
  const e = driverErrorOf(error);
  return e?.errno === 1047 || e?.code === 'ER_UNKNOWN_COM_ERROR' || e?.errno === 1290 || e?.errno === 1053;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_ACCESS_DENIED_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'ER_CONNECTION_KILLED',
]);

export function isConnectionError(error: unknown): boolean {
  const e = driverErrorOf(error);
  return !!e?.code && CONNECTION_CODES.has(e.code);
}

/** The database cannot be reached or cannot take queries now: answered 503 DATABASE_UNAVAILABLE. */
export function isDatabaseUnavailableError(error: unknown): boolean {
  return isConnectionError(error) || isNodeUnavailableError(error);
}
