import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SessionsModule } from '../auth/sessions.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { UsersModule } from '../users/users.module';
import { BulkActionsService } from './bulk-actions.service';
import { UserExportService } from './export/user-export.service';
import { UserImportJob } from './import/user-import-job.entity';
import { UserImportService } from './import/user-import.service';
import { UserImportWriter } from './import/user-import.writer';
import { InvitationsController } from './invitations.controller';
import { InvitationsService } from './invitations.service';
import { OrganizationUsersService } from './organization-users.service';
import { UsageStopJob } from './usage-stop.job';
import { UsageStopService } from './usage-stop.service';
import { UserAdministrationController } from './user-administration.controller';
import { UserAuditTrail } from './user-audit-trail';
import { UserInvitation } from './user-invitation.entity';
import { UserListService } from './user-list.service';
import { UserRemoval } from './user-removal.service';

/**
 * Organization user administration (SPEC §4): CRUD, the list, bulk actions, usage stop dates and their job,
 * invitations, CSV import and export. Its own module because it needs OrganizationsModule (membership rules,
 * scopes, groups, grants), which itself imports UsersModule.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([UserInvitation, UserImportJob]),
    UsersModule,
    OrganizationsModule,
    SessionsModule,
  ],
  controllers: [UserAdministrationController, InvitationsController],
  providers: [
    OrganizationUsersService,
    UserListService,
    BulkActionsService,
    UsageStopService,
    UsageStopJob,
    InvitationsService,
    UserImportService,
    UserImportWriter,
    UserExportService,
    UserRemoval,
    UserAuditTrail,
  ],
  exports: [UsageStopService, UserRemoval, OrganizationUsersService],
})
export class UserAdministrationModule {}
