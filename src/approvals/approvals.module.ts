import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FeesModule } from '../fees/fees.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { PayeesModule } from '../payees/payees.module';
import { UsersModule } from '../users/users.module';
import { AccountsController } from './accounts.controller';
import { AccountsService } from './accounts.service';
import { ApprovalRequestApprover } from './approval-request-approver.entity';
import { ApprovalRequest } from './approval-request.entity';
import { ApprovalRequestsController } from './approval-requests.controller';
import { ApprovalRequestsService } from './approval-requests.service';
import { ApproverDirectory } from './approver-directory.service';
import { CompanyAccount } from './company-account.entity';
import { DailyLimitsService } from './daily-limits.service';
import { DailyUsage } from './daily-usage.entity';
import { RequestBatch } from './request-batch.entity';
import { RequestBatchesController } from './request-batches.controller';
import { RequestBatchesService } from './request-batches.service';
import { RequestExpiryJob } from './request-expiry.job';
import { RequestLine } from './request-line.entity';
import { RequestLimits } from './request-limits.service';
import { RequesterSettingsController } from './requester-settings.controller';
import { RequesterSettingsService } from './requester-settings.service';
import { ApprovalsUserDeletedListener } from './user-deleted.listener';
import { UserTransactionLimit } from './user-transaction-limit.entity';
import { UserUsableAccount } from './user-usable-account.entity';

/**
 * Approvals and limits (SPEC §5): company accounts, users' usable accounts and per-transaction limits, requests
 * with maker-checker approval, daily limits under concurrency, and the expiry of stale requests. Fees come from
 * FeesModule.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      CompanyAccount,
      UserTransactionLimit,
      UserUsableAccount,
      ApprovalRequest,
      ApprovalRequestApprover,
      DailyUsage,
      RequestBatch,
      RequestLine,
    ]),
    OrganizationsModule,
    UsersModule,
    FeesModule,
    PayeesModule,
  ],
  controllers: [
    AccountsController,
    RequesterSettingsController,
    RequestBatchesController,
    ApprovalRequestsController,
  ],
  providers: [
    AccountsService,
    RequesterSettingsService,
    DailyLimitsService,
    RequestLimits,
    ApproverDirectory,
    ApprovalRequestsService,
    RequestBatchesService,
    RequestExpiryJob,
    ApprovalsUserDeletedListener,
  ],
})
export class ApprovalsModule {}
