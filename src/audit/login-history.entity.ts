import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';
import { bigintAsNumber } from './bigint-number';

/** One authentication event (SPEC §3.4). `loginIdTyped` is what was typed, even when no such user exists. */
@Entity('login_history')
@Index('ix_login_history_org_time', ['organizationId', 'occurredAt'])
@Index('ix_login_history_user_time', ['userId', 'occurredAt'])
@Index('ix_login_history_org_login_time', ['organizationId', 'loginIdTyped', 'occurredAt'])
@Index('ux_login_history_chain_seq', ['chain', 'seq'], { unique: true })
export class LoginHistory {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'organization_id', type: 'varchar', length: 36, nullable: true })
  organizationId!: string | null;

  @Column({ name: 'login_id_typed', type: 'varchar', length: 64 })
  loginIdTyped!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36, nullable: true })
  userId!: string | null;

  @Column({ type: 'varchar', length: 48 })
  action!: string;

  /** The screen that `[画面名]` stands for in the three consistency actions. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  screen!: string | null;

  @DateTimeColumn({ name: 'occurred_at' })
  occurredAt!: Date;

  @Column({ type: 'varchar', length: 45, nullable: true })
  ip!: string | null;

  @Column({ name: 'user_agent', type: 'varchar', length: 255, nullable: true })
  userAgent!: string | null;

  @Column({ name: 'session_seconds', type: 'int', nullable: true })
  sessionSeconds!: number | null;

  /**
   * Hash chain (audit-chain.ts): the organization id or `system`, seq, previous and own hash. Nullable only because
   * the columns were added to an existing table; every row is chained (the migration chained the earlier ones).
   */
  @Column({ type: 'varchar', length: 36, nullable: true })
  chain!: string | null;

  @Column({ type: 'bigint', nullable: true, transformer: bigintAsNumber })
  seq!: number | null;

  @Column({ name: 'prev_hash', type: 'varchar', length: 64, nullable: true })
  prevHash!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  hash!: string | null;
}
