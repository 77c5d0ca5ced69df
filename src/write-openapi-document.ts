import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadAppConfig } from '@kanri/common/config/app-config';
import { AppModule } from './app.module';
import { configureApp } from './app-setup';

/**
 * `npm run openapi`: writes the document the server serves at /api/docs-json to docs/api/openapi.json. Runs from
 * the build (`nest build` applies the swagger plugin that turns validators and doc comments into schemas) and
 * boots the app on an in-memory database without listening, with throwaway secrets: the document depends on
 * the code only, so the same commit always gives the same file.
 */
async function main(): Promise<void> {
  const target = resolve(process.argv[2] ?? 'docs/api/openapi.json');
  const config = loadAppConfig({
    NODE_ENV: 'development',
    DATABASE_URL: 'sqlite::memory:',
    JWT_SECRET: 'openapi-document-only-openapi-document-only',
    FIELD_ENCRYPTION_KEY: `k1:${Buffer.alloc(32).toString('base64')}`,
    KANRI_ADMIN_LOGIN_ID: 'openapi1',
    KANRI_ADMIN_PASSWORD: 'Openapi-document-1',
    SCHEDULER_ENABLED: 'false',
    LOG_LEVEL: 'error',
  });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    logger: ['error'],
  });
  const document = configureApp(app, config);
  await app.init();
  await app.close();
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
  process.stdout.write(`wrote ${target} (${Object.keys(document.paths).length} paths)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
