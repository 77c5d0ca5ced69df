import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';

/** An invitation of a provisional user (仮登録) to set a password; only the token's SHA-256 is stored. */
@Entity('user_invitations')
@Index('ix_user_invitations_user', ['userId'])
export class UserInvitation {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Column({ name: 'organization_id', type: 'varchar', length: 36 })
  organizationId!: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash!: string;

  @DateTimeColumn({ name: 'expires_at' })
  expiresAt!: Date;

  @DateTimeColumn({ name: 'used_at', nullable: true })
  usedAt!: Date | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;
}
