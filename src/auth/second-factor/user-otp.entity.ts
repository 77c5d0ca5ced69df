import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';

export type OtpMethod = 'email' | 'totp';

/**
 * One-time-password state of one user (ワンタイムパスワードテーブル, SPEC §3.3): the TOTP secret (encrypted), the
 * last accepted TOTP step (a code works once), wrong answers in a row and the suspension (利用停止) they cause,
 * and the sign-in challenge in progress. One row per user; a second one is reported as OTP_RECORD_DUPLICATED.
 */
@Entity('user_otp')
@Index('ux_user_otp_user', ['userId'], { unique: true })
export class UserOtp {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  /** FieldCipher ciphertext of the raw secret bytes; null = no authenticator app enrolled. */
  @Column({ name: 'totp_secret', type: 'varchar', length: 255, nullable: true })
  totpSecret!: string | null;

  /** A secret handed out by setup and not yet confirmed with a code. */
  @Column({ name: 'totp_pending_secret', type: 'varchar', length: 255, nullable: true })
  totpPendingSecret!: string | null;

  @Column({ name: 'totp_last_step', type: 'int', nullable: true })
  totpLastStep!: number | null;

  @Column({ name: 'failed_attempts', type: 'int', default: 0 })
  failedAttempts!: number;

  /** 利用停止: set after too many wrong codes, cleared only by an administrator. */
  @DateTimeColumn({ name: 'suspended_at', nullable: true })
  suspendedAt!: Date | null;

  /** The sign-in waiting for a code; a newer sign-in replaces it, a success clears it. */
  @Column({ name: 'challenge_id', type: 'varchar', length: 36, nullable: true })
  challengeId!: string | null;

  @Column({ name: 'challenge_method', type: 'varchar', length: 8, nullable: true })
  challengeMethod!: OtpMethod | null;

  /** SHA-256 of the emailed code bound to the challenge; never the code itself. */
  @Column({ name: 'code_hash', type: 'varchar', length: 64, nullable: true })
  codeHash!: string | null;

  @DateTimeColumn({ name: 'challenge_expires_at', nullable: true })
  challengeExpiresAt!: Date | null;

  @Column({ name: 'resend_count', type: 'int', default: 0 })
  resendCount!: number;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
