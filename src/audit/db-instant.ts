/**
 * A DATETIME read with a raw query as a Date: mysql2 already gives a Date (the connection runs in UTC); SQLite gives
 * the `YYYY-MM-DD HH:MM:SS.SSS` UTC text TypeORM wrote.
 */
export function instantFromDb(value: unknown): Date {
  if (value instanceof Date) return value;
  const text = String(value);
  return new Date(/^\d{4}-\d{2}-\d{2} /.test(text) ? `${text.replace(' ', 'T')}Z` : text);
}
