import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '../organizations/organizations.module';
import { Payee } from './payee.entity';
import { PayeesController } from './payees.controller';
import { PayeesService } from './payees.service';

/** The payee register (振込先管理 / 請求先管理, SPEC §14); approvals resolve a request's payee through PayeesService. */
@Module({
  imports: [TypeOrmModule.forFeature([Payee]), OrganizationsModule],
  controllers: [PayeesController],
  providers: [PayeesService],
  exports: [PayeesService],
})
export class PayeesModule {}
