import { Body, Controller, Param, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '@kanri/access/access-rule';
import { Screen } from '@kanri/access/screen.decorator';
import { presentedCertificate } from '../sign-in/presented-certificate';
import { EnrolDto, OfficerRenewalDto } from './dto/officer.dto';
import { OfficersService } from './officers.service';

/**
 * What a registration officer calls without an account session: the enrolment link (authenticated by the link
 * token and the access PIN) and renewal (authenticated by the current certificate over TLS).
 */
@ApiTags('certificates')
@Controller()
export class EnrolmentController {
  constructor(private readonly officers: OfficersService) {}

  /** 登録担当者用証明書取得: the access PIN and a CSR; answers the certificate and the CA chain. */
  @Post('enrolment/:token')
  @Public()
  @Screen('登録担当者用証明書取得')
  enrol(@Param('token') token: string, @Body() dto: EnrolDto) {
    return this.officers.enrol(token, dto);
  }

  /** 有効期限切れ間近の証明書更新: over HTTPS with the current officer certificate as the TLS client certificate. */
  @Post('officer-renewal')
  @Public()
  @Screen('登録担当者用証明書更新')
  renew(@Req() req: Request, @Body() dto: OfficerRenewalDto) {
    return this.officers.renewWithCurrentCertificate(presentedCertificate(req), dto);
  }
}
