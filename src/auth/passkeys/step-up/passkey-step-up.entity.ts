import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';

/**
 * Proof that the user of one session passed a passkey assertion with user verification moments ago: good for one
 * confirm operation (SPEC §17 step-up). Only the SHA-256 of the token is stored.
 */
@Entity('passkey_step_ups')
export class PasskeyStepUp {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Column({ name: 'session_id', type: 'varchar', length: 36 })
  sessionId!: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @DateTimeColumn({ name: 'expires_at' })
  expiresAt!: Date;

  @DateTimeColumn({ name: 'used_at', nullable: true })
  usedAt!: Date | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;
}
