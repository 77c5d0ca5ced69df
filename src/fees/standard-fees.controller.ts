import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Screen } from '@kanri/access/screen.decorator';
import { Authenticated, OperatorOnly } from '@kanri/access/access-rule';
import type { Principal } from '@kanri/access/actor';
import { CurrentPrincipal } from '@kanri/access/current-actor.decorator';
import { FeeDateQuery } from './dto/organization-fee-table.dto';
import { CreateStandardFeeDto } from './dto/standard-fee.dto';
import { StandardFeesService, type StandardFeeVersionView } from './standard-fees.service';

/** The standard fee table (基準手数料, SPEC §6), maintained by the system operator. */
@ApiTags('fees')
@Controller('fees/standard')
export class StandardFeesController {
  constructor(private readonly standard: StandardFeesService) {}

  /** A new version, effective from a business date (today or later); it reaches organizations on that date. */
  @Post()
  @OperatorOnly()
  @Screen('基準手数料の登録')
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreateStandardFeeDto,
  ): Promise<StandardFeeVersionView> {
    return this.standard.create(principal.userId, dto.effectiveFrom, dto.rows);
  }

  /** Every version with its state today (scheduled / current / superseded). */
  @Get()
  @OperatorOnly()
  @Screen('基準手数料')
  list(): Promise<{ items: StandardFeeVersionView[] }> {
    return this.standard.list();
  }

  /** The version in effect on `date` (default today): the bank's published fees, readable by any signed-in user. */
  @Get('current')
  @Authenticated()
  @Screen('基準手数料')
  current(@Query() query: FeeDateQuery): Promise<StandardFeeVersionView> {
    return this.standard.viewInEffect(query.date);
  }

  /** Withdraws a version that has not taken effect yet (409 STANDARD_FEE_ALREADY_EFFECTIVE otherwise). */
  @Delete(':id')
  @OperatorOnly()
  @HttpCode(HttpStatus.NO_CONTENT)
  @Screen('基準手数料の削除')
  remove(@Param('id') id: string): Promise<void> {
    return this.standard.remove(id);
  }
}
