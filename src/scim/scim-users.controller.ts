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
import { SCIM_BASE_PATH } from './scim-schemas';
import { ScimUsersService } from './scim-users.service';

const SCREEN = 'SCIM連携(ユーザー)';
type Resource = Record<string, unknown>;

/** SCIM Users (RFC 7644 §3): what Entra ID, Okta or HENNGE call to provision the token's organization. */
@ScimEndpoint()
@Controller(`${SCIM_BASE_PATH}/Users`)
export class ScimUsersController {
  constructor(private readonly users: ScimUsersService) {}

  /** `filter=userName eq "…"`, `startIndex`, `count` → ListResponse. */
  @Get()
  @Screen(SCREEN)
  list(
    @CurrentActor() actor: Actor,
    @Query() query: Record<string, unknown>,
    @Req() req: Request,
  ): Promise<Resource> {
    return this.users.list(actor, query, scimBaseUrl(req));
  }

  @Get(':userId')
  @Screen(SCREEN)
  get(@CurrentActor() actor: Actor, @Param('userId') id: string, @Req() req: Request): Promise<Resource> {
    return this.users.get(actor, id, scimBaseUrl(req));
  }

  /** 201 with `Location`. */
  @Post()
  @Screen(SCREEN)
  async create(
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Resource> {
    const resource = await this.users.create(actor, body, scimBaseUrl(req));
    res.setHeader('Location', (resource.meta as { location: string }).location);
    return resource;
  }

  @Put(':userId')
  @Screen(SCREEN)
  replace(
    @CurrentActor() actor: Actor,
    @Param('userId') id: string,
    @Body() body: unknown,
    @Req() req: Request,
  ): Promise<Resource> {
    return this.users.replace(actor, id, body, scimBaseUrl(req));
  }

  /** 200 with the resource after the change. */
  @Patch(':userId')
  @Screen(SCREEN)
  patch(
    @CurrentActor() actor: Actor,
    @Param('userId') id: string,
    @Body() body: unknown,
    @Req() req: Request,
  ): Promise<Resource> {
    return this.users.patch(actor, id, body, scimBaseUrl(req));
  }

  @Delete(':userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @Screen(SCREEN)
  remove(@CurrentActor() actor: Actor, @Param('userId') id: string): Promise<void> {
    return this.users.remove(actor, id);
  }
}
