import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';
import type { CertificateType } from './issuance/certificate-profiles';
import type { RevocationReason } from './issuance/revocation-reasons';

/** Stored state of a certificate; "expired" is derived from `notAfter` and the clock, never stored. */
export type StoredCertificateStatus = 'active' | 'revoked';

/** A certificate issued by Kanri's issuing CA (SPEC §7). */
@Entity('certificates')
@Index('ix_certificates_org_created', ['organizationId', 'createdAt'])
@Index('ix_certificates_org_type', ['organizationId', 'type', 'status'])
@Index('ix_certificates_holder', ['subjectUserId', 'status'])
@Index('ix_certificates_status_expiry', ['status', 'notAfter'])
export class Certificate {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'organization_id', type: 'varchar', length: 36 })
  organizationId!: string;

  @Column({ name: 'ca_id', type: 'varchar', length: 36 })
  caId!: string;

  @Column({ type: 'varchar', length: 16 })
  type!: CertificateType;

  /** Upper-case hexadecimal without leading zeros, as Node and OpenSSL print it. */
  @Column({ type: 'varchar', length: 64, unique: true })
  serial!: string;

  @Column({ type: 'varchar', length: 512 })
  subject!: string;

  @Column({ name: 'common_name', type: 'varchar', length: 255 })
  commonName!: string;

  /** SAN dNSNames (server certificates); empty for the other types. */
  @Column({ name: 'dns_names', type: 'simple-json' })
  dnsNames!: string[];

  /** SAN rfc822Name (client certificates of holders with an address). */
  @Column({ type: 'varchar', length: 254, nullable: true })
  email!: string | null;

  /** The registered domain the certificate was issued under (statistics per domain); null for non-server types. */
  @Column({ type: 'varchar', length: 253, nullable: true })
  domain!: string | null;

  /** The holder: the user a client certificate signs in as, and who receives its expiry notices. */
  @Column({ name: 'subject_user_id', type: 'varchar', length: 36, nullable: true })
  subjectUserId!: string | null;

  /** Set for a registration officer's own certificate (登録担当者用証明書). */
  @Column({ name: 'officer_id', type: 'varchar', length: 36, nullable: true })
  officerId!: string | null;

  /** Who asked for it; null when an officer enrolled with a link and access PIN. */
  @Column({ name: 'requested_by', type: 'varchar', length: 36, nullable: true })
  requestedBy!: string | null;

  /**
   * 利用管理者: the member answerable for a server or code-signing certificate (expiry notices, 利用管理者情報更新);
   * null means the requester.
   */
  @Column({ name: 'responsible_user_id', type: 'varchar', length: 36, nullable: true })
  responsibleUserId!: string | null;

  /** e.g. `RSA-2048`, `EC-P256`. */
  @Column({ name: 'key_algorithm', type: 'varchar', length: 16 })
  keyAlgorithm!: string;

  /** SHA-256 of the SubjectPublicKeyInfo, hex. */
  @Column({ name: 'public_key_sha256', type: 'varchar', length: 64 })
  publicKeySha256!: string;

  @Column({ name: 'certificate_pem', type: 'text' })
  certificatePem!: string;

  @DateTimeColumn({ name: 'not_before' })
  notBefore!: Date;

  @DateTimeColumn({ name: 'not_after' })
  notAfter!: Date;

  @Column({ type: 'varchar', length: 16 })
  status!: StoredCertificateStatus;

  @DateTimeColumn({ name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @Column({ name: 'revocation_reason', type: 'varchar', length: 32, nullable: true })
  revocationReason!: RevocationReason | null;

  @Column({ name: 'renewed_from_id', type: 'varchar', length: 36, nullable: true })
  renewedFromId!: string | null;

  @Column({ name: 'renewed_by_id', type: 'varchar', length: 36, nullable: true })
  renewedById!: string | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;
}
