import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Screen } from '@kanri/access/screen.decorator';
import { RequirePermission } from '@kanri/access/access-rule';
import type { Actor } from '@kanri/access/actor';
import { CurrentActor } from '@kanri/access/current-actor.decorator';
import { Permission } from '@kanri/access/permission';
import { Confirm } from '@kanri/access/confirm.decorator';
import { ConfirmedDto } from '@kanri/access/confirmed.dto';
import { type AccountView, AccountsService } from './accounts.service';
import { CreateCompanyAccountDto, UpdateCompanyAccountDto } from './dto/account.dto';

/**
 * Company accounts and their daily limits (口座 / 口座一日当たりの限度額, SPEC §5), part of 企業情報の変更: changes need
 * `company.manage` and the confirmation password.
 */
@ApiTags('approvals')
@Controller('organizations/:orgId/accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @RequirePermission(Permission.CompanyManage)
  @Screen('口座情報')
  list(@CurrentActor() actor: Actor): Promise<{ items: AccountView[] }> {
    return this.accounts.list(actor.orgId);
  }

  @Get(':accountId')
  @RequirePermission(Permission.CompanyManage)
  @Screen('口座情報')
  get(@CurrentActor() actor: Actor, @Param('accountId') accountId: string): Promise<AccountView> {
    return this.accounts.get(actor.orgId, accountId);
  }

  /** Registers an account; 409 CONFLICT when branch, type and number are already registered. */
  @Post()
  @RequirePermission(Permission.CompanyManage)
  @Confirm()
  @Screen('企業情報の変更')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateCompanyAccountDto): Promise<AccountView> {
    return this.accounts.create(actor, dto);
  }

  /** Name and daily limits; a lowered limit applies to new requests and to final approvals from now on. */
  @Patch(':accountId')
  @RequirePermission(Permission.CompanyManage)
  @Confirm()
  @Screen('企業情報の変更')
  update(
    @CurrentActor() actor: Actor,
    @Param('accountId') accountId: string,
    @Body() dto: UpdateCompanyAccountDto,
  ): Promise<AccountView> {
    return this.accounts.update(actor, accountId, dto);
  }

  /** 409 ACCOUNT_IN_USE while pending requests draw on it; users lose it from their usable accounts. */
  @Delete(':accountId')
  @RequirePermission(Permission.CompanyManage)
  @Confirm()
  @HttpCode(HttpStatus.NO_CONTENT)
  @Screen('企業情報の変更')
  // The body carries only the confirmation password, which the guard has checked.
  remove(
    @CurrentActor() actor: Actor,
    @Param('accountId') accountId: string,
    @Body() _dto: ConfirmedDto,
  ): Promise<void> {
    return this.accounts.remove(actor, accountId);
  }
}
