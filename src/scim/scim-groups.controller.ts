import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Actor } from '@kanri/access/actor';
import { CurrentActor } from '@kanri/access/current-actor.decorator';
import { Screen } from '@kanri/access/screen.decorator';
import { ScimEndpoint, scimBaseUrl } from './scim-endpoint.decorator';
import { ScimGroupsService } from './scim-groups.service';
import { SCIM_BASE_PATH } from './scim-schemas';

const SCREEN = 'SCIM連携(グループ)';
type Resource = Record<string, unknown>;

/** SCIM Groups over the organization's groups (グループ). */
@ScimEndpoint()
@Controller(`${SCIM_BASE_PATH}/Groups`)
export class ScimGroupsController {
  constructor(private readonly groups: ScimGroupsService) {}

  /** `filter=displayName eq "…"`, `startIndex`, `count`, `excludedAttributes=members`. */
  @Get()
  @Screen(SCREEN)
  list(
    @CurrentActor() actor: Actor,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
  ): Promise<Resource> {
    return this.groups.list(actor, query, scimBaseUrl(req));
  }

  @Get(':groupId')
  @Screen(SCREEN)
  get(
    @CurrentActor() actor: Actor,
    @Param('groupId') id: string,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
  ): Promise<Resource> {
    return this.groups.get(actor, id, query, scimBaseUrl(req));
  }

  @Post()
  @Screen(SCREEN)
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    const resource = await this.groups.create(actor, body, scimBaseUrl(req));
    res.setHeader('Location', (resource.meta as { location: string }).location);
    return resource;
  }

  @Put(':groupId')
  @Screen(SCREEN)
  replace(
    @CurrentActor() actor: Actor,
    @Param('groupId') id: string,
    @Body() body: unknown,
    @Req() req: Request,
  ): Promise<Resource> {
    return this.groups.replace(actor, id, body, scimBaseUrl(req));
  }

  /** 204, as Entra ID expects of a group PATCH (members may be thousands; the client reads them if it wants). */
  @Patch(':groupId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Screen(SCREEN)
  async patch(
    @CurrentActor() actor: Actor,
    @Param('groupId') id: string,
    @Body() body: unknown,
    @Req() req: Request,
  ): Promise<void> {
    await this.groups.patch(actor, id, body, scimBaseUrl(req));
  }

  @Delete(':groupId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Screen(SCREEN)
  remove(@CurrentActor() actor: Actor, @Param('groupId') id: string): Promise<void> {
    return this.groups.remove(actor, id);
  }
}
