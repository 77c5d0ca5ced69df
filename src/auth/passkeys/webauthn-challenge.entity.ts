import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';

export type ChallengePurpose = 'register' | 'sign_in' | 'step_up';

/**
 * A challenge Kanri handed to a browser for one WebAuthn ceremony. Kept server-side so that it is answered at most
 * once and only before it expires: the assertion or attestation signs it, so a replayed response finds it spent.
 */
@Entity('webauthn_challenges')
export class WebAuthnChallenge {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** base64url, as it appears in clientDataJSON. */
  @Column({ type: 'varchar', length: 128 })
  challenge!: string;

  @Column({ type: 'varchar', length: 16 })
  purpose!: ChallengePurpose;

  /** Registration and step-up: the signed-in user; sign-in: null (the passkey names its user). */
  @Column({ name: 'user_id', type: 'varchar', length: 36, nullable: true })
  userId!: string | null;

  @Column({ name: 'session_id', type: 'varchar', length: 36, nullable: true })
  sessionId!: string | null;

  @DateTimeColumn({ name: 'expires_at' })
  expiresAt!: Date;

  @DateTimeColumn({ name: 'used_at', nullable: true })
  usedAt!: Date | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;
}
