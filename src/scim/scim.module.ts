import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UserAdministrationModule } from '../members/user-administration.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { UsersModule } from '../users/users.module';
import { ScimBearerGuard } from './scim-bearer.guard';
import { ScimDiscoveryController } from './scim-discovery.controller';
import { ScimGroupsController } from './scim-groups.controller';
import { ScimGroupsService } from './scim-groups.service';
import { ScimToken } from './scim-token.entity';
import { ScimTokensController } from './scim-tokens.controller';
import { ScimTokensService } from './scim-tokens.service';
import { ScimUsersController } from './scim-users.controller';
import { ScimUsersService } from './scim-users.service';

/**
 * SCIM 2.0 provisioning (SPEC §17): managers issue bearer tokens per organization; Entra ID, Okta or HENNGE
 * provision members and groups at `/scim/v2` through user administration's own services, so §2/§4 rules hold.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([ScimToken]),
    UsersModule,
    OrganizationsModule,
    UserAdministrationModule,
  ],
  controllers: [ScimTokensController, ScimDiscoveryController, ScimUsersController, ScimGroupsController],
  providers: [ScimTokensService, ScimUsersService, ScimGroupsService, ScimBearerGuard],
})
export class ScimModule {}
