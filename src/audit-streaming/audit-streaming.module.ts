import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditChainHead } from '../audit/audit-chain-head.entity';
import { LoginHistory } from '../audit/login-history.entity';
import { OperationHistory } from '../audit/operation-history.entity';
import { AuditStreamDelivery } from './audit-stream-delivery.service';
import { AuditStreamDestination } from './audit-stream-destination.entity';
import { AuditStreamDestinations } from './audit-stream-destinations.service';
import { AuditStreamSettings } from './audit-stream-settings';
import { AuditStreamTransport } from './audit-stream-transport';
import { AuditStreamJob } from './audit-stream.job';
import { AuditStreamingController, SystemAuditStreamingController } from './audit-streaming.controller';

/**
 * Audit streaming: the audit trail's hash chains delivered to each organization's (and the system's) SIEM by webhook
 * or syslog. It reads the tables the recorder appends to and adds nothing to the recorder's path: the chains are
 * the outbox, each destination keeps a cursor per chain (docs/api/audit-streaming.md).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([AuditStreamDestination, OperationHistory, LoginHistory, AuditChainHead]),
  ],
  controllers: [AuditStreamingController, SystemAuditStreamingController],
  providers: [
    AuditStreamSettings,
    AuditStreamTransport,
    AuditStreamDestinations,
    AuditStreamDelivery,
    AuditStreamJob,
  ],
})
export class AuditStreamingModule {}
