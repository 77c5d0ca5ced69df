import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated } from '@kanri/access/access-rule';
import type { Principal } from '@kanri/access/actor';
import { CurrentPrincipal } from '@kanri/access/current-actor.decorator';
import { Screen } from '@kanri/access/screen.decorator';
import { AuditExportService } from './audit-export.service';
import { AuditSearchService } from './audit-search.service';
import { OwnHistoryExportQuery } from './dto/audit-export.query';
import { OwnHistoryQuery } from './dto/audit-search.query';

const SCREEN = '操作履歴照会';

/**
 * 操作履歴照会 › ご自身の操作履歴 (SPEC §13): every signed-in user's own operation and sign-in history, without
 * `audit.read`. Whose rows is fixed to the caller by AuditConditionResolver.resolveOwn; there is no parameter that
 * names anybody else, so another person's history is reachable only through the organization's routes, which need
 * `audit.read`.
 */
@ApiTags('audit')
@Controller('me')
export class MyHistoryController {
  constructor(
    private readonly search: AuditSearchService,
    private readonly exports: AuditExportService,
  ) {}

  /** The caller's own operation history (操作履歴), newest first. */
  @Get('operations')
  @Authenticated()
  @Screen(SCREEN)
  operations(@CurrentPrincipal() principal: Principal, @Query() query: OwnHistoryQuery) {
    return this.search.ownOperationHistory(principal, query);
  }

  /** The caller's own sign-in history (ログイン履歴), newest first. */
  @Get('login-history')
  @Authenticated()
  @Screen(SCREEN)
  loginHistory(@CurrentPrincipal() principal: Principal, @Query() query: OwnHistoryQuery) {
    return this.search.ownLoginHistory(principal, query);
  }

  /** The caller's own operation history as CSV (operation_history_activity_YYYYMMDDHHmmss.csv), oldest first. */
  @Get('operations/export')
  @Authenticated()
  @Screen(SCREEN, 'export')
  @ApiProduces('text/csv')
  async exportOperations(
    @CurrentPrincipal() principal: Principal,
    @Query() query: OwnHistoryExportQuery,
    @Res() res: Response,
  ): Promise<void> {
    await this.exports.sendOwn(principal, 'activity', query, res);
  }

  /** The caller's own sign-in history as CSV (operation_history_login_YYYYMMDDHHmmss.csv), oldest first. */
  @Get('login-history/export')
  @Authenticated()
  @Screen(SCREEN, 'export')
  @ApiProduces('text/csv')
  async exportLoginHistory(
    @CurrentPrincipal() principal: Principal,
    @Query() query: OwnHistoryExportQuery,
    @Res() res: Response,
  ): Promise<void> {
    await this.exports.sendOwn(principal, 'login', query, res);
  }
}
