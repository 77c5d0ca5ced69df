import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from './test-database';

/**
 * A database the plaintext scans can read back whole: on SQLite the file and its WAL, on MariaDB a `mysqldump`
 * with binary columns in hex (so a sealed value shows as what is stored, and a leaked one as its bytes).
 */
export async function scannableDatabase(prefix: string): Promise<TestDatabase & { dump(): Buffer }> {
  if (testDatabaseKind === 'mysql') {
    const db = await createTestDatabase();
    const url = new URL(db.url);
    return {
      ...db,
      dump: () =>
        execFileSync(
          'mysqldump',
          [
            '-h',
            url.hostname,
            '-P',
            url.port || '3306',
            '-u',
            decodeURIComponent(url.username),
            ...(url.password ? [`-p${decodeURIComponent(url.password)}`] : []),
            '--skip-extended-insert',
            '--hex-blob',
            url.pathname.slice(1),
          ],
          { maxBuffer: 512 * 1024 * 1024 },
        ),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  const file = join(dir, 'kanri.sqlite');
  return {
    url: `sqlite:${file}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
    dump: () => Buffer.concat([file, `${file}-wal`].filter(existsSync).map((f) => readFileSync(f))),
  };
}
