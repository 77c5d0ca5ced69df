import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';
import { bigintAsNumber } from '../audit/bigint-number';

export const DESTINATION_KINDS = ['webhook', 'syslog'] as const;
export type DestinationKind = (typeof DESTINATION_KINDS)[number];

/**
 * Where an organization's (or the system's) audit trail is streamed to, and how far it has got. The outbox is the
 * hash chain itself: `operationsCursor` and `loginCursor` are the last sequence numbers of the scope's two chains
 * that the receiver acknowledged, so recording an audit row writes nothing extra.
 */
@Entity('audit_stream_destinations')
@Index('ix_audit_stream_destinations_chain', ['chain'])
export class AuditStreamDestination {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** The organization whose chains are streamed, or null for the `system` chains (the operator's destinations). */
  @Column({ name: 'organization_id', type: 'varchar', length: 36, nullable: true })
  organizationId!: string | null;

  /** The chain name: the organization id or `system`. */
  @Column({ type: 'varchar', length: 36 })
  chain!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ type: 'varchar', length: 8 })
  kind!: DestinationKind;

  /** Webhook: the URL events are POSTed to. */
  @Column({ type: 'varchar', length: 2048, nullable: true })
  url!: string | null;

  /** Syslog: host and TCP port of the collector. */
  @Column({ type: 'varchar', length: 255, nullable: true })
  host!: string | null;

  @Column({ type: 'int', nullable: true })
  port!: number | null;

  /** Syslog over TLS (RFC 5425); plain TCP only to loopback outside production. */
  @Column({ type: 'boolean', default: true })
  tls!: boolean;

  /** PEM of the CA that the receiver's certificate must chain to, instead of the system's trust store. */
  @Column({ name: 'ca_certificate', type: 'text', nullable: true })
  caCertificate!: string | null;

  /** Webhook signing secret, sealed with the field cipher (context `audit-stream-secret:<id>`). */
  @Column({ name: 'secret_sealed', type: 'varchar', length: 512, nullable: true })
  secretSealed!: string | null;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ name: 'operations_cursor', type: 'bigint', transformer: bigintAsNumber })
  operationsCursor!: number;

  @Column({ name: 'login_cursor', type: 'bigint', transformer: bigintAsNumber })
  loginCursor!: number;

  /** Names the job-runner slot of the next delivery run (`e<epoch>`); each finished run moves it on. */
  @Column({ type: 'int', default: 0 })
  epoch!: number;

  @Column({ name: 'consecutive_failures', type: 'int', default: 0 })
  consecutiveFailures!: number;

  @DateTimeColumn({ name: 'next_attempt_at', nullable: true })
  nextAttemptAt!: Date | null;

  /** Since when every attempt has failed (null while deliveries succeed). */
  @DateTimeColumn({ name: 'failing_since', nullable: true })
  failingSince!: Date | null;

  /** The last failure in a few words (`HTTP 503`, `ECONNREFUSED`); never a secret or a response body. */
  @Column({ name: 'last_error', type: 'varchar', length: 255, nullable: true })
  lastError!: string | null;

  @DateTimeColumn({ name: 'last_delivered_at', nullable: true })
  lastDeliveredAt!: Date | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
