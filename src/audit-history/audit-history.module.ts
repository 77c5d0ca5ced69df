import { Module, type OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '../organizations/organizations.module';
import { UsersModule } from '../users/users.module';
import { UserDirectory } from '../users/user-directory.service';
import { AuditChainHead } from '../audit/audit-chain-head.entity';
import { AuditChainWriter } from '../audit/audit-chain.writer';
import { AuditConditionResolver } from './audit-conditions';
import { AuditExportService } from './audit-export.service';
import { AuditHistoryController, SystemAuditController } from './audit-history.controller';
import { MyHistoryController } from './my-history.controller';
import { AuditRetentionJob } from './audit-retention.job';
import { AuditRetentionService } from './audit-retention.service';
import { AuditSearchService } from './audit-search.service';
import { AuditVerifyService } from './audit-verify.service';
import { LoginHistory } from '../audit/login-history.entity';
import { OperationHistory } from '../audit/operation-history.entity';

/**
 * Reading the audit trail (SPEC §9): search, CSV export, chain verification and the retention job. Unlike the
 * global AuditModule it may import feature modules (users for names and the user list, organizations for the
 * organization name), and it plugs the users module in as the recorder's OperatorDirectory.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([OperationHistory, LoginHistory, AuditChainHead]),
    UsersModule,
    OrganizationsModule,
  ],
  controllers: [AuditHistoryController, SystemAuditController, MyHistoryController],
  providers: [
    AuditConditionResolver,
    AuditSearchService,
    AuditExportService,
    AuditVerifyService,
    AuditRetentionService,
    AuditRetentionJob,
  ],
  exports: [AuditVerifyService, AuditRetentionService],
})
export class AuditHistoryModule implements OnModuleInit {
  constructor(
    private readonly writer: AuditChainWriter,
    private readonly directory: UserDirectory,
  ) {}

  onModuleInit(): void {
    this.writer.useDirectory({ departmentsOf: (ids, em) => this.directory.departmentsOf(ids, em) });
  }
}
