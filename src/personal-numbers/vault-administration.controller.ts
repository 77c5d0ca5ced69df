import { Body, Controller, Get, HttpCode, Post, Query, Res, UploadedFile, UseGuards } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated, ManagerOnly, RequirePermission } from '@kanri/access/access-rule';
import type { Actor } from '@kanri/access/actor';
import { CurrentActor } from '@kanri/access/current-actor.decorator';
import { Permission } from '@kanri/access/permission';
import { Confirm } from '@kanri/access/confirm.decorator';
import { ConfirmedUpload } from '../auth/confirmation/confirmed-upload';
import { ConfirmedDto } from '@kanri/access/confirmed.dto';
import { Screen } from '@kanri/access/screen.decorator';
import { VaultInputGuard } from './leak-guard/vault-input.guard';
import { type Caller, VaultCaller } from './caller';
import { HandlingLogQuery } from './dto/handling-log.query';
import { InputStatusQuery } from './dto/list.query';
import { ExportRecordsDto, PurgeRecordsDto } from './dto/vault-actions.dto';
import { OrganizationPurgeService } from './erasure/organization-purge.service';
import { PersonalNumberExportService } from './files/personal-number-export.service';
import { PersonalNumberImportService, type UploadedCsv } from './files/personal-number-import.service';
import { HandlingLog } from './handling-log.service';
import { InputStatusService } from './input-status.service';

const IMPORT_SCREEN = 'マイナンバー取込';
/** 10,000 rows of the import layout are about 1 MB; anything much larger is refused before it is read. */
const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/**
 * The vault as a whole: 入力状況確認, CSV export and import, the organization-wide purge, and the handling log.
 * Registered before PersonalNumbersController so that `input-status` and `handling-log` are not taken for record ids.
 */
@ApiTags('personal-numbers')
@Controller('organizations/:orgId/personal-numbers')
@UseGuards(VaultInputGuard)
export class VaultAdministrationController {
  constructor(
    private readonly inputStatus: InputStatusService,
    private readonly exporter: PersonalNumberExportService,
    private readonly importer: PersonalNumberImportService,
    private readonly purger: OrganizationPurgeService,
    private readonly handlingLog: HandlingLog,
  ) {}

  /** 入力状況確認: per employee, which records are collected, missing (未提出) or refused (提出拒否). */
  @Get('input-status')
  @Authenticated()
  @Screen('マイナンバー入力状況確認')
  status(@CurrentActor() actor: Actor, @Query() query: InputStatusQuery) {
    return this.inputStatus.report(actor, query);
  }

  /**
   * マイナンバーエクスポート: the records as CSV with their numbers (持出し), `personal_numbers_YYYYMMDDHHmmss.csv`.
   * POST because it carries the confirmation password.
   */
  @Post('export')
  @RequirePermission(Permission.PersonalNumbersExport)
  @Confirm()
  @Screen('マイナンバーエクスポート', 'export')
  @HttpCode(200)
  @ApiProduces('text/csv')
  async export(
    @VaultCaller() caller: Caller,
    @Body() dto: ExportRecordsDto,
    @Res() res: Response,
  ): Promise<void> {
    await this.exporter.send(caller, dto, res);
  }

  /**
   * 社員情報・家族情報の取込: multipart `file` (CSV, UTF-8 or CP932, ≤ 10,000 rows) and `confirmationPassword`.
   * All rows or none: 422 IMPORT_INVALID with `details.rows` lists every problem.
   */
  @Post('import')
  @RequirePermission(Permission.PersonalNumbersWrite)
  @Screen(IMPORT_SCREEN)
  @HttpCode(200)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'confirmationPassword'],
      properties: { file: { type: 'string', format: 'binary' }, confirmationPassword: { type: 'string' } },
    },
  })
  @ConfirmedUpload(MAX_UPLOAD_BYTES)
  import(
    @VaultCaller() caller: Caller,
    @UploadedFile() file: UploadedCsv | undefined,
    @Body() _body: ConfirmedDto,
  ) {
    return this.importer.import(caller, file);
  }

  /** マイナンバー情報の全削除: every record of the organization, irreversibly. Manager only, with confirmation. */
  @Post('purge')
  @ManagerOnly()
  @Confirm()
  @Screen('マイナンバー全削除', 'delete')
  @HttpCode(200)
  purge(@VaultCaller() caller: Caller, @Body() _dto: PurgeRecordsDto) {
    return this.purger.purge(caller);
  }

  /** 取扱記録: reveals, exports, imports and deletions — who, when, whose or how many; never a number. */
  @Get('handling-log')
  @RequirePermission(Permission.AuditRead)
  @Screen('マイナンバー取扱記録')
  log(@CurrentActor() actor: Actor, @Query() query: HandlingLogQuery) {
    return this.handlingLog.list(actor.orgId, query);
  }
}
