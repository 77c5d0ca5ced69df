import type { EntityManager } from 'typeorm';

/** One counter row's change: its key column values, in the order of the key columns, and what to add. */
export interface CounterChange {
  key: readonly string[];
  delta: number;
}

/**
 * Adds to counter rows inside the caller's transaction, creating a row at its first change (an upsert:
 * `ON DUPLICATE KEY UPDATE` on MySQL, `ON CONFLICT … DO UPDATE` on SQLite). Changes of 0 write nothing; the rest are
 * written in key order, so two transactions that change the same rows never wait on each other in opposite orders.
 */
export async function addToCounters(
  em: EntityManager,
  mysql: boolean,
  target: { table: string; keyColumns: readonly string[]; counter: string },
  changes: Iterable<CounterChange>,
): Promise<void> {
  const { table, keyColumns, counter } = target;
  const columns = [...keyColumns, counter].join(', ');
  const values = [...keyColumns, counter].map(() => '?').join(', ');
  const sql = mysql
    ? `INSERT INTO ${table} (${columns}) VALUES (${values}) ON DUPLICATE KEY UPDATE ${counter} = ${counter} + VALUES(${counter})`
    : `INSERT INTO ${table} (${columns}) VALUES (${values})
         ON CONFLICT (${keyColumns.join(', ')}) DO UPDATE SET ${counter} = ${counter} + excluded.${counter}`;
  const ordered = [...changes].filter((c) => c.delta !== 0).sort((a, b) => compareKeys(a.key, b.key));
  for (const change of ordered) await em.query(sql, [...change.key, change.delta]);
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}
