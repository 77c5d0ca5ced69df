import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { OperatorOnly, RequirePermission } from '@kanri/access/access-rule';
import type { Actor } from '@kanri/access/actor';
import { CurrentActor } from '@kanri/access/current-actor.decorator';
import { Permission } from '@kanri/access/permission';
import { SYSTEM_CHAIN } from '../audit/audit-chain';
import { AuditExportService } from './audit-export.service';
import { AuditSearchService } from './audit-search.service';
import { AuditVerifyService } from './audit-verify.service';
import { AuditExportQuery } from './dto/audit-export.query';
import { AuditSearchQuery } from './dto/audit-search.query';
import { Screen } from '@kanri/access/screen.decorator';

const SCREEN = '操作履歴検索・出力';

/** 操作履歴検索・出力 (SPEC §9): an organization's own histories, for holders of `audit.read` (managers have it). */
@ApiTags('audit')
@Controller('organizations/:orgId/audit')
export class AuditHistoryController {
  constructor(
    private readonly search: AuditSearchService,
    private readonly exports: AuditExportService,
    private readonly verifier: AuditVerifyService,
  ) {}

  /** Login history (ログイン履歴), newest first. */
  @Get('login-history')
  @RequirePermission(Permission.AuditRead)
  @Screen(SCREEN)
  loginHistory(@CurrentActor() actor: Actor, @Query() query: AuditSearchQuery) {
    return this.search.loginHistory(actor.orgId, query);
  }

  /** Operation history (操作履歴), newest first. */
  @Get('operations')
  @RequirePermission(Permission.AuditRead)
  @Screen(SCREEN)
  operations(@CurrentActor() actor: Actor, @Query() query: AuditSearchQuery) {
    return this.search.operationHistory(actor.orgId, query);
  }

  /**
   * Downloads login history, operation history or the user list as CSV (operation_history_login_*.csv,
   * operation_history_activity_*.csv, org_user_list_*.csv), UTF-8 with BOM unless `encoding=sjis`.
   */
  @Get('export')
  @RequirePermission(Permission.AuditRead)
  @Screen(SCREEN, 'export')
  @ApiProduces('text/csv')
  async export(
    @CurrentActor() actor: Actor,
    @Query() query: AuditExportQuery,
    @Res() res: Response,
  ): Promise<void> {
    await this.exports.send(actor.orgId, query, res);
  }

  /** Checks the organization's hash chains and names the first broken link (tamper evidence). */
  @Get('verify')
  @RequirePermission(Permission.AuditRead)
  @Screen(SCREEN)
  verify(@CurrentActor() actor: Actor) {
    return this.verifier.verify(actor.orgId);
  }
}

/** The chains of rows that belong to no organization, for the system operator. */
@ApiTags('audit')
@Controller('system/audit')
export class SystemAuditController {
  constructor(private readonly verifier: AuditVerifyService) {}

  /** Checks the `system` hash chains (operator actions outside organizations, unknown sign-ins). */
  @Get('verify')
  @OperatorOnly()
  @Screen('監査ログ検証')
  verify() {
    return this.verifier.verify(SYSTEM_CHAIN);
  }
}
