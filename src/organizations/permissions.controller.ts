import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Screen } from '@kanri/access/screen.decorator';
import { RequirePermission } from '@kanri/access/access-rule';
import type { Actor } from '@kanri/access/actor';
import { CurrentActor } from '@kanri/access/current-actor.decorator';
import { Permission } from '@kanri/access/permission';
import { Confirm } from '@kanri/access/confirm.decorator';
import { ReplacePermissionsDto } from './dto/permissions.dto';
import { PermissionGrantsService, type PermissionGrantsView } from './permission-grants.service';

/** A member's permission grants in this organization (SPEC §1). Rules: permission-grants.service.ts. */
@ApiTags('organizations')
@Controller('organizations/:orgId/users/:userId/permissions')
export class PermissionsController {
  constructor(private readonly grants: PermissionGrantsService) {}

  /** The member's grants and, for a manager, the implicit rights. */
  @Get()
  @RequirePermission(Permission.UsersManage)
  @Screen('権限設定')
  get(@CurrentActor() actor: Actor, @Param('userId') userId: string): Promise<PermissionGrantsView> {
    return this.grants.view(actor, userId);
  }

  /** Replaces the member's grants; effective from their next request. Needs the confirmation password. */
  @Put()
  @RequirePermission(Permission.UsersManage)
  @Confirm()
  @Screen('権限設定')
  replace(
    @CurrentActor() actor: Actor,
    @Param('userId') userId: string,
    @Body() dto: ReplacePermissionsDto,
  ): Promise<PermissionGrantsView> {
    return this.grants.replace(actor, userId, dto.permissions);
  }
}
