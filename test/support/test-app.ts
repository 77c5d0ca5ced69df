import 'reflect-metadata';
import type { INestApplication, Type } from '@nestjs/common';
import { MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { HttpsOptions } from '@nestjs/common/interfaces/external/https-options.interface';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { type AppConfig, loadAppConfig } from '@kanri/common/config/app-config';
import { Clock } from '@kanri/common/clock/clock';
import { ExpressServerAdapter } from '@kanri/common/http/express-server-adapter';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app-setup';
import { checkedAgainstDocument } from './contract-checked-request';
import { TestClock } from './test-clock';
import { createTestDatabase, type TestDatabase } from './test-database';

export const OPERATOR = { loginId: 'operator1', password: 'Operator-pass-1' } as const;

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  clock: TestClock;
  dataSource: DataSource;
  database: TestDatabase;
  /** supertest bound to the app; paths are given without the /api/v1 prefix by `api`. */
  http: ReturnType<typeof request>;
  api: (method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string, token?: string) => request.Test;
  close: () => Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  /** Reuse a database (e.g. a second instance on the same MariaDB database). */
  database?: TestDatabase;
  /** Extra modules (test-only jobs and routes). */
  imports?: NonNullable<Parameters<typeof Test.createTestingModule>[0]['imports']>;
  /**
   * Serve HTTPS with these options (what main.ts builds from TLS_CERT/TLS_KEY/TLS_CLIENT_CA with
   * `httpsOptionsFor`); call `t.app.listen(0)` to get a real TLS port.
   */
  httpsOptions?: HttpsOptions;
  /**
   * Every answer is checked against docs/api/openapi.json (status listed, media type listed, JSON body matching
   * its schema): a test fails on an answer the document does not describe (test/support/openapi-contract.ts).
   * On by default; only a test that breaks the server on purpose (a fault drill) may turn it off.
   */
  contract?: boolean;
}

/** `/api/v1/<path>` of every controller the test's own modules mount. */
function testOnlyPaths(imports: NonNullable<TestAppOptions['imports']>): string[] {
  const prefixes: string[] = [];
  for (const module of imports) {
    const controllers =
      (Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, module) as Type[] | undefined) ?? [];
    for (const controller of controllers) {
      const paths = Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined;
      for (const path of [paths ?? ''].flat()) prefixes.push(`/api/v1/${path.replace(/^\/+/, '')}`);
    }
  }
  return prefixes;
}

/** Boots the real Kanri app (same setup as main.ts) on a fresh database with a movable clock. */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const config = loadAppConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
    FIELD_ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
    KANRI_ADMIN_LOGIN_ID: OPERATOR.loginId,
    KANRI_ADMIN_PASSWORD: OPERATOR.password,
    SCHEDULER_ENABLED: 'false',
    AUTH_RATE_LIMIT: '0',
    ...options.env,
  });
  const clock = new TestClock();
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.register(config), ...(options.imports ?? [])],
  })
    .overrideProvider(Clock)
    .useValue(clock)
    .setLogger(
      process.env.KANRI_TEST_LOGS
        ? undefined!
        : { log() {}, error() {}, warn() {}, debug() {}, verbose() {}, fatal() {} },
    )
    .compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>(new ExpressServerAdapter(), {
    bodyParser: true,
    httpsOptions: options.httpsOptions,
  });
  configureApp(app, config);
  await app.init();
  const http =
    options.contract === false
      ? request(app.getHttpServer())
      : checkedAgainstDocument(request(app.getHttpServer()), testOnlyPaths(options.imports ?? []));
  const api: TestApp['api'] = (method, path, token) => {
    const r = http[method](`/api/v1${path}`);
    return token ? r.set('Authorization', `Bearer ${token}`) : r;
  };
  return {
    app,
    config,
    clock,
    dataSource: app.get<DataSource>(getDataSourceToken()),
    database,
    http,
    api,
    close: async () => {
      await app.close();
      if (!options.database) await database.drop();
    },
  };
}
