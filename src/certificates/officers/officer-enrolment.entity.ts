import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';

/** open → used (certificate issued) | void (too many wrong PINs) | superseded (a newer link was sent). */
export type EnrolmentState = 'open' | 'used' | 'void' | 'superseded';

/**
 * An enrolment link (証明書取得URL) with its access PIN (アクセスPIN). Only hashes are stored: the token travels by
 * mail, the PIN by another channel (shown once to the operator).
 */
@Entity('officer_enrolments')
@Index('ix_officer_enrolments_officer', ['officerId', 'state'])
export class OfficerEnrolment {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'officer_id', type: 'varchar', length: 36 })
  officerId!: string;

  /** SHA-256 of the link token, hex. */
  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash!: string;

  /** argon2id of the access PIN. */
  @Column({ name: 'pin_hash', type: 'varchar', length: 255 })
  pinHash!: string;

  @Column({ name: 'failed_attempts', type: 'int', default: 0 })
  failedAttempts!: number;

  @Column({ type: 'varchar', length: 16 })
  state!: EnrolmentState;

  @DateTimeColumn({ name: 'expires_at' })
  expiresAt!: Date;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'used_at', nullable: true })
  usedAt!: Date | null;

  @Column({ name: 'certificate_id', type: 'varchar', length: 36, nullable: true })
  certificateId!: string | null;
}
