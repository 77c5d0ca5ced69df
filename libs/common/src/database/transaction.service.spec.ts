import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { isRetryableTransactionError } from './database-errors';
import { TransactionService } from './transaction.service';

describe('isRetryableTransactionError', () => {
  it('knows deadlocks, lock waits and every SQLite busy code, wrapped by TypeORM or not', () => {
    for (const driverError of [
      { code: 'ER_LOCK_DEADLOCK', errno: 1213 },
      { code: 'ER_LOCK_WAIT_TIMEOUT', errno: 1205 },
      { code: 'SQLITE_BUSY' },
      { code: 'SQLITE_BUSY_SNAPSHOT' },
      { code: 'SQLITE_BUSY_RECOVERY' },
    ]) {
      expect(isRetryableTransactionError(driverError)).toBe(true);
      expect(isRetryableTransactionError({ driverError })).toBe(true);
    }
    expect(isRetryableTransactionError({ code: 'SQLITE_CONSTRAINT_UNIQUE' })).toBe(false);
    expect(isRetryableTransactionError({ code: 'ER_DUP_ENTRY', errno: 1062 })).toBe(false);
    expect(isRetryableTransactionError(new Error('boom'))).toBe(false);
  });
});

describe('TransactionService on one SQLite file shared by two instances', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kanri-tx-'));
  const open = () =>
    new DataSource({
      type: 'better-sqlite3',
      database: join(dir, 'shared.sqlite'),
      enableWAL: true,
      prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
        db.pragma('busy_timeout = 5000');
      },
    }).initialize();
  let first: DataSource;
  let second: DataSource;

  beforeAll(async () => {
    first = await open();
    second = await open();
    await first.query('CREATE TABLE counters (name TEXT PRIMARY KEY, n INTEGER NOT NULL)');
    await first.query("INSERT INTO counters (name, n) VALUES ('a', 0), ('b', 0)");
  });
  afterAll(async () => {
    await first?.destroy();
    await second?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs a unit of work again when the other instance committed between its first read and its first write', async () => {
    const tx = new TransactionService(first);
    const other = new TransactionService(second);
    let attempts = 0;
    const seen = await tx.run(async (em) => {
      attempts++;
      const [{ n }] = await em.query("SELECT n FROM counters WHERE name = 'a'");
      // Its snapshot is taken; the other instance commits now (only once, as chance would have it).
      if (attempts === 1) await other.run((m) => m.query("UPDATE counters SET n = n + 1 WHERE name = 'b'"));
      await em.query("UPDATE counters SET n = ? WHERE name = 'a'", [n + 1]);
      return n as number;
    });
    expect(seen).toBe(0);
    expect(attempts).toBe(2);
    expect(await first.query('SELECT name, n FROM counters ORDER BY name')).toEqual([
      { name: 'a', n: 1 },
      { name: 'b', n: 1 },
    ]);
  });
});
