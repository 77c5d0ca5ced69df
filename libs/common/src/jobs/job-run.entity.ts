import { Column, Entity, PrimaryColumn } from 'typeorm';
import { DateTimeColumn } from '../database/datetime.column';

/** One row per (job, schedule slot): who holds it, until when, and whether it finished. */
@Entity('job_runs')
export class JobRun {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name!: string;

  /** The occurrence this run serves, e.g. a business date `2026-11-22` or a minute `2026-11-22T10:05`. */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  slot!: string;

  @Column({ type: 'varchar', length: 64 })
  holder!: string;

  @Column({ type: 'varchar', length: 16 })
  state!: 'running' | 'done';

  @DateTimeColumn({ name: 'lease_until' })
  leaseUntil!: Date;

  @DateTimeColumn({ name: 'started_at' })
  startedAt!: Date;

  @DateTimeColumn({ name: 'finished_at', nullable: true })
  finishedAt!: Date | null;
}
