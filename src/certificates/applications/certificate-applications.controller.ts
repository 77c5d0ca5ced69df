import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Authenticated, RequirePermission } from '@kanri/access/access-rule';
import type { Actor } from '@kanri/access/actor';
import { CurrentActor } from '@kanri/access/current-actor.decorator';
import { Permission } from '@kanri/access/permission';
import { Screen } from '@kanri/access/screen.decorator';
import { CertificateApplicationsService } from './certificate-applications.service';
import {
  BulkApplicationsDto,
  CollectPkcs12Dto,
  ListApplicationsQuery,
  RejectApplicationDto,
  SubmitApplicationDto,
  SubmitRenewalApplicationDto,
} from './dto/application.dto';

/**
 * 証明書申請 (SPEC §15): applicants (`certificates.request` or `.manage`) submit and follow their applications;
 * the registration officer (`certificates.manage`) sees the organization's queue and approves or rejects.
 * Routes open to either permission are `@Authenticated()`; certificate-policy.ts decides (see there why).
 */
@ApiTags('certificate-applications')
@Controller('organizations/:orgId/certificate-applications')
export class CertificateApplicationsController {
  constructor(private readonly applications: CertificateApplicationsService) {}

  /** One application: a CSR, or `keyAlgorithm` for a key Kanri generates when the certificate is collected. */
  @Post()
  @Authenticated()
  @Screen('証明書申請')
  submit(@CurrentActor() actor: Actor, @Body() dto: SubmitApplicationDto) {
    return this.applications.submit(actor, dto);
  }

  /** 更新申請: the same subject and names as the certificate, with a new CSR's key or the same key. */
  @Post('renewals')
  @Authenticated()
  @Screen('証明書更新申請')
  submitRenewal(@CurrentActor() actor: Actor, @Body() dto: SubmitRenewalApplicationDto) {
    return this.applications.submitRenewal(actor, dto);
  }

  /** 一括申請: a TSV in the format of 証明書情報一括ダウンロード; all lines or none (422 names the bad lines). */
  @Post('bulk')
  @Authenticated()
  @Screen('証明書一括申請')
  submitBulk(@CurrentActor() actor: Actor, @Body() dto: BulkApplicationsDto) {
    return this.applications.submitBulk(actor, dto.tsv);
  }

  /** The officer's queue (`?status=pending`), or the applicant's own applications. */
  @Get()
  @Authenticated()
  @Screen('証明書申請一覧')
  list(@CurrentActor() actor: Actor, @Query() query: ListApplicationsQuery) {
    return this.applications.list(actor, query);
  }

  @Get(':applicationId')
  @Authenticated()
  @Screen('証明書申請一覧')
  get(@CurrentActor() actor: Actor, @Param('applicationId') id: string) {
    return this.applications.get(actor, id);
  }

  /** 承認: issues the certificate (or, for a key Kanri generates, lets the applicant collect it); mails them. */
  @Post(':applicationId/approve')
  @RequirePermission(Permission.CertificatesManage)
  @Screen('証明書申請承認', 'update')
  @HttpCode(200)
  approve(@CurrentActor() actor: Actor, @Param('applicationId') id: string) {
    return this.applications.approve(actor, id);
  }

  /** 却下: with the reason the applicant is mailed. */
  @Post(':applicationId/reject')
  @RequirePermission(Permission.CertificatesManage)
  @Screen('証明書申請却下', 'update')
  @HttpCode(200)
  reject(
    @CurrentActor() actor: Actor,
    @Param('applicationId') id: string,
    @Body() dto: RejectApplicationDto,
  ) {
    return this.applications.reject(actor, id, dto.reason);
  }

  /**
   * 証明書受け取り: the applicant of an approved application without a CSR receives the new key and certificate
   * (with the chain) once, as a PKCS#12 file protected by `password`. The private key is not kept.
   */
  @Post(':applicationId/pkcs12')
  @Authenticated()
  @Screen('証明書受け取り', 'export')
  @HttpCode(200)
  @ApiProduces('application/x-pkcs12')
  async collect(
    @CurrentActor() actor: Actor,
    @Param('applicationId') id: string,
    @Body() dto: CollectPkcs12Dto,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.applications.collectPkcs12(actor, id, dto.password);
    res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.type('application/x-pkcs12').send(file.body);
  }
}
