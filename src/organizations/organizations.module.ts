import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module';
import { ActorResolver } from './actor-resolver.service';
import { GroupClosure } from './group-closure.entity';
import { Group } from './group.entity';
import { GroupsController } from './groups.controller';
import { GroupsService } from './groups.service';
import { ManagerCapGuard, MemberRemovalGuard } from './manager-policy.guard';
import { ManagersController } from './managers.controller';
import { ManagersService } from './managers.service';
import { MembershipService } from './membership.service';
import { MyOrganizationController } from './my-organization.controller';
import { OrganizationLock } from './organization-lock.service';
import { Organization } from './organization.entity';
import { OrganizationsController } from './organizations.controller';
import { OrganizationsService } from './organizations.service';
import { OrganizationOpeningService } from './organization-opening.service';
import { PermissionGrantsService } from './permission-grants.service';
import { PermissionsController } from './permissions.controller';
import { SystemOrganizationsController } from './system-organizations.controller';
import { UserPermission } from './user-permission.entity';
import { UserScopeService } from './user-scope.service';

/**
 * Organizations, membership, managers, permission grants and groups (SPEC §1, §2). Other modules use the exported
 * services: MembershipService before a member leaves or joins inside their transaction, UserScopeService for
 * `users.manage` subtree scope, GroupsService for subtrees and group locks, OrganizationsService for settings.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Organization, UserPermission, Group, GroupClosure]), UsersModule],
  controllers: [
    OrganizationsController,
    MyOrganizationController,
    ManagersController,
    PermissionsController,
    GroupsController,
    SystemOrganizationsController,
  ],
  providers: [
    ActorResolver,
    OrganizationsService,
    OrganizationOpeningService,
    OrganizationLock,
    MembershipService,
    ManagersService,
    PermissionGrantsService,
    GroupsService,
    UserScopeService,
    ManagerCapGuard,
    MemberRemovalGuard,
  ],
  exports: [
    ActorResolver,
    OrganizationsService,
    OrganizationLock,
    MembershipService,
    PermissionGrantsService,
    GroupsService,
    UserScopeService,
  ],
})
export class OrganizationsModule {}
