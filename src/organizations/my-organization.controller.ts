import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Screen } from '@kanri/access/screen.decorator';
import { Authenticated } from '@kanri/access/access-rule';
import type { Principal } from '@kanri/access/actor';
import { CurrentPrincipal } from '@kanri/access/current-actor.decorator';
import { JoinOrganizationDto } from './dto/organization.dto';
import { MembershipService, type MyOrganizationView } from './membership.service';
import { OrganizationsService } from './organizations.service';

/** The signed-in user's own organization (アカウント情報更新 › 組織コード). */
@ApiTags('organizations')
@Controller('me/organization')
export class MyOrganizationController {
  constructor(
    private readonly membership: MembershipService,
    private readonly organizations: OrganizationsService,
  ) {}

  /** The organization the caller belongs to (null when none) and whether they manage it. */
  @Get()
  @Authenticated()
  @Screen('アカウント情報更新')
  async get(@CurrentPrincipal() principal: Principal): Promise<MyOrganizationView | { organization: null }> {
    const organization = principal.organizationId
      ? await this.organizations.summary(principal.organizationId)
      : null;
    return organization ? { organization, isManager: principal.isManager } : { organization: null };
  }

  /**
   * 一般ユーザーと組織コードの紐づけ: joins the organization of the code, or moves there (the manager flag is
   * cleared). Unknown code: 404 ORGANIZATION_CODE_NOT_FOUND; beyond the plan's user limit: 422
   * USER_LIMIT_REACHED; the last manager of an organization with other members: 422 MANAGER_REQUIRED.
   */
  @Put()
  @Authenticated()
  @Screen('アカウント情報更新')
  join(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: JoinOrganizationDto,
  ): Promise<MyOrganizationView> {
    return this.membership.joinByCode(principal, dto.code);
  }
}
