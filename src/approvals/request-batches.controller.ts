import { Body, Controller, Get, Param, Post, Query, Res, UploadedFile } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { contentDisposition } from '@kanri/common/csv/csv-response';
import { AppError } from '@kanri/common/errors/app-error';
import { PageQuery } from '@kanri/common/pagination/page.query';
import { Authenticated } from '@kanri/access/access-rule';
import type { Actor } from '@kanri/access/actor';
import { CurrentActor } from '@kanri/access/current-actor.decorator';
import { Screen } from '@kanri/access/screen.decorator';
import { ConfirmedUpload } from '../auth/confirmation/confirmed-upload';
import { CreateBatchDto, ImportBatchForm } from './dto/batch.dto';
import { type LinePage, RequestBatchesService } from './request-batches.service';
import type { RequestView } from './request.view';

/** 9,999 records of 122 bytes fit in 1.3 MB; a little room for a file with stray bytes to be refused by name. */
const MAX_ZENGIN_BYTES = 2 * 1024 * 1024;

/**
 * Batch requests (総合振込, 給与・賞与振込, SPEC §14). A batch is a request: approval, rejection and withdrawal use
 * the request routes. As there, the business decides the permission, so the service checks it.
 */
@ApiTags('approvals')
@Controller('organizations/:orgId/requests')
export class RequestBatchesController {
  constructor(private readonly batches: RequestBatchesService) {}

  /** A batch keyed in on screen: up to 9,999 lines; its amount is their sum, each line priced on its own. */
  @Post('batches')
  @Authenticated()
  @Screen('依頼')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateBatchDto): Promise<RequestView> {
    return this.batches.createFromLines(actor, dto);
  }

  /**
   * A batch from a Zengin file (multipart `file`, `confirmationPassword`, `approverIds`, `feeBearer`): every record
   * is checked first; any bad record refuses the file (422 ZENGIN_FILE_INVALID, `details.records`).
   */
  @Post('import')
  @Authenticated()
  @Screen('依頼')
  @ConfirmedUpload(MAX_ZENGIN_BYTES)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'confirmationPassword'],
      properties: {
        file: { type: 'string', format: 'binary' },
        confirmationPassword: { type: 'string' },
        approverIds: { type: 'string', description: 'approver ids in order, comma-separated' },
        feeBearer: { type: 'string', enum: ['payer', 'payee'] },
      },
    },
  })
  import(
    @CurrentActor() actor: Actor,
    @Body() form: ImportBatchForm,
    @UploadedFile() file: Express.Multer.File | undefined,
  ): Promise<RequestView> {
    if (!file) throw AppError.validation({ file: ['send the Zengin file in the multipart field "file"'] });
    return this.batches.importZengin(actor, file.buffer, form);
  }

  /** The batch's lines in order, with each line's fee. */
  @Get(':requestId/lines')
  @Authenticated()
  @Screen('取引照会')
  lines(
    @CurrentActor() actor: Actor,
    @Param('requestId') id: string,
    @Query() query: PageQuery,
  ): Promise<LinePage> {
    return this.batches.linePage(actor, id, query.page, query.perPage);
  }

  /** 明細出力: every line as CSV. */
  @Get(':requestId/lines/export')
  @Authenticated()
  @Screen('取引照会', 'export')
  @ApiProduces('text/csv')
  async exportLines(@CurrentActor() actor: Actor, @Param('requestId') id: string, @Res() res: Response) {
    await this.batches.exportLines(actor, id, res);
  }

  /** The approved batch as a Zengin file (Shift_JIS); a batch read from a file writes back the same bytes. */
  @Get(':requestId/zengin')
  @Authenticated()
  @Screen('取引照会', 'export')
  @ApiProduces('application/octet-stream')
  async zengin(@CurrentActor() actor: Actor, @Param('requestId') id: string, @Res() res: Response) {
    const { fileName, content } = await this.batches.zenginFile(actor, id);
    res.status(200);
    res.setHeader('Content-Type', 'application/octet-stream');
    res.setHeader('Content-Disposition', contentDisposition(fileName));
    res.setHeader('Cache-Control', 'no-store');
    res.end(content);
  }
}
