import { Controller, Get, Param, Req } from '@nestjs/common';
import type { Request } from 'express';
import { Screen } from '@kanri/access/screen.decorator';
import { ScimError } from './scim-error';
import { resourceTypes, schemas, serviceProviderConfig } from './scim-discovery';
import { ScimEndpoint, scimBaseUrl } from './scim-endpoint.decorator';
import { listResponse } from './scim-resources';
import { SCIM_BASE_PATH } from './scim-schemas';

const SCREEN = 'SCIM連携';
type Resource = Record<string, unknown>;

/** SCIM discovery (RFC 7644 §4): what the service supports, its resource types and schemas. */
@ScimEndpoint()
@Controller(SCIM_BASE_PATH)
export class ScimDiscoveryController {
  @Get('ServiceProviderConfig')
  @Screen(SCREEN)
  serviceProviderConfig(@Req() req: Request): Resource {
    return serviceProviderConfig(scimBaseUrl(req));
  }

  @Get('ResourceTypes')
  @Screen(SCREEN)
  resourceTypes(@Req() req: Request): Resource {
    const all = resourceTypes(scimBaseUrl(req));
    return listResponse(all, all.length, 1);
  }

  @Get('ResourceTypes/:name')
  @Screen(SCREEN)
  resourceType(@Req() req: Request, @Param('name') name: string): Resource {
    const found = resourceTypes(scimBaseUrl(req)).find((r) => r.id === name);
    if (!found) throw new ScimError(404, undefined, `No resource type ${name}`);
    return found;
  }

  @Get('Schemas')
  @Screen(SCREEN)
  schemas(@Req() req: Request): Resource {
    const all = schemas(scimBaseUrl(req));
    return listResponse(all, all.length, 1);
  }

  @Get('Schemas/:uri')
  @Screen(SCREEN)
  schema(@Req() req: Request, @Param('uri') uri: string): Resource {
    const found = schemas(scimBaseUrl(req)).find((s) => s.id === uri);
    if (!found) throw new ScimError(404, undefined, `No schema ${uri}`);
    return found;
  }
}
