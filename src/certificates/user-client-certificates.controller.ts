import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@kanri/access/access-rule';
import type { Actor } from '@kanri/access/actor';
import { CurrentActor } from '@kanri/access/current-actor.decorator';
import { Permission } from '@kanri/access/permission';
import { Confirm } from '@kanri/access/confirm.decorator';
import { Screen } from '@kanri/access/screen.decorator';
import { CertificatesService } from './certificates.service';
import { RevokeUserClientCertificatesDto } from './dto/revoke-certificate.dto';

/**
 * 電子証明書失効 (manual 001, 利用者管理 → 証明書失効): an administrator looks at a member's client certificates
 * and revokes them with the confirmation password. Needs `certificates.manage` in the organization.
 */
@ApiTags('certificates')
@Controller('organizations/:orgId/users/:userId/client-certificates')
export class UserClientCertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  /** 証明書状態 and 証明書有効期限 of each of the member's client certificates. */
  @Get()
  @RequirePermission(Permission.CertificatesManage)
  @Screen('電子証明書失効')
  async list(@CurrentActor() actor: Actor, @Param('userId') userId: string) {
    return { items: await this.certificates.clientCertificatesOf(actor.orgId, userId) };
  }

  @Post('revoke')
  @RequirePermission(Permission.CertificatesManage)
  @Confirm()
  @Screen('電子証明書失効', 'update')
  @HttpCode(200)
  revoke(
    @CurrentActor() actor: Actor,
    @Param('userId') userId: string,
    @Body() dto: RevokeUserClientCertificatesDto,
  ) {
    return this.certificates.revokeClientCertificatesOf(actor.orgId, userId, dto.reason ?? 'unspecified');
  }
}
