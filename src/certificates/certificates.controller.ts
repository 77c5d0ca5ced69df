import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AppConfig } from '@kanri/common/config/app-config';
import { Clock } from '@kanri/common/clock/clock';
import { ZonedDateTimeFormat } from '@kanri/common/csv/csv-datetime';
import { sendCsv } from '@kanri/common/csv/csv-response';
import { Authenticated, RequirePermission } from '@kanri/access/access-rule';
import type { Actor } from '@kanri/access/actor';
import { CurrentActor } from '@kanri/access/current-actor.decorator';
import { Permission } from '@kanri/access/permission';
import { Screen } from '@kanri/access/screen.decorator';
import { CERTIFICATE_EXPORT_HEADER, certificateExportRows, sendTsv } from './certificate-export';
import { CertificatesService } from './certificates.service';
import { IssueCertificateDto, RenewCertificateDto } from './dto/issue-certificate.dto';
import {
  DownloadCertificateQuery,
  ExportCertificatesQuery,
  ListCertificatesQuery,
} from './dto/list-certificates.query';
import { RevokeCertificateDto } from './dto/revoke-certificate.dto';

/**
 * An organization's certificates (SPEC §7). Routes open to `certificates.manage` or `certificates.request` are
 * `@Authenticated()`; certificate-policy.ts decides within the organization (see there why).
 */
@ApiTags('certificates')
@Controller('organizations/:orgId/certificates')
export class CertificatesController {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly clock: Clock,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /**
   * Issues a server, client, code-signing or S/MIME certificate from a PKCS#10 CSR, at once: the registration
   * officer's route (`certificates.manage`); members with `certificates.request` apply instead.
   */
  @Post()
  @RequirePermission(Permission.CertificatesManage)
  @Screen('証明書発行')
  issue(@CurrentActor() actor: Actor, @Body() dto: IssueCertificateDto) {
    return this.certificates.issue(actor, dto);
  }

  @Get()
  @Authenticated()
  @Screen('証明書一覧')
  list(@CurrentActor() actor: Actor, @Query() query: ListCertificatesQuery) {
    return this.certificates.list(actor, query);
  }

  /** 証明書情報一括ダウンロード: the filtered list as TSV (default) or CSV, streamed. */
  @Get('export')
  @RequirePermission(Permission.CertificatesManage)
  @Screen('証明書情報一括ダウンロード', 'export')
  @ApiProduces('text/tab-separated-values', 'text/csv')
  async export(
    @CurrentActor() actor: Actor,
    @Query() query: ExportCertificatesQuery,
    @Res() res: Response,
  ): Promise<void> {
    const format = query.format ?? 'tsv';
    const time = new ZonedDateTimeFormat(this.config.timeZone);
    const doc = {
      header: CERTIFICATE_EXPORT_HEADER,
      rows: certificateExportRows(this.certificates.exportChunks(actor, query), time),
      encoding: query.encoding ?? 'utf8',
    };
    const fileName = `certificates_${time.compact(this.clock.now())}.${format}`;
    await (format === 'csv' ? sendCsv(res, fileName, doc) : sendTsv(res, fileName, doc));
  }

  /** 発行証明書統計照会: counts per registered domain, type and status. */
  @Get('stats')
  @RequirePermission(Permission.CertificatesManage)
  @Screen('発行証明書統計照会')
  stats(@CurrentActor() actor: Actor) {
    return this.certificates.stats(actor.orgId);
  }

  @Get(':certificateId')
  @Authenticated()
  @Screen('証明書一覧')
  get(@CurrentActor() actor: Actor, @Param('certificateId') id: string) {
    return this.certificates.get(actor, id);
  }

  /** The certificate as PEM (`?chain=true` adds the issuing CA) or DER. */
  @Get(':certificateId/download')
  @Authenticated()
  @Screen('証明書ダウンロード', 'export')
  @ApiProduces('application/x-pem-file', 'application/pkix-cert')
  async download(
    @CurrentActor() actor: Actor,
    @Param('certificateId') id: string,
    @Query() query: DownloadCertificateQuery,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.certificates.download(actor, id, query.format ?? 'pem', query.chain === 'true');
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    res.type(file.contentType).send(file.body);
  }

  /**
   * A new certificate for the same subject and names; send a CSR for a new key, or none to keep the key. At once,
   * so `certificates.manage` only; members with `certificates.request` submit a renewal application.
   */
  @Post(':certificateId/renew')
  @RequirePermission(Permission.CertificatesManage)
  @Screen('証明書更新')
  renew(@CurrentActor() actor: Actor, @Param('certificateId') id: string, @Body() dto: RenewCertificateDto) {
    return this.certificates.renew(actor, id, dto);
  }

  /** Revokes with an RFC 5280 reason; the CRL is re-signed in the same transaction. */
  @Post(':certificateId/revoke')
  @Authenticated()
  @Screen('証明書失効', 'update')
  @HttpCode(200)
  revoke(
    @CurrentActor() actor: Actor,
    @Param('certificateId') id: string,
    @Body() dto: RevokeCertificateDto,
  ) {
    return this.certificates.revoke(actor, id, dto.reason);
  }
}
