import { Global, type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, Reflector } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobAuditTrail } from '@kanri/common/jobs/job-audit-trail';
import { AuditAppendQueue } from './audit-append.queue';
import { AuditChainHead } from './audit-chain-head.entity';
import { AuditChainWriter } from './audit-chain.writer';
import { AuditContextStore } from './audit-context';
import { AuditContextMiddleware } from './audit-context.middleware';
import { AuditRecorder } from './audit-recorder.service';
import { LoginHistory } from './login-history.entity';
import { LoginHistoryService } from './login-history.service';
import { attachToScreenRoutes, OperationAuditInterceptor } from './operation-audit.interceptor';
import { OperationHistory } from './operation-history.entity';
import { RouteScreens, screenHandlers } from './route-screens';

/**
 * Recording the audit trail (SPEC §9): the operation-history interceptor and context middleware, the transaction
 * participant that writes a change's row atomically with it, login history, and the hash chains. Imported by every
 * module; imports no feature module (docs/architecture.md "Dependency direction"). Searching, exporting and
 * verifying live in AuditHistoryModule (src/audit-history).
 */
@Global()
@Module({
  imports: [DiscoveryModule, TypeOrmModule.forFeature([LoginHistory, OperationHistory, AuditChainHead])],
  providers: [
    AuditContextStore,
    RouteScreens,
    AuditChainWriter,
    AuditAppendQueue,
    AuditRecorder,
    LoginHistoryService,
    AuditContextMiddleware,
    OperationAuditInterceptor,
    // Scheduled jobs record their runs through the recorder (libs/common/src/jobs/scheduled-job.ts).
    { provide: JobAuditTrail, useExisting: AuditRecorder },
  ],
  exports: [LoginHistoryService, AuditRecorder, AuditChainWriter, AuditContextStore, JobAuditTrail],
})
export class AuditModule implements NestModule {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    private readonly interceptor: OperationAuditInterceptor,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(AuditContextMiddleware).forRoutes({ path: '*path', method: RequestMethod.ALL });
    attachToScreenRoutes(screenHandlers(this.discovery, this.reflector), this.interceptor);
  }
}
