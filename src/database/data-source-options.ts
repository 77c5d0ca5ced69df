import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '@kanri/common/config/app-config';
import { MIGRATIONS } from './migrations';

/**
 * TypeORM options for either driver (SPEC §0 "Databases"). `synchronize` is never on: the schema comes from
 * the migrations, which run at start under a lock (migrate.ts).
 */
export function dataSourceOptions(
  db: DatabaseConfig,
  entities: DataSourceOptions['entities'] = [],
): DataSourceOptions {
  const common = {
    entities,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    logging: false,
  } as const;
  if (db.type === 'mysql') {
    return {
      ...common,
      type: 'mysql',
      url: db.url,
      charset: 'utf8mb4_unicode_ci',
      timezone: 'Z',
      supportBigNumbers: true,
      bigNumberStrings: false,
      poolSize: 20,
      // trace: false — mysql2's promise API otherwise captures a stack trace on every query, in case it fails: about a
      // fifth of the driver's CPU per statement (78 → 62 µs for a trivial one through TypeORM, quiet machine), paid by
      // every round trip. A failing statement still shows where it was sent from: TypeORM raises QueryFailedError
      // inside the awaiting chain, whose async stack frames name the caller.
      extra: {
        connectionLimit: 20,
        waitForConnections: true,
        queueLimit: 0,
        connectTimeout: 5000,
        trace: false,
      },
    };
  }
  const memory = db.path === ':memory:';
  return {
    ...common,
    type: 'better-sqlite3',
    database: db.path,
    enableWAL: !memory,
    prepareDatabase: (sqlite: { pragma: (s: string) => unknown }) => {
      sqlite.pragma('busy_timeout = 5000');
      sqlite.pragma('synchronous = NORMAL');
    },
  };
}
