import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ManagerOnly } from '@kanri/access/access-rule';
import type { Actor } from '@kanri/access/actor';
import { Confirm } from '@kanri/access/confirm.decorator';
import { ConfirmedDto } from '@kanri/access/confirmed.dto';
import { CurrentActor } from '@kanri/access/current-actor.decorator';
import { Screen } from '@kanri/access/screen.decorator';
import { CreateScimTokenDto } from './dto/scim-token.dto';
import { type CreatedScimToken, type ScimTokenView, ScimTokensService } from './scim-tokens.service';

const SCREEN = 'SCIM連携設定';

/**
 * The organization's SCIM bearer tokens (SPEC §17). Managers only: a token creates, changes and deprovisions
 * members, so issuing and revoking one needs the confirmation password, like the other manager operations.
 */
@ApiTags('scim')
@Controller('organizations/:orgId/scim-tokens')
export class ScimTokensController {
  constructor(private readonly tokens: ScimTokensService) {}

  /** Client name, created and last used; never the token. */
  @Get()
  @ManagerOnly()
  @Screen(SCREEN)
  list(@CurrentActor() actor: Actor): Promise<{ items: ScimTokenView[] }> {
    return this.tokens.list(actor.orgId);
  }

  /** Issues a token for a provisioning client; `token` is in this answer only. */
  @Post()
  @ManagerOnly()
  @Confirm()
  @Screen(SCREEN)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateScimTokenDto): Promise<CreatedScimToken> {
    return this.tokens.create(actor, dto.clientName);
  }

  /** Revokes a token: the client's next request answers 401. */
  @Delete(':tokenId')
  @ManagerOnly()
  @Confirm()
  @HttpCode(HttpStatus.NO_CONTENT)
  @Screen(SCREEN)
  // The body carries only the confirmation password, which the guard has checked.
  revoke(
    @CurrentActor() actor: Actor,
    @Param('tokenId') id: string,
    @Body() _dto: ConfirmedDto,
  ): Promise<void> {
    return this.tokens.revoke(actor.orgId, id);
  }
}
