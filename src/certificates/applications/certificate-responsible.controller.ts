import { Body, Controller, Param, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@kanri/access/access-rule';
import type { Actor } from '@kanri/access/actor';
import { CurrentActor } from '@kanri/access/current-actor.decorator';
import { Permission } from '@kanri/access/permission';
import { Screen } from '@kanri/access/screen.decorator';
import { CertificatesService } from '../certificates.service';
import { MoveResponsibleDto } from './dto/application.dto';

/** 利用管理者情報更新 (manual 002): the registration officer moves a certificate's responsible person. */
@ApiTags('certificates')
@Controller('organizations/:orgId/certificates/:certificateId/responsible-user')
export class CertificateResponsibleController {
  constructor(private readonly certificates: CertificatesService) {}

  /** Another member answers for the server or code-signing certificate (expiry notices go to them). */
  @Put()
  @RequirePermission(Permission.CertificatesManage)
  @Screen('利用管理者情報更新')
  move(@CurrentActor() actor: Actor, @Param('certificateId') id: string, @Body() dto: MoveResponsibleDto) {
    return this.certificates.moveResponsible(actor, id, dto.userId);
  }
}
