import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '../organizations/organizations.module';
import { UsersModule } from '../users/users.module';
import { OwnAccountController } from './own-account.controller';
import { OwnAccountService } from './own-account.service';
import { SelfRegistrationController } from './registration/self-registration.controller';
import { SelfRegistration } from './registration/self-registration.entity';
import { SelfRegistrationService } from './registration/self-registration.service';

/**
 * Self-service (SPEC §13): アカウント情報更新 (`GET/PATCH /me`) and self registration by organization code. The
 * user's own histories are read by the audit-history module (`/me/operations`, `/me/login-history`), where the
 * rule of whose rows they are lives beside the organization's search.
 */
@Module({
  imports: [TypeOrmModule.forFeature([SelfRegistration]), UsersModule, OrganizationsModule],
  controllers: [OwnAccountController, SelfRegistrationController],
  providers: [OwnAccountService, SelfRegistrationService],
})
export class SelfServiceModule {}
