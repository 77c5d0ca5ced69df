import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';

/**
 * A DNS domain registered to an organization: its server certificates may name this domain and its subdomains.
 * A domain belongs to one organization at most, so two organizations can never both hold certificates for it.
 */
@Entity('organization_domains')
@Index('ix_organization_domains_org', ['organizationId', 'domain'])
export class OrganizationDomain {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'organization_id', type: 'varchar', length: 36 })
  organizationId!: string;

  /** Lower-case, without a trailing dot. */
  @Column({ type: 'varchar', length: 253, unique: true })
  domain!: string;

  @Column({ name: 'created_by', type: 'varchar', length: 36, nullable: true })
  createdBy!: string | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;
}
