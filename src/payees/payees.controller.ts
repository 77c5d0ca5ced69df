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
  Query,
  Res,
  UploadedFile,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated } from '@kanri/access/access-rule';
import type { Actor } from '@kanri/access/actor';
import { Confirm } from '@kanri/access/confirm.decorator';
import { ConfirmedDto } from '@kanri/access/confirmed.dto';
import { CurrentActor } from '@kanri/access/current-actor.decorator';
import { Screen } from '@kanri/access/screen.decorator';
import { contentDisposition } from '@kanri/common/csv/csv-response';
import { AppError } from '@kanri/common/errors/app-error';
import type { Page } from '@kanri/common/pagination/page';
import { ConfirmedUpload } from '../auth/confirmation/confirmed-upload';
import {
  CreatePayeeDto,
  ExportPayeesQuery,
  ExportZenginPayeesQuery,
  ImportPayeesForm,
  ImportZenginPayeesQuery,
  ListPayeesQuery,
  UpdatePayeeDto,
} from './dto/payee.dto';
import type { PayeeView } from './payee.view';
import { PayeesService } from './payees.service';

const SCREEN = '振込先管理';
/** 10,000 payees of the CSV layout are well under 2 MB. */
const MAX_UPLOAD_BYTES = 2 * 1024 * 1024;
const UPLOAD_SCHEMA = {
  schema: {
    type: 'object',
    required: ['file', 'confirmationPassword'],
    properties: {
      file: { type: 'string', format: 'binary' },
      confirmationPassword: { type: 'string' },
      otp: { type: 'string', description: 'current TOTP code, when the organization sets confirmWithOtp' },
    },
  },
};

/**
 * The payee register (振込先管理 / 請求先管理, SPEC §14). Which payees a caller may keep depends on their registration
 * (payee-access-policy.ts), so the routes are `@Authenticated()` and the service checks; changes need the
 * confirmation password.
 */
@ApiTags('payees')
@Controller('organizations/:orgId/payees')
export class PayeesController {
  constructor(private readonly payees: PayeesService) {}

  @Get()
  @Authenticated()
  @Screen(SCREEN)
  list(@CurrentActor() actor: Actor, @Query() query: ListPayeesQuery): Promise<Page<PayeeView>> {
    return this.payees.list(actor, query);
  }

  /** CSV (振込先 / 請求先 with the list's filters); UTF-8 with BOM, or `?encoding=sjis`. */
  @Get('export')
  @Authenticated()
  @Screen(SCREEN, 'export')
  @ApiProduces('text/csv')
  async export(@CurrentActor() actor: Actor, @Query() query: ExportPayeesQuery, @Res() res: Response) {
    await this.payees.export(actor, query, res);
  }

  /**
   * 振込先 as a 総合振込-format Zengin file (Shift_JIS, CR LF) whose data records carry amount 0: what banks'
   * services register payees from, and what `import-zengin` reads back into the same payees. The header is the
   * organization's Zengin header (409 ZENGIN_REQUESTER_NOT_SET when it is not set).
   */
  @Get('export-zengin')
  @Authenticated()
  @Screen(SCREEN, 'export')
  @ApiProduces('application/octet-stream')
  async exportZengin(
    @CurrentActor() actor: Actor,
    @Query() query: ExportZenginPayeesQuery,
    @Res() res: Response,
  ) {
    const { fileName, content } = await this.payees.exportZengin(actor, query);
    res.status(200);
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Disposition', contentDisposition(fileName));
    res.setHeader('Cache-Control', 'no-store');
    res.end(content);
  }

  /**
   * CSV import (multipart `file`, the export's layout, UTF-8 or CP932, ≤ 10,000 rows) with the confirmation password.
   * All rows or none: 422 IMPORT_INVALID with `details.rows: [{line, field, message}]`.
   */
  @Post('import')
  @Authenticated()
  @Screen(SCREEN, 'register')
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_SCHEMA)
  @ConfirmedUpload(MAX_UPLOAD_BYTES)
  import(
    @CurrentActor() actor: Actor,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() _form: ImportPayeesForm,
  ): Promise<{ imported: number }> {
    if (!file) throw AppError.validation({ file: ['send the CSV file in the multipart field "file"'] });
    return this.payees.importCsv(actor, file.buffer);
  }

  /**
   * Payees from a 全銀協 standard-format file (multipart `file`, Shift_JIS, 120-byte records, with or without CR LF)
   * with the confirmation password: each data record becomes a 振込先 (amounts, 0 included, are not kept). A
   * `registration` the caller may not keep is 403 before the file is read. All or nothing: 422 IMPORT_INVALID with
   * `details.records: [{record, field, message}]` (the header is record 1).
   */
  @Post('import-zengin')
  @Authenticated()
  @Screen(SCREEN, 'register')
  @HttpCode(HttpStatus.OK)
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_SCHEMA)
  @ConfirmedUpload(MAX_UPLOAD_BYTES)
  importZengin(
    @CurrentActor() actor: Actor,
    @UploadedFile() file: Express.Multer.File | undefined,
    @Body() _form: ImportPayeesForm,
    @Query() query: ImportZenginPayeesQuery,
  ): Promise<{ imported: number }> {
    if (!file) throw AppError.validation({ file: ['send the Zengin file in the multipart field "file"'] });
    return this.payees.importZengin(actor, file.buffer, query.registration ?? 'user_registered');
  }

  @Get(':payeeId')
  @Authenticated()
  @Screen(SCREEN)
  get(@CurrentActor() actor: Actor, @Param('payeeId') id: string): Promise<PayeeView> {
    return this.payees.get(actor, id);
  }

  /** 409 CONFLICT when the account is already in the register (per kind). */
  @Post()
  @Authenticated()
  @Confirm()
  @Screen(SCREEN, 'register')
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePayeeDto): Promise<PayeeView> {
    return this.payees.create(actor, dto);
  }

  @Patch(':payeeId')
  @Authenticated()
  @Confirm()
  @Screen(SCREEN, 'update')
  update(
    @CurrentActor() actor: Actor,
    @Param('payeeId') id: string,
    @Body() dto: UpdatePayeeDto,
  ): Promise<PayeeView> {
    return this.payees.update(actor, id, dto);
  }

  /** Requests already made keep the payee's details as they were. */
  @Delete(':payeeId')
  @Authenticated()
  @Confirm()
  @Screen(SCREEN, 'delete')
  @HttpCode(HttpStatus.NO_CONTENT)
  async remove(
    @CurrentActor() actor: Actor,
    @Param('payeeId') id: string,
    @Body() _dto: ConfirmedDto,
  ): Promise<void> {
    await this.payees.remove(actor, id);
  }
}
