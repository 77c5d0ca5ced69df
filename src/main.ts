import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError } from '@kanri/common/config/environment';
import { loadAppConfig } from '@kanri/common/config/app-config';
import { AppModule } from './app.module';
import { configureApp } from './app-setup';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadAppConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    bodyParser: true,
  });
  configureApp(app, config);
  await app.listen(config.port);
  new Logger('Kanri').log(
    `listening on http://localhost:${config.port}/api/v1 (docs at /api/docs, database: ${config.database.type})`,
  );
}

void bootstrap();
