import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AppError } from '@kanri/common/errors/app-error';
import { Screen } from '@kanri/access/screen.decorator';
import { Authenticated, RequirePermission } from '@kanri/access/access-rule';
import type { Actor } from '@kanri/access/actor';
import { CurrentActor } from '@kanri/access/current-actor.decorator';
import { Permission } from '@kanri/access/permission';
import { FeeQuoteDto } from './dto/fee-quote.dto';
import { FeeDateQuery, PutOrganizationFeeTableDto } from './dto/organization-fee-table.dto';
import type { FeeQuote } from './fee-calculator';
import { FeeQuoteService } from './fee-quote.service';
import { type FeeTableVersionView, FeeTablesService, type ResolvedFeeTable } from './fee-tables.service';
import { FEE_TABLE_KINDS, type FeeTableKind } from './fee-types';

/**
 * An organization's fee tables (手数料情報の変更, SPEC §6) — `payee-borne-transfer` (先方負担手数料[振込振替]),
 * `payee-borne-bulk` (先方負担手数料[総合振込]), `payer-borne-bulk` (当方負担手数料[総合振込]) — and the quote.
 */
@ApiTags('fees')
@Controller('organizations/:orgId/fees')
export class OrganizationFeesController {
  constructor(
    private readonly tables: FeeTablesService,
    private readonly quotes: FeeQuoteService,
  ) {}

  /**
   * What a transfer of `amount` costs: `{deductedFee, transferAmount, actualFee, difference}` (definitions in
   * fee-calculator.ts). Any member may ask; requests store the same figures.
   */
  @Post('quote')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @Screen('手数料試算', 'search')
  quote(@CurrentActor() actor: Actor, @Body() dto: FeeQuoteDto): Promise<FeeQuote> {
    return this.quotes.quote(actor.orgId, dto);
  }

  /** The table as it applies on `date` (default today), with the rows of the standard when it follows it. */
  @Get(':kind')
  @RequirePermission(Permission.FeesManage)
  @Screen('手数料情報')
  get(
    @CurrentActor() actor: Actor,
    @Param('kind') kind: string,
    @Query() query: FeeDateQuery,
  ): Promise<ResolvedFeeTable> {
    return this.tables.resolve(actor.orgId, feeTableKind(kind), query.date);
  }

  /** Every version of the table (who, when, effective from), newest first. */
  @Get(':kind/versions')
  @RequirePermission(Permission.FeesManage)
  @Screen('手数料情報')
  versions(
    @CurrentActor() actor: Actor,
    @Param('kind') kind: string,
  ): Promise<{ items: FeeTableVersionView[] }> {
    return this.tables.versions(actor.orgId, feeTableKind(kind));
  }

  /** A new version: follow the standard (使用する) or own rows, with method and minimum where the table has them. */
  @Put(':kind')
  @RequirePermission(Permission.FeesManage)
  @Screen('手数料情報の変更')
  put(
    @CurrentActor() actor: Actor,
    @Param('kind') kind: string,
    @Body() dto: PutOrganizationFeeTableDto,
  ): Promise<ResolvedFeeTable> {
    return this.tables.put(actor, feeTableKind(kind), dto);
  }

  /** 手数料を読み込む: today's standard rows become the table's own rows from today. */
  @Post(':kind/load-standard')
  @RequirePermission(Permission.FeesManage)
  @HttpCode(HttpStatus.OK)
  @Screen('手数料情報の変更')
  loadStandard(@CurrentActor() actor: Actor, @Param('kind') kind: string): Promise<ResolvedFeeTable> {
    return this.tables.loadStandard(actor, feeTableKind(kind));
  }
}

function feeTableKind(kind: string): FeeTableKind {
  if (!(FEE_TABLE_KINDS as readonly string[]).includes(kind)) throw AppError.notFound('Fee table');
  return kind as FeeTableKind;
}
