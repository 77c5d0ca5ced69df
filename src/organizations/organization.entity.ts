import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';
import type { ZenginRequester } from '../transfers/zengin/zengin-requester';

/** Per-organization settings (SPEC §2). Absent keys take the documented defaults (organization-settings.ts). */
export interface OrganizationSettings {
  lockoutThreshold?: number;
  lockoutMode?: 'temporary' | 'admin_unlock';
  lockoutMinutes?: number;
  otpRequirement?: 'off' | 'optional' | 'required';
  otpMethod?: 'email' | 'totp';
  passwordPolicy?: 'default' | 'legacy_banking';
  /** ワンタイムパスワード利用企業: confirmations also need a TOTP code. */
  confirmWithOtp?: boolean;
  passkeyStepUp?: boolean;
  approvalModes?: Record<string, string>;
  /** Yen per business day by kind; null or absent = no limit. */
  dailyLimits?: Record<string, number | null>;
  /** People may register themselves with the organization code (SPEC §13); off when absent. */
  selfRegistration?: boolean;
  /** The Zengin header of the organization's files; null or absent = not set (src/transfers/zengin). */
  zenginRequester?: ZenginRequester | null;
}

@Entity('organizations')
export class Organization {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  /** 組織コード: random, unguessable, no look-alike characters. */
  @Column({ type: 'varchar', length: 16, unique: true })
  code!: string;

  @Column({ type: 'varchar', length: 100 })
  name!: string;

  @Column({ name: 'name_kana', type: 'varchar', length: 100, nullable: true })
  nameKana!: string | null;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status!: string;

  /** 契約プランのユーザー登録上限; null = unlimited. */
  @Column({ name: 'plan_user_limit', type: 'int', nullable: true })
  planUserLimit!: number | null;

  /** Set when a stopped last manager could not be deleted (SPEC §4 usage stop date). */
  @Column({ name: 'manager_required', type: 'boolean', default: false })
  managerRequired!: boolean;

  @Column({ type: 'simple-json' })
  settings!: OrganizationSettings;

  @DateTimeColumn({ name: 'created_at' })
  createdAt!: Date;

  @DateTimeColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
