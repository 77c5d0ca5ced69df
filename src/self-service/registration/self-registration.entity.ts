import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';

/**
 * A self registration waiting for its e-mail link (SPEC §13). The password is stored only as its argon2 hash and the
 * mailed token only as its SHA-256, so a copy of the database can neither sign in nor finish a registration.
 */
@Entity('self_registrations')
@Index('ux_self_registrations_token', ['tokenHash'], { unique: true })
@Index('ix_self_registrations_org', ['organizationId', 'createdAt'])
export class SelfRegistration {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'organization_id', type: 'varchar', length: 36 })
  organizationId!: string;

  @Column({ name: 'login_id', type: 'varchar', length: 12 })
  loginId!: string;

  @Column({ name: 'family_name', type: 'varchar', length: 30 })
  familyName!: string;

  @Column({ name: 'given_name', type: 'varchar', length: 30 })
  givenName!: string;

  @Column({ name: 'family_name_kana', type: 'varchar', length: 30, nullable: true })
  familyNameKana!: string | null;

  @Column({ name: 'given_name_kana', type: 'varchar', length: 30, nullable: true })
  givenNameKana!: string | null;

  @Column({ type: 'varchar', length: 64 })
  email!: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ name: 'confirmation_hash', type: 'varchar', length: 255, nullable: true })
  confirmationHash!: string | null;

  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  /** The address the registration came from. */
  @Column({ type: 'varchar', length: 45, nullable: true })
  ip!: string | null;

  @DateTimeColumn({ name: 'expires_at' })
  expiresAt!: Date;

  @DateTimeColumn({ name: 'used_at', nullable: true })
  usedAt!: Date | null;

  /** The account the verification created. */
  @Column({ name: 'user_id', type: 'varchar', length: 36, nullable: true })
  userId!: string | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;
}
