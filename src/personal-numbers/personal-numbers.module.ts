import { type MiddlewareConsumer, Module, type NestModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '../organizations/organizations.module';
import { DocumentVault } from './documents/document-vault';
import { IdDocument } from './documents/id-document.entity';
import { IdDocumentChunk } from './documents/id-document-chunk.entity';
import { IdDocumentsController } from './documents/id-documents.controller';
import { IdDocumentsService } from './documents/id-documents.service';
import { OrganizationPurgeService } from './erasure/organization-purge.service';
import { RetireePurgeJob } from './erasure/retiree-purge.job';
import { RetireePurgeService } from './erasure/retiree-purge.service';
import { SecureErase } from './erasure/secure-erase';
import { PersonalNumberExportService } from './files/personal-number-export.service';
import { PersonalNumberImportService } from './files/personal-number-import.service';
import { VaultGroupDeletingListener } from './group-deleting.listener';
import { HandlingLogEntry } from './handling-log.entity';
import { HandlingLog } from './handling-log.service';
import { InputStatusService } from './input-status.service';
import { VaultInputMiddleware } from './leak-guard/vault-input.middleware';
import { NumberVault } from './number-vault';
import { PersonalNumberEmployee } from './personal-number-employee.entity';
import { PersonalNumberReach } from './personal-number-reach';
import { PersonalNumberRecord } from './personal-number-record.entity';
import { PersonalNumbersController } from './personal-numbers.controller';
import { PersonalNumbersService } from './personal-numbers.service';
import { KeyRotationJob } from './rotation/key-rotation.job';
import { DocumentKeyRotation } from './rotation/document-key-rotation';
import { KeyRotationService } from './rotation/key-rotation.service';
import { VaultAdministrationController } from './vault-administration.controller';

/**
 * The individual-number vault (SPEC §8, manual マイナンバー管理): records of employees and their families with the
 * number sealed, masked everywhere but reveal, the handling log, input status, CSV import and export, retiree purge
 * and key rotation jobs, and the organization-wide purge. src/personal-numbers/README.md has the decisions.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      PersonalNumberEmployee,
      PersonalNumberRecord,
      HandlingLogEntry,
      IdDocument,
      IdDocumentChunk,
    ]),
    OrganizationsModule,
  ],
  // Order matters: the static paths (input-status, handling-log) before `:id`.
  controllers: [VaultAdministrationController, PersonalNumbersController, IdDocumentsController],
  providers: [
    NumberVault,
    SecureErase,
    PersonalNumberReach,
    HandlingLog,
    PersonalNumbersService,
    InputStatusService,
    PersonalNumberExportService,
    PersonalNumberImportService,
    OrganizationPurgeService,
    RetireePurgeService,
    RetireePurgeJob,
    KeyRotationService,
    KeyRotationJob,
    DocumentVault,
    IdDocumentsService,
    DocumentKeyRotation,
    VaultGroupDeletingListener,
  ],
  exports: [RetireePurgeService, KeyRotationService],
})
export class PersonalNumbersModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(VaultInputMiddleware)
      .forRoutes(VaultAdministrationController, PersonalNumbersController, IdDocumentsController);
  }
}
