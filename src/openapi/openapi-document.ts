import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { declareErrorResponses } from './error-responses';
import { operationIdFor } from './operation-ids';
import { declarePathParameters } from './path-parameters';
import { routeHandlers } from './route-handlers';
import { closeMultipartForms, refineFromValidators } from './validator-refinements';
import { sortKeys } from './sort-keys';
import { declareSuccessBodies } from './success-bodies';
import { declareScimOperations } from '../scim/scim-openapi';

/**
 * The OpenAPI document Kanri serves at /api/docs-json and commits as docs/api/openapi.json (`npm run openapi`).
 * Nest's scanner gives the routes and the DTO schemas (the swagger CLI plugin reads the class-validator
 * decorators and doc comments at build time); the steps after it fill in what the scanner cannot see, so the
 * document says exactly what the server does. Keys are sorted so regenerating gives the same bytes.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Kanri')
      .setDescription(
        'Organization administration: managers, sign-in controls, approvals and fees, certificates, individual numbers, audit.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
    { operationIdFactory: operationIdFor },
  );
  declarePathParameters(document);
  const handlers = routeHandlers(app);
  refineFromValidators(document, handlers);
  closeMultipartForms(document);
  declareErrorResponses(document, handlers);
  declareSuccessBodies(document);
  declareScimOperations(document);
  return sortKeys(document);
}
