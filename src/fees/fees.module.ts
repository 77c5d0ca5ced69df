import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '../organizations/organizations.module';
import { FeeQuoteService } from './fee-quote.service';
import { FeeTablesService } from './fee-tables.service';
import { OrganizationFeeTable } from './organization-fee-table.entity';
import { OrganizationFeesController } from './organization-fees.controller';
import { StandardFeeSwitchOverJob } from './standard-fee-switch-over.job';
import { StandardFeeVersion } from './standard-fee-version.entity';
import { StandardFeesController } from './standard-fees.controller';
import { StandardFeesService } from './standard-fees.service';

/**
 * Fees (SPEC §6): the operator's standard table, each organization's three tables, and the quote that approvals
 * store on every request (FeeQuoteService, exported).
 */
@Module({
  imports: [TypeOrmModule.forFeature([StandardFeeVersion, OrganizationFeeTable]), OrganizationsModule],
  controllers: [StandardFeesController, OrganizationFeesController],
  providers: [StandardFeesService, FeeTablesService, FeeQuoteService, StandardFeeSwitchOverJob],
  exports: [FeeQuoteService, StandardFeesService],
})
export class FeesModule {}
