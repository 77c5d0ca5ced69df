import { Body, Controller, Delete, Get, HttpCode, Param, Put, UseGuards } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Screen } from '@kanri/access/screen.decorator';
import { ManagerOnly } from '@kanri/access/access-rule';
import type { Actor } from '@kanri/access/actor';
import { CurrentActor } from '@kanri/access/current-actor.decorator';
import { ReplaceManagersDto } from './dto/managers.dto';
import { ManagerCapGuard, MemberRemovalGuard } from './manager-policy.guard';
import { ManagersService, type ManagersView } from './managers.service';
import { MembershipService } from './membership.service';

/** 管理責任者の追加削除 and removing members (SPEC §2). Managers of the organization and system operators. */
@ApiTags('organizations')
@Controller('organizations/:orgId')
export class ManagersController {
  constructor(
    private readonly managers: ManagersService,
    private readonly membership: MembershipService,
  ) {}

  /** Members with their manager flag, the member count, the cap and whether the cap is exceeded. */
  @Get('managers')
  @ManagerOnly()
  @Screen('管理責任者修正')
  list(@CurrentActor() actor: Actor): Promise<ManagersView> {
    return this.managers.list(actor.orgId);
  }

  /** Replaces the manager set in one step: 422 MANAGER_CAP_EXCEEDED or MANAGER_REQUIRED as SPEC §2 says. */
  @Put('managers')
  @ManagerOnly()
  @UseGuards(ManagerCapGuard)
  @Screen('管理責任者修正')
  replace(@CurrentActor() actor: Actor, @Body() dto: ReplaceManagersDto): Promise<ManagersView> {
    return this.managers.replace(actor, dto.managerUserIds);
  }

  /**
   * Takes a member out of the organization; the account remains, without organization. Not the last active
   * manager while others remain (422 MANAGER_REQUIRED); the last member only by a system operator.
   */
  @Delete('members/:userId')
  @ManagerOnly()
  @UseGuards(MemberRemovalGuard)
  @Screen('組織メンバー管理')
  @HttpCode(204)
  remove(@CurrentActor() actor: Actor, @Param('userId') userId: string): Promise<void> {
    return this.membership.removeMember(actor, userId);
  }
}
