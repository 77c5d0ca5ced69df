import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Res,
  UploadedFile,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated, RequirePermission } from '@kanri/access/access-rule';
import type { Actor } from '@kanri/access/actor';
import { CurrentActor } from '@kanri/access/current-actor.decorator';
import { Permission } from '@kanri/access/permission';
import { Screen } from '@kanri/access/screen.decorator';
import { type Caller, VaultCaller } from '../caller';
import { VaultInputGuard } from '../leak-guard/vault-input.guard';
import { DOCUMENT_MEDIA_TYPES, EXTENSIONS } from './document-content';
import { DOCUMENT_KINDS } from './document-kind';
import { DocumentUpload } from './document-upload.interceptor';
import { IdDocumentDto, IdDocumentListDto, UploadDocumentDto } from './dto/id-document.dto';
import { IdDocumentsService } from './id-documents.service';

const binary = { schema: { type: 'string', format: 'binary' } };

/**
 * ID documents of a record (SPEC §15, manual 証憑画像: 番号確認書類・身元確認書類): upload (JPEG, PNG or PDF up to
 * 10 MB, judged by content), list (no bytes), view (as revealing the number: personal_numbers.read, handling log),
 * delete. The reach rules of the record apply to every route: outside it the record is 404.
 */
@ApiTags('personal-numbers')
@Controller('organizations/:orgId/personal-numbers/:id/documents')
@UseGuards(VaultInputGuard)
export class IdDocumentsController {
  constructor(private readonly documents: IdDocumentsService) {}

  /** Stores one document sealed (multipart `file` and `kind`); the handling log records it. */
  @Post()
  @RequirePermission(Permission.PersonalNumbersWrite)
  @Screen('マイナンバー証憑画像登録')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file', 'kind'],
      properties: {
        file: {
          type: 'string',
          format: 'binary',
          description: 'JPEG, PNG or PDF, at most 10 MB (10,485,760 bytes)',
        },
        kind: { type: 'string', enum: [...DOCUMENT_KINDS] },
      },
    },
  })
  @ApiCreatedResponse({ type: IdDocumentDto })
  @DocumentUpload()
  upload(
    @VaultCaller() caller: Caller,
    @Param('id') id: string,
    @UploadedFile() file: { buffer: Buffer } | undefined,
    @Body() dto: UploadDocumentDto,
  ) {
    return this.documents.upload(caller, id, dto.kind, file?.buffer);
  }

  /** The record's documents, oldest first, without their content. */
  @Get()
  @Authenticated()
  @Screen('マイナンバー証憑画像照会')
  @ApiOkResponse({ type: IdDocumentListDto })
  list(@CurrentActor() actor: Actor, @Param('id') id: string) {
    return this.documents.list(actor, id);
  }

  /** The document's bytes with their detected type. Every view is written to the handling log first. */
  @Get(':documentId')
  @RequirePermission(Permission.PersonalNumbersRead)
  @Screen('マイナンバー証憑画像照会', 'search')
  @ApiProduces(...DOCUMENT_MEDIA_TYPES)
  @ApiOkResponse({
    description: 'The file as uploaded',
    content: Object.fromEntries(DOCUMENT_MEDIA_TYPES.map((m) => [m, binary])),
  })
  async view(
    @VaultCaller() caller: Caller,
    @Param('id') id: string,
    @Param('documentId') documentId: string,
    @Res() res: Response,
  ): Promise<void> {
    const { document, bytes } = await this.documents.open(caller, id, documentId);
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${document.kind}-${document.id}.${EXTENSIONS[document.contentType]}"`,
    );
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.type(document.contentType).send(bytes);
  }

  @Delete(':documentId')
  @RequirePermission(Permission.PersonalNumbersWrite)
  @Screen('マイナンバー証憑画像削除')
  @HttpCode(204)
  async remove(
    @VaultCaller() caller: Caller,
    @Param('id') id: string,
    @Param('documentId') documentId: string,
  ): Promise<void> {
    await this.documents.remove(caller, id, documentId);
  }
}
