import { applyDecorators, UseFilters, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '@kanri/access/access-rule';
import { ScimBearerGuard } from './scim-bearer.guard';
import { SCIM_CONTENT_TYPE } from './scim-error';
import { ScimExceptionFilter } from './scim-exception.filter';
import { SCIM_BASE_PATH } from './scim-schemas';

/**
 * A controller of the SCIM service (`/scim/v2`): no Kanri access token (the JWT guard stands aside, `@Public()`),
 * the SCIM bearer token instead (ScimBearerGuard), and errors in SCIM's shape (ScimExceptionFilter). Each route
 * still names its `@Screen`, so every call is in the operation history as the token's client.
 */
export const ScimEndpoint = () =>
  applyDecorators(
    Public(),
    UseGuards(ScimBearerGuard),
    UseFilters(ScimExceptionFilter),
    ApiTags('scim'),
    ApiBearerAuth(),
    ApiProduces(SCIM_CONTENT_TYPE),
  );

/** The absolute base URL of the SCIM service as the client reached it, for `Location` and `meta.location`. */
export function scimBaseUrl(req: Request): string {
  return `${req.protocol}://${req.get('host')}/${SCIM_BASE_PATH}`;
}
