import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Screen } from '@kanri/access/screen.decorator';
import { Authenticated, RequirePermission } from '@kanri/access/access-rule';
import type { Actor } from '@kanri/access/actor';
import { CurrentActor } from '@kanri/access/current-actor.decorator';
import { Permission } from '@kanri/access/permission';
import { CreateGroupDto, UpdateGroupDto } from './dto/group.dto';
import { GroupsService, type GroupView } from './groups.service';

/**
 * グループ (SPEC §2): a tree per organization. Members read it; changing it needs `users.manage` for the whole
 * organization (a `subtree` holder gets 403).
 */
@ApiTags('groups')
@Controller('organizations/:orgId/groups')
export class GroupsController {
  constructor(private readonly groups: GroupsService) {}

  /** Every group of the organization with its parent, code ascending. */
  @Get()
  @Authenticated()
  @Screen('グループ管理')
  list(@CurrentActor() actor: Actor): Promise<{ items: GroupView[] }> {
    return this.groups.list(actor.orgId);
  }

  @Get(':groupId')
  @Authenticated()
  @Screen('グループ管理')
  get(@CurrentActor() actor: Actor, @Param('groupId') groupId: string): Promise<GroupView> {
    return this.groups.get(actor.orgId, groupId);
  }

  /** Creates a group, top-level or under `parentId`; codes are unique within the organization (409). */
  @Post()
  @RequirePermission(Permission.UsersManage)
  @Screen('グループ管理')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateGroupDto): Promise<GroupView> {
    return this.groups.create(actor, dto);
  }

  /** Renames or moves a group with its subtree; moving it under itself or a descendant is refused (400). */
  @Patch(':groupId')
  @RequirePermission(Permission.UsersManage)
  @Screen('グループ管理')
  update(
    @CurrentActor() actor: Actor,
    @Param('groupId') groupId: string,
    @Body() dto: UpdateGroupDto,
  ): Promise<GroupView> {
    return this.groups.update(actor, groupId, dto);
  }

  /** Deletes an empty group; with members or child groups: 409 GROUP_NOT_EMPTY. */
  @Delete(':groupId')
  @RequirePermission(Permission.UsersManage)
  @Screen('グループ管理')
  @HttpCode(204)
  remove(@CurrentActor() actor: Actor, @Param('groupId') groupId: string): Promise<void> {
    return this.groups.remove(actor, groupId);
  }
}
