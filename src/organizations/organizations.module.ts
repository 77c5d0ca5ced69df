import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActorResolver } from './actor-resolver.service';
import { Organization } from './organization.entity';
import { OrganizationsService } from './organizations.service';
import { UserPermission } from './user-permission.entity';

@Module({
  imports: [TypeOrmModule.forFeature([Organization, UserPermission])],
  providers: [ActorResolver, OrganizationsService],
  exports: [ActorResolver, OrganizationsService],
})
export class OrganizationsModule {}
