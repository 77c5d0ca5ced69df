import { Global, Module, type NestModule } from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, HttpAdapterHost, Reflector } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobAuditTrail } from '@kanri/common/jobs/job-audit-trail';
import { AuditAppendQueue } from './audit-append.queue';
import { AuditChainHead } from './audit-chain-head.entity';
import { AuditChainWriter } from './audit-chain.writer';
import { AuditContextStore } from './audit-context';
import { auditContextMiddleware } from './audit-context.middleware';
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
    private readonly adapterHost: HttpAdapterHost,
    private readonly recorder: AuditRecorder,
    private readonly contexts: AuditContextStore,
  ) {}

  /**
   * Nest calls this while the app starts, after the body parsers and before any route is mounted: the audit context
   * middleware goes in right there, once, for every request that reaches the routes (audit-context.middleware.ts).
   */
  configure(): void {
    this.adapterHost.httpAdapter.use(auditContextMiddleware(this.recorder, this.contexts));
    attachToScreenRoutes(screenHandlers(this.discovery, this.reflector), this.interceptor);
  }
}
