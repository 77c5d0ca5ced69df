import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';

/** A user account (SPEC §4). Secrets are hashes or ciphertexts; nothing here is ever sent as-is (see user.view.ts). */
@Entity('users')
@Index('ix_users_org_login', ['organizationId', 'loginId'])
export class User {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'login_id', type: 'varchar', length: 12, unique: true })
  loginId!: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ name: 'confirmation_hash', type: 'varchar', length: 255, nullable: true })
  confirmationHash!: string | null;

  @Column({ name: 'family_name', type: 'varchar', length: 30 })
  familyName!: string;

  @Column({ name: 'given_name', type: 'varchar', length: 30 })
  givenName!: string;

  @Column({ name: 'family_name_kana', type: 'varchar', length: 30, nullable: true })
  familyNameKana!: string | null;

  @Column({ name: 'given_name_kana', type: 'varchar', length: 30, nullable: true })
  givenNameKana!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  email!: string | null;

  @Column({ name: 'sub_email', type: 'varchar', length: 64, nullable: true })
  subEmail!: string | null;

  @Column({ type: 'varchar', length: 100, nullable: true })
  department!: string | null;

  @Column({ name: 'phone_external', type: 'varchar', length: 32, nullable: true })
  phoneExternal!: string | null;

  @Column({ name: 'phone_extension', type: 'varchar', length: 32, nullable: true })
  phoneExtension!: string | null;

  /** Addresses or CIDR blocks; empty means any address (SPEC §3.2 step 2). */
  @Column({ name: 'allowed_ips', type: 'simple-json' })
  allowedIps!: string[];

  @Column({ name: 'organization_id', type: 'varchar', length: 36, nullable: true })
  organizationId!: string | null;

  @Column({ name: 'group_id', type: 'varchar', length: 36, nullable: true })
  groupId!: string | null;

  @Column({ type: 'simple-json' })
  attributes!: string[];

  /** 属性 as one sortable string (users/administration/user-attributes.ts); '' without attributes. */
  @Column({ name: 'attributes_sort_key', type: 'varchar', length: 191, default: '' })
  attributesSortKey!: string;

  @Column({ name: 'is_manager', type: 'boolean', default: false })
  isManager!: boolean;

  @Column({ name: 'is_system_operator', type: 'boolean', default: false })
  isSystemOperator!: boolean;

  @Column({ name: 'is_provisional', type: 'boolean', default: false })
  isProvisional!: boolean;

  @Column({ name: 'is_disabled', type: 'boolean', default: false })
  isDisabled!: boolean;

  @Column({ name: 'must_change_password', type: 'boolean', default: false })
  mustChangePassword!: boolean;

  @Column({ name: 'failed_login_count', type: 'int', default: 0 })
  failedLoginCount!: number;

  @DateTimeColumn({ name: 'locked_at', nullable: true })
  lockedAt!: Date | null;

  /** End of a temporary lockout; null with `lockedAt` set means "until an administrator unlocks". */
  @DateTimeColumn({ name: 'locked_until', nullable: true })
  lockedUntil!: Date | null;

  /** When the last failed sign-in attempt was counted (sign-in controls, src/auth/lockout). */
  @DateTimeColumn({ name: 'failed_login_at', nullable: true })
  failedLoginAt!: Date | null;

  @Column({ name: 'two_factor_enabled', type: 'boolean', default: false })
  twoFactorEnabled!: boolean;

  @Column({ name: 'valid_from', type: 'varchar', length: 10, nullable: true })
  validFrom!: string | null;

  @Column({ name: 'valid_to', type: 'varchar', length: 10, nullable: true })
  validTo!: string | null;

  @Column({ name: 'usage_stop_date', type: 'varchar', length: 10, nullable: true })
  usageStopDate!: string | null;

  @Column({ type: 'varchar', length: 8, nullable: true })
  language!: string | null;

  @Column({ type: 'varchar', length: 1000, nullable: true })
  note!: string | null;

  @DateTimeColumn({ name: 'last_login_at', nullable: true })
  lastLoginAt!: Date | null;

  @DateTimeColumn({ name: 'password_changed_at', nullable: true })
  passwordChangedAt!: Date | null;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
