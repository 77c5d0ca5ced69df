import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Screen } from '@kanri/access/screen.decorator';
import { Authenticated, RequirePermission } from '@kanri/access/access-rule';
import type { Actor } from '@kanri/access/actor';
import { CurrentActor } from '@kanri/access/current-actor.decorator';
import { Permission } from '@kanri/access/permission';
import { Confirm } from '@kanri/access/confirm.decorator';
import { PutTransactionLimitsDto, PutUsableAccountsDto } from './dto/requester-settings.dto';
import {
  RequesterSettingsService,
  type TransactionLimitsView,
  type UsableAccountsView,
} from './requester-settings.service';

/**
 * A user's usable accounts and per-transaction limits (利用者登録[口座]: 利用可能口座・限度額, SPEC §4/§5). Kept by the
 * approvals module beside the user record; rules in requester-settings.service.ts.
 */
@ApiTags('approvals')
@Controller('organizations/:orgId/users/:userId')
export class RequesterSettingsController {
  constructor(private readonly settings: RequesterSettingsService) {}

  /** The member's own, or a managed member's (users.manage). */
  @Get('transaction-limits')
  @Authenticated()
  @Screen('利用者情報の管理')
  limits(@CurrentActor() actor: Actor, @Param('userId') userId: string): Promise<TransactionLimitsView> {
    return this.settings.viewLimits(actor, userId);
  }

  /** Replaces 利用者一回当たり限度額 per business (absent or null = none). */
  @Put('transaction-limits')
  @RequirePermission(Permission.UsersManage)
  @Confirm()
  @Screen('利用者情報の管理')
  replaceLimits(
    @CurrentActor() actor: Actor,
    @Param('userId') userId: string,
    @Body() dto: PutTransactionLimitsDto,
  ): Promise<TransactionLimitsView> {
    return this.settings.replaceLimits(actor, userId, dto.limits);
  }

  /** The member's own, or a managed member's (users.manage). */
  @Get('usable-accounts')
  @Authenticated()
  @Screen('利用者情報の管理')
  usableAccounts(@CurrentActor() actor: Actor, @Param('userId') userId: string): Promise<UsableAccountsView> {
    return this.settings.viewUsableAccounts(actor, userId);
  }

  /** Replaces 利用可能口座. */
  @Put('usable-accounts')
  @RequirePermission(Permission.UsersManage)
  @Confirm()
  @Screen('利用者情報の管理')
  replaceUsableAccounts(
    @CurrentActor() actor: Actor,
    @Param('userId') userId: string,
    @Body() dto: PutUsableAccountsDto,
  ): Promise<UsableAccountsView> {
    return this.settings.replaceUsableAccounts(actor, userId, dto.accountIds);
  }
}
