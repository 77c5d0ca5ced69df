import { Body, Controller, Get, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Screen } from '@kanri/access/screen.decorator';
import { Authenticated, ManagerOnly, OperatorOnly, RequirePermission } from '@kanri/access/access-rule';
import type { Actor, Principal } from '@kanri/access/actor';
import { CurrentActor, CurrentPrincipal } from '@kanri/access/current-actor.decorator';
import { Permission } from '@kanri/access/permission';
import { Confirm } from '@kanri/access/confirm.decorator';
import {
  CreateOrganizationDto,
  SecuritySettingsDto,
  SetPlanDto,
  UpdateCompanySettingsDto,
} from './dto/organization.dto';
import type { Page } from '@kanri/common/pagination/page';
import { ListOrganizationsQuery } from './dto/list-organizations.query';
import {
  type OrganizationListItem,
  OrganizationsService,
  type OrganizationView,
} from './organizations.service';

/** Organizations and their settings (SPEC §2). */
@ApiTags('organizations')
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  /**
   * 組織コード発行: creates an organization; the caller becomes its member and first manager with every
   * organization permission (moving out of their current organization, if any, under the manager rules).
   */
  @Post()
  @Authenticated()
  @Screen('組織コード発行')
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreateOrganizationDto,
  ): Promise<OrganizationView> {
    return this.organizations.create(principal, dto);
  }

  /** Every organization, newest first, with member count and plan user limit (system operator's 組織一覧). */
  @Get()
  @OperatorOnly()
  @Screen('組織一覧')
  list(@Query() query: ListOrganizationsQuery): Promise<Page<OrganizationListItem>> {
    return this.organizations.listForOperator(query.page, query.perPage);
  }

  /** The organization with its code and every setting (defaults filled in). Any member. */
  @Get(':orgId')
  @Authenticated()
  @Screen('企業情報')
  get(@CurrentActor() actor: Actor): Promise<OrganizationView> {
    return this.organizations.view(actor.orgId);
  }

  /**
   * 企業情報の変更: name, name kana, approval modes, company daily limits and the security settings. Needs
   * `company.manage` and the confirmation password.
   */
  @Patch(':orgId')
  @RequirePermission(Permission.CompanyManage)
  @Confirm()
  @Screen('企業情報の変更')
  update(@CurrentActor() actor: Actor, @Body() dto: UpdateCompanySettingsDto): Promise<OrganizationView> {
    return this.organizations.updateCompanySettings(actor, dto);
  }

  /**
   * Sign-in protection for the members (lockout, second factor, password policy), for managers: they answer for
   * the members' personal data whether or not they hold `company.manage`. Needs the confirmation password.
   */
  @Patch(':orgId/security-settings')
  @ManagerOnly()
  @Confirm()
  @Screen('セキュリティ設定')
  updateSecurity(@CurrentActor() actor: Actor, @Body() dto: SecuritySettingsDto): Promise<OrganizationView> {
    return this.organizations.updateSecuritySettings(actor, dto);
  }

  /** 契約プランのユーザー登録上限 (system operator). */
  @Put(':orgId/plan')
  @OperatorOnly()
  @Screen('契約プラン設定')
  setPlan(@CurrentActor() actor: Actor, @Body() dto: SetPlanDto): Promise<OrganizationView> {
    return this.organizations.setPlanUserLimit(actor.orgId, dto.planUserLimit);
  }
}
