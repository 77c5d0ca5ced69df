import type { Readable } from 'node:stream';
import type { PoolConnection } from 'mysql2';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { isConnectionError } from '@kanri/common/database/database-errors';
import { instantFromDb } from '@kanri/common/database/sql-values';

export type Row = Record<string, unknown>;
/** The last row written so far: history exports are ordered by (occurred_at, id). */
export interface HistoryCursor {
  at: Date;
  id: string;
}

/**
 * The keyset condition "after (at, id)" for alias `a`, written so that both databases scan the
 * (organization_id, occurred_at, id) index as one range starting at `at` (the plain `x > a OR (x = a AND y > b)`
 * form makes MariaDB walk the index from the organization's first row on every page).
 */
export const afterCursor = (alias: string) =>
  `${alias}.occurred_at >= :at AND (${alias}.occurred_at > :at OR ${alias}.id > :id)`;

/** A query for the rows after `cursor` (or from the start), ordered by (occurred_at, id), without a limit. */
export type PageQuery = (cursor: HistoryCursor | null) => SelectQueryBuilder<ObjectLiteral>;

const cursorOf = (row: Row): HistoryCursor => ({ at: instantFromDb(row.occurredAt), id: row.id as string });

/**
 * The rows of a history export, in batches, in bounded memory, on either database. The selected columns must
 * include `id` and `occurredAt` (aliases).
 *
 * - MySQL/MariaDB: each query streams up to `streamPage` rows (mysql2 row stream with backpressure), so rows are
 *   written out as they arrive and die young; no page is ever held whole. Queries are bounded so that no read view is
 *   held open for a whole slow download; if the server gives up on a query that a slow client kept paused
 *   (net_write_timeout), the export resumes after the last row written.
 * - SQLite (no streaming in the driver): buffered keyset pages of `bufferedPage` rows, the next requested as soon
 *   as the current one arrives.
 */
export function historyBatches(
  isMysql: boolean,
  query: PageQuery,
  sizes = { streamPage: 50_000, bufferedPage: 5_000 },
): AsyncGenerator<Row[]> {
  return isMysql ? streamedBatches(query, sizes.streamPage) : bufferedPages(query, sizes.bufferedPage);
}

async function* streamedBatches(query: PageQuery, pageSize: number): AsyncGenerator<Row[]> {
  let cursor: HistoryCursor | null = null;
  for (;;) {
    const page = await openRowStream(query(cursor).limit(pageSize));
    let count = 0;
    try {
      for await (const batch of batchesOf(page.rows)) {
        count += batch.length;
        cursor = cursorOf(batch[batch.length - 1]);
        yield batch;
      }
    } catch (error) {
      if (count > 0 && isConnectionError(error)) continue; // resume after the last row written
      throw error;
    } finally {
      await page.close();
    }
    if (count < pageSize) return;
  }
}

/**
 * A mysql2 row stream on a connection of its own. mysql2 never fails a query without a callback when its connection
 * drops (the error goes to the connection alone), so the connection is watched here: a lost connection (the server
 * gave up on a paused query, or someone killed it) fails the stream instead of leaving it hanging. `close` stops
 * reading, lets mysql2 drain what is left of the query, and gives the connection back.
 */
async function openRowStream(
  qb: SelectQueryBuilder<ObjectLiteral>,
): Promise<{ rows: Readable; close(): Promise<void> }> {
  const runner = qb.connection.createQueryRunner();
  const connection = (await runner.connect()) as PoolConnection;
  const [sql, parameters] = qb.getQueryAndParameters();
  const query = connection.query(sql, parameters);
  const rows = query.stream();
  let settle!: () => void;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  const lost = (error?: unknown) => {
    rows.destroy(
      error instanceof Error
        ? error
        : Object.assign(new Error('connection lost'), { code: 'PROTOCOL_CONNECTION_LOST' }),
    );
    settle();
  };
  query.once('end', settle);
  query.once('error', settle);
  connection.once('error', lost);
  connection.once('end', lost);
  return {
    rows,
    close: async () => {
      rows.destroy();
      await settled;
      connection.removeListener('error', lost);
      connection.removeListener('end', lost);
      await runner.release();
    },
  };
}

async function* bufferedPages(query: PageQuery, pageSize: number): AsyncGenerator<Row[]> {
  let page = await query(null).limit(pageSize).getRawMany<Row>();
  for (;;) {
    const next =
      page.length === pageSize
        ? query(cursorOf(page[page.length - 1]))
            .limit(pageSize)
            .getRawMany<Row>()
        : null;
    next?.catch(() => undefined); // a consumer that stops early must not leave an unhandled rejection behind
    yield page;
    if (!next) return;
    page = await next;
  }
}

/** Whatever rows an object stream has buffered, up to `max` at a time, without a promise per row. */
async function* batchesOf(stream: Readable, max = 1000): AsyncGenerator<Row[]> {
  let ended = false;
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const signal = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  stream.on('readable', signal);
  stream.on('end', () => {
    ended = true;
    signal();
  });
  stream.on('error', (error) => {
    failure = error;
    signal();
  });
  for (;;) {
    const batch: Row[] = [];
    let row: Row | null;
    while (batch.length < max && (row = stream.read() as Row | null) !== null) batch.push(row);
    if (batch.length) {
      yield batch;
      continue;
    }
    if (failure) throw failure;
    if (ended) return;
    await new Promise<void>((resolve) => (wake = resolve));
  }
}
