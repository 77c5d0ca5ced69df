import type { EntityManager, QueryResult } from 'typeorm';

/**
 * Values crossing raw SQL on both drivers (SPEC §0 "Databases"). Raw `query()` parameters are passed to the driver
 * as they are: mysql2 formats a Date itself (the connection runs in UTC), better-sqlite3 cannot bind one, so
 * instants go in as the `YYYY-MM-DD HH:MM:SS.SSS` UTC text TypeORM writes for datetime columns on SQLite.
 */
export function sqlInstant(value: Date, mysql: boolean): Date | string {
  return mysql ? value : value.toISOString().replace('T', ' ').slice(0, 23);
}

/**
 * A DATETIME read with a raw query as a Date: mysql2 already gives a Date (the connection runs in UTC); SQLite gives
 * the `YYYY-MM-DD HH:MM:SS.SSS` UTC text TypeORM wrote.
 */
export function instantFromDb(value: unknown): Date {
  if (value instanceof Date) return value;
  const text = String(value);
  return new Date(/^\d{4}-\d{2}-\d{2} /.test(text) ? `${text.replace(' ', 'T')}Z` : text);
}

/** `instantFromDb` for a nullable column. */
export function instantOrNull(value: unknown): Date | null {
  return value === null || value === undefined ? null : instantFromDb(value);
}

/** A BOOLEAN read back (tinyint on MySQL, integer on SQLite). */
export function bool(value: unknown): boolean {
  return value === true || Number(value) === 1;
}

/** `?, ?, ?` for a list of parameters. */
export function placeholders(count: number): string {
  return new Array<string>(count).fill('?').join(', ');
}

/**
 * Runs a hand-written UPDATE/INSERT/DELETE inside a transaction and answers how many rows it matched (mysql2 counts
 * found rows, like better-sqlite3's `changes` for an UPDATE that sets a value to itself): the hot paths use it where
 * the query builder would cost more than the statement.
 */
export async function execute(em: EntityManager, sql: string, parameters: unknown[]): Promise<number> {
  if (!em.queryRunner) throw new Error('execute() runs inside TransactionService.run');
  const result = (await em.queryRunner.query(sql, parameters, true)) as QueryResult;
  return result.affected ?? 0;
}
