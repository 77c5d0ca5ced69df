/**
 * Values crossing raw SQL on both drivers (SPEC §0 "Databases"). Raw `query()` parameters are passed to the driver
 * as they are: mysql2 formats a Date itself (the connection runs in UTC), better-sqlite3 cannot bind one, so
 * instants go in as the `YYYY-MM-DD HH:MM:SS.SSS` UTC text TypeORM writes for datetime columns on SQLite.
 */
export function sqlInstant(value: Date, mysql: boolean): Date | string {
  return mysql ? value : value.toISOString().replace('T', ' ').slice(0, 23);
}

/** A DATETIME read back: mysql2 gives a Date, SQLite the UTC text. */
export function instantOrNull(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const text = String(value);
  return new Date(/^\d{4}-\d{2}-\d{2} /.test(text) ? `${text.replace(' ', 'T')}Z` : text);
}

/** A BOOLEAN read back (tinyint on MySQL, integer on SQLite). */
export function bool(value: unknown): boolean {
  return value === true || Number(value) === 1;
}

/** `?, ?, ?` for a list of parameters. */
export function placeholders(count: number): string {
  return new Array<string>(count).fill('?').join(', ');
}
