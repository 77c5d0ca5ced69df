import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '@kanri/common/database/datetime.column';
import type { AuthTokenPurpose } from './auth-token.entity';

/**
 * How often a user asked for a password reset or an IP change in the current 24-hour window, and whether that flow
 * is locked for them (ユーザーロックテーブル of the two request screens, SPEC §3.5). One row per user and flow; a
 * second one is reported as LOCK_TABLE_INCONSISTENT.
 */
@Entity('auth_request_limits')
@Index('ux_auth_request_limits', ['userId', 'kind'], { unique: true })
export class RequestLimit {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId!: string;

  @Column({ type: 'varchar', length: 16 })
  kind!: AuthTokenPurpose;

  @DateTimeColumn({ name: 'window_started_at' })
  windowStartedAt!: Date;

  @Column({ name: 'request_count', type: 'int', default: 0 })
  requestCount!: number;

  /** Set by the request after the limit; cleared by an administrator's unlock (アカウントロック解除). */
  @DateTimeColumn({ name: 'locked_at', nullable: true })
  lockedAt!: Date | null;
}
