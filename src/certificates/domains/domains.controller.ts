import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@kanri/access/access-rule';
import type { Actor } from '@kanri/access/actor';
import { CurrentActor } from '@kanri/access/current-actor.decorator';
import { Permission } from '@kanri/access/permission';
import { Screen } from '@kanri/access/screen.decorator';
import { RegisterDomainDto } from '../dto/register-domain.dto';
import { DomainsService } from './domains.service';

/** Registered domains for server certificates (利用管理者情報: ドメイン). */
@ApiTags('certificates')
@Controller('organizations/:orgId/domains')
export class DomainsController {
  constructor(private readonly domains: DomainsService) {}

  @Get()
  @RequirePermission(Permission.CertificatesManage)
  @Screen('ドメイン管理')
  async list(@CurrentActor() actor: Actor) {
    return { items: await this.domains.list(actor.orgId) };
  }

  @Post()
  @RequirePermission(Permission.CertificatesManage)
  @Screen('ドメイン管理')
  register(@CurrentActor() actor: Actor, @Body() dto: RegisterDomainDto) {
    return this.domains.register(actor, dto.domain);
  }

  /** Certificates already issued under the domain stay valid; no new ones can name it. */
  @Delete(':domainId')
  @RequirePermission(Permission.CertificatesManage)
  @Screen('ドメイン管理')
  @HttpCode(204)
  remove(@CurrentActor() actor: Actor, @Param('domainId') id: string): Promise<void> {
    return this.domains.remove(actor.orgId, id);
  }
}
