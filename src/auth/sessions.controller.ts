import { Controller, Delete, Get, HttpCode, Param, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Screen } from '@kanri/access/screen.decorator';
import { Authenticated } from '@kanri/access/access-rule';
import type { Principal } from '@kanri/access/actor';
import { CurrentPrincipal } from '@kanri/access/current-actor.decorator';
import { requestOrigin } from '@kanri/access/request-origin';
import { OwnSessions, type SessionView } from './own-sessions.service';

/** The signed-in user's own sessions (SPEC §3.6). */
@ApiTags('auth')
@Controller('auth/sessions')
export class SessionsController {
  constructor(private readonly own: OwnSessions) {}

  /** Open sessions of the caller, newest first; `current` marks the one making this call. */
  @Get()
  @Authenticated()
  @Screen('ログインセッション')
  list(@CurrentPrincipal() principal: Principal): Promise<{ items: SessionView[] }> {
    return this.own.list(principal);
  }

  /** Ends one of the caller's sessions (e.g. a forgotten browser); its token stops working at once. */
  @Delete(':sessionId')
  @Authenticated()
  @Screen('ログインセッション', 'delete')
  @HttpCode(204)
  revoke(
    @CurrentPrincipal() principal: Principal,
    @Param('sessionId') sessionId: string,
    @Req() req: Request,
  ): Promise<void> {
    return this.own.revoke(principal, sessionId, requestOrigin(req));
  }
}
