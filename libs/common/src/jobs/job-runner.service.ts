import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { AppConfig } from '../config/app-config';
import { Clock } from '../clock/clock';
import {
  TransactionConflictError,
  isDuplicateKeyError,
  isRetryableTransactionError,
} from '../database/database-errors';
import { TransactionService } from '../database/transaction.service';
import { JobRun } from './job-run.entity';

export type JobOutcome = 'ran' | 'skipped';

const DEFAULT_LEASE_MS = 5 * 60_000;

/**
 * Runs a scheduled job's occurrence at most once across every instance sharing the database (SPEC §0
 * "Multi-instance"). The first instance to insert the `(name, slot)` row holds a lease and runs; the others skip.
 * While it runs the lease is renewed; if the holder crashes the lease lapses and the next instance that tries
 * the same slot takes it over, so jobs must be idempotent and resumable (they are written to be).
 * Works on MySQL and SQLite alike: it needs only a primary key and a conditional UPDATE.
 */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger(JobRunner.name);
  /** Identifies this process in `job_runs.holder`. */
  readonly instanceId = `${hostname().slice(0, 20)}:${process.pid}:${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly tx: TransactionService,
    private readonly clock: Clock,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** Whether the in-process schedules should fire (off in tests, which call jobs directly). */
  get schedulesEnabled(): boolean {
    return this.config.schedulerEnabled;
  }

  /**
   * `runOnce` as a schedule calls it: a failure is logged as a warning under `label` and answered 'failed' instead of
   * thrown, since nobody awaits a cron tick; the slot was given back, so the next tick (or instance) tries again.
   */
  async tryOnce(
    name: string,
    slot: string,
    label: string,
    work: () => Promise<void>,
  ): Promise<JobOutcome | 'failed'> {
    try {
      return await this.runOnce(name, slot, work);
    } catch (error) {
      this.logger.warn(`${label} failed: ${(error as Error).message}`);
      return 'failed';
    }
  }

  async runOnce(
    name: string,
    slot: string,
    work: () => Promise<void>,
    leaseMs = DEFAULT_LEASE_MS,
  ): Promise<JobOutcome> {
    if (!(await this.claim(name, slot, leaseMs))) return 'skipped';
    const renew = setInterval(
      () => {
        this.extend(name, slot, leaseMs).catch((e: Error) =>
          this.logger.warn(`lease renewal for ${name}/${slot} failed: ${e.message}`),
        );
      },
      Math.max(1000, leaseMs / 3),
    );
    renew.unref();
    try {
      await work();
      await this.tx.run((em) =>
        em
          .createQueryBuilder()
          .update(JobRun)
          .set({ state: 'done', finishedAt: this.clock.now() })
          .where('name = :name AND slot = :slot AND holder = :holder', {
            name,
            slot,
            holder: this.instanceId,
          })
          .execute(),
      );
      return 'ran';
    } catch (error) {
      // Give the slot back at once so another attempt (here or elsewhere) can resume the idempotent work.
      await this.tx
        .run((em) =>
          em
            .createQueryBuilder()
            .update(JobRun)
            .set({ leaseUntil: new Date(0) })
            .where('name = :name AND slot = :slot AND holder = :holder', {
              name,
              slot,
              holder: this.instanceId,
            })
            .execute(),
        )
        .catch(() => undefined);
      throw error;
    } finally {
      clearInterval(renew);
    }
  }

  private async claim(name: string, slot: string, leaseMs: number): Promise<boolean> {
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + leaseMs);
    try {
      await this.tx.run((em) =>
        em
          .createQueryBuilder()
          .insert()
          .into(JobRun)
          .values({
            name,
            slot,
            holder: this.instanceId,
            state: 'running',
            leaseUntil,
            startedAt: now,
            finishedAt: null,
          })
          .execute(),
      );
      return true;
    } catch (error) {
      if (lostToAnotherInstance(error)) return false;
      if (!isDuplicateKeyError(error)) throw error;
    }
    // Someone has (or had) the slot: take it over only if it is unfinished and its lease has lapsed.
    const result = await this.tx
      .run((em) =>
        em
          .createQueryBuilder()
          .update(JobRun)
          .set({ holder: this.instanceId, leaseUntil, startedAt: now })
          .where("name = :name AND slot = :slot AND state = 'running' AND lease_until < :now", {
            name,
            slot,
            now,
          })
          .execute(),
      )
      .catch((error: unknown) => {
        if (lostToAnotherInstance(error)) return { affected: 0 };
        throw error;
      });
    return (result.affected ?? 0) === 1;
  }

  private async extend(name: string, slot: string, leaseMs: number): Promise<void> {
    await this.tx.run((em) =>
      em
        .createQueryBuilder()
        .update(JobRun)
        .set({ leaseUntil: new Date(this.clock.now().getTime() + leaseMs) })
        .where("name = :name AND slot = :slot AND holder = :holder AND state = 'running'", {
          name,
          slot,
          holder: this.instanceId,
        })
        .execute(),
    );
  }
}

/**
 * On a Galera cluster two instances on two nodes may claim (or take over) the same slot at once: the second commit
 * fails certification (1213), retried until it sees the first one's row or gives up. Either way the slot is the
 * other instance's: a lost lease, not an error.
 */
function lostToAnotherInstance(error: unknown): boolean {
  return error instanceof TransactionConflictError || isRetryableTransactionError(error);
}
