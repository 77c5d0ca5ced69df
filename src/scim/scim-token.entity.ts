import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';

/**
 * A SCIM bearer token an organization's manager issued for one provisioning client (Microsoft Entra ID, Okta,
 * HENNGE). Only the SHA-256 of the token is kept: the token itself is shown once, in the answer that created it.
 * Revoking deletes the row, so the token stops working on its next request.
 */
@Entity('scim_tokens')
@Index('ux_scim_tokens_hash', ['tokenHash'], { unique: true })
@Index('ix_scim_tokens_org', ['organizationId'])
export class ScimToken {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'organization_id', type: 'varchar', length: 36 })
  organizationId!: string;

  /** The client's name, shown as the operator of everything it changes (`scim:<name>` in the audit trail). */
  @Column({ name: 'client_name', type: 'varchar', length: 50 })
  clientName!: string;

  /** Hex SHA-256 of the token. */
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  /** The manager who issued it. */
  @Column({ name: 'created_by', type: 'varchar', length: 36, nullable: true })
  createdBy!: string | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  /** Last request made with the token, to the minute (written at most once a minute). */
  @DateTimeColumn({ name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;
}
