import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';
import type { CertificateType } from '../issuance/certificate-profiles';

/** pending → issued | approved (a server-generated key waits for its applicant) → issued; or pending → rejected. */
export type ApplicationStatus = 'pending' | 'approved' | 'issued' | 'rejected';
/** Where the key comes from: the applicant's CSR, the server at collection time, or the renewed certificate's. */
export type ApplicationKeySource = 'csr' | 'server' | 'same';
export type ApplicationKind = 'new' | 'renewal';

/** 証明書申請 (SPEC §15): what a member asked for, until the registration officer approves or rejects it. */
@Entity('certificate_applications')
@Index('ix_cert_applications_org_status', ['organizationId', 'status'])
@Index('ix_cert_applications_applicant', ['applicantId'])
export class CertificateApplication {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'organization_id', type: 'varchar', length: 36 })
  organizationId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: ApplicationKind;

  @Column({ type: 'varchar', length: 16 })
  type!: CertificateType;

  @Column({ type: 'varchar', length: 16 })
  status!: ApplicationStatus;

  @Column({ name: 'key_source', type: 'varchar', length: 16 })
  keySource!: ApplicationKeySource;

  /** Server-generated keys: `RSA-2048` or `EC-P256`. */
  @Column({ name: 'key_algorithm', type: 'varchar', length: 16, nullable: true })
  keyAlgorithm!: string | null;

  /** The applicant's PKCS#10 request (public data: a key's public half and the names asked for). */
  @Column({ name: 'csr_pem', type: 'text', nullable: true })
  csrPem!: string | null;

  /** The validated subject CN (new applications); renewals keep the renewed certificate's. */
  @Column({ name: 'common_name', type: 'varchar', length: 255, nullable: true })
  commonName!: string | null;

  @Column({ name: 'dns_names', type: 'simple-json' })
  dnsNames!: string[];

  /** Client and S/MIME certificates: the member who will hold it. */
  @Column({ name: 'holder_user_id', type: 'varchar', length: 36, nullable: true })
  holderUserId!: string | null;

  @Column({ name: 'renewal_of_id', type: 'varchar', length: 36, nullable: true })
  renewalOfId!: string | null;

  @Column({ name: 'validity_days', type: 'int', nullable: true })
  validityDays!: number | null;

  @Column({ name: 'applicant_id', type: 'varchar', length: 36 })
  applicantId!: string;

  @Column({ name: 'decided_by', type: 'varchar', length: 36, nullable: true })
  decidedBy!: string | null;

  @DateTimeColumn({ name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column({ name: 'rejection_reason', type: 'varchar', length: 500, nullable: true })
  rejectionReason!: string | null;

  @Column({ name: 'certificate_id', type: 'varchar', length: 36, nullable: true })
  certificateId!: string | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;
}
