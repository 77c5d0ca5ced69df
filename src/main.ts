import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError } from '@kanri/common/config/environment';
import { loadAppConfig } from '@kanri/common/config/app-config';
import { ExpressServerAdapter } from '@kanri/common/http/express-server-adapter';
import { AppModule } from './app.module';
import { configureApp } from './app-setup';
import { httpsOptionsFor } from './certificates/tls/https-options';

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
  // TLS_CERT/TLS_KEY: HTTPS (and, with TLS_CLIENT_CA, client-certificate sign-in, SPEC §3.6).
  const httpsOptions = httpsOptionsFor(config);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register(config),
    new ExpressServerAdapter(),
    {
      bodyParser: true,
      httpsOptions,
      logger: config.logLevels,
    },
  );
  configureApp(app, config);
  await app.listen(config.port);
  new Logger('Kanri').log(
    `listening on ${httpsOptions ? 'https' : 'http'}://localhost:${config.port}/api/v1 (docs at /api/docs, database: ${config.database.type})`,
  );
}

void bootstrap();
