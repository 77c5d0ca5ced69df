import { RequestMethod } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import type { AppConfig } from '@kanri/common/config/app-config';
import { AllExceptionsFilter } from '@kanri/common/http/all-exceptions.filter';
import { API_PREFIX } from '@kanri/common/http/api-prefix';
import { jsonBodyGuard } from '@kanri/common/http/json-body-guard';
import { requestIdMiddleware } from '@kanri/common/http/request-id.middleware';
import { useSecurityHeaders } from '@kanri/common/http/security-headers';
import { cacheValidationMetadata } from '@kanri/common/validation/validation-metadata-cache';
import { createValidationPipe } from '@kanri/common/validation/validation-pipe';
import { createOpenApiDocument } from './openapi/openapi-document';
import { consoleSessionCookie } from './auth/console-session-cookie';
import { defaultConsoleDir, serveConsole } from './console/serve-console';

export { API_PREFIX };

/**
 * Everything the HTTP layer needs, shared by `main.ts` and the end-to-end tests so both run the same app:
 * request ids, security headers, CORS, body limits, validation, the error filter and the OpenAPI document
 * (returned, so `npm run openapi` writes exactly the document served at /api/docs-json).
 */
export function configureApp(app: NestExpressApplication, config: AppConfig): OpenAPIObject {
  // Behind a proxy, believe one hop of X-Forwarded-For (the address the proxy saw), never the whole chain.
  app.set('trust proxy', config.trustProxy ? 1 : false);
  // No ETag on the API's answers: they are personal and change with every write, no client revalidates them, and
  // SCIM's ServiceProviderConfig says ETags are not supported. Hashing every JSON body for one cost each answer
  // some 2 % of a no-op request's CPU (bench:floor). The console's hashed assets keep theirs (serve-static's own).
  app.set('etag', false);
  app.use(requestIdMiddleware);
  // helmet's headers, recorded once at start and replayed on every answer (security-headers.ts).
  useSecurityHeaders(app, helmet());
  app.enableCors(
    config.corsOrigins.length
      ? { origin: config.corsOrigins, exposedHeaders: ['X-Request-Id', 'Content-Disposition'] }
      : { origin: false },
  );
  // SCIM clients send `application/scim+json` (RFC 7644 §3.1).
  app.useBodyParser('json', { limit: '2mb', type: ['application/json', 'application/scim+json'] });
  app.use(jsonBodyGuard);
  // The web console at `/` (SPEC §12) with its own strict CSP, and its session cookie (auth/console-session-cookie.ts).
  serveConsole(app, config.consoleDir ?? defaultConsoleDir());
  app.use(consoleSessionCookie);
  // SCIM 2.0 (src/scim) lives at /scim/v2, the base URL provisioning clients are configured with.
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'scim/v2/{*path}', method: RequestMethod.ALL }] });
  cacheValidationMetadata();
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  const document = createOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  app.enableShutdownHooks();
  return document;
}
