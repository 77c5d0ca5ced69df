import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';

export type AuthTokenPurpose = 'password_reset' | 'ip_change';

/**
 * A single-use emailed token (SPEC §3.5): password reset or IP change. Only the SHA-256 of the token is stored, so
 * a copy of the database cannot be used to reset anybody's password.
 */
@Entity('auth_tokens')
@Index('ux_auth_tokens_hash', ['tokenHash'], { unique: true })
@Index('ix_auth_tokens_user', ['userId', 'purpose'])
export class AuthToken {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  purpose!: AuthTokenPurpose;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  /** IP change: the address to allow. Password reset: the address that asked. */
  @Column({ type: 'varchar', length: 45, nullable: true })
  ip!: string | null;

  @DateTimeColumn({ name: 'expires_at' })
  expiresAt!: Date;

  @DateTimeColumn({ name: 'used_at', nullable: true })
  usedAt!: Date | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;
}
