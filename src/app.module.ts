import { type DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import type { AppConfig } from '@kanri/common/config/app-config';
import { CommonModule } from '@kanri/common/common.module';
import { RouteIndexInstaller } from '@kanri/common/http/route-index-installer';
import { SecurityModule } from '@kanri/security/security.module';
import { ApprovalsModule } from './approvals/approvals.module';
import { PayeesModule } from './payees/payees.module';
import { AuditModule } from './audit/audit.module';
import { AuditHistoryModule } from './audit-history/audit-history.module';
import { AuditStreamingModule } from './audit-streaming/audit-streaming.module';
import { AuthModule } from './auth/auth.module';
import { CertificatesModule } from './certificates/certificates.module';
import { ConfirmationModule } from './auth/confirmation/confirmation.module';
import { DatabaseModule } from './database/database.module';
import { FeesModule } from './fees/fees.module';
import { MailModule } from './mail/mail.module';
import { OrganizationsModule } from './organizations/organizations.module';
import { PasskeysModule } from './auth/passkeys/passkeys.module';
import { PersonalNumbersModule } from './personal-numbers/personal-numbers.module';
import { ScimModule } from './scim/scim.module';
import { SystemModule } from './system/system.module';
import { UserAdministrationModule } from './members/user-administration.module';
import { UsersModule } from './users/users.module';
import { SelfServiceModule } from './self-service/self-service.module';

/** Wires the feature modules; nothing else. */
@Module({})
export class AppModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CommonModule.register(config),
        DatabaseModule.register(config),
        ScheduleModule.forRoot(),
        EventEmitterModule.forRoot(),
        SecurityModule,
        AuditModule,
        AuditHistoryModule,
        AuditStreamingModule,
        MailModule,
        UsersModule,
        OrganizationsModule,
        AuthModule,
        ConfirmationModule,
        SystemModule,
        CertificatesModule,
        FeesModule,
        ApprovalsModule,
        PayeesModule,
        UserAdministrationModule,
        PersonalNumbersModule,
        SelfServiceModule,
        PasskeysModule,
        ScimModule,
      ],
      providers: [RouteIndexInstaller],
    };
  }
}
