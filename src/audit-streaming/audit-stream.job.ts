import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { JobRunner } from '@kanri/common/jobs/job-runner.service';
import { AuditStreamDelivery } from './audit-stream-delivery.service';
import { AuditStreamSettings } from './audit-stream-settings';

/** A lapsed holder (kill -9) is replaced within this long; the runner renews the lease every third of it. */
export const STREAM_LEASE_MS = 15_000;
/** How long one run keeps its lease looking for new records once the backlog is delivered. */
export const STREAM_HOLD_MS = 20_000;

export function leaseName(destinationId: string): string {
  return `audit-stream:${destinationId}`;
}

/**
 * Every instance polls for destinations with records to deliver; for each it asks the job runner for the lease
 * `audit-stream:<id>` / `e<epoch>`. The instance that gets it delivers (AuditStreamDelivery.drain) and, when done,
 * moves the epoch on, so the next run takes a fresh slot; the others skip while the lease is held. If the holder
 * dies, its slot stays `running` until the lease lapses, and the next instance to try the same slot takes it over
 * and resumes from the cursor. Deliveries are not themselves audited: a record about sending records would be
 * streamed in turn, without end.
 */
@Injectable()
export class AuditStreamJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AuditStreamJob.name);
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  private stopping = false;
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly runner: JobRunner,
    private readonly delivery: AuditStreamDelivery,
    private readonly settings: AuditStreamSettings,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.runner.schedulesEnabled) return;
    this.timer = setInterval(() => void this.tick(), this.settings.pollMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.allSettled([...this.running.values()]);
  }

  /** One look for work: starts a delivery run for every due destination that this instance is not already running. */
  async tick(holdMs = STREAM_HOLD_MS): Promise<void> {
    if (this.ticking || this.stopping) return;
    this.ticking = true;
    try {
      for (const { id, epoch } of await this.delivery.due()) {
        if (this.running.has(id)) continue;
        const run = this.deliver(id, epoch, holdMs).finally(() => this.running.delete(id));
        this.running.set(id, run);
      }
    } catch (error) {
      this.logger.warn(`audit streaming poll failed: ${(error as Error).message}`);
    } finally {
      this.ticking = false;
    }
  }

  /** Runs one delivery run for a destination under its lease; 'skipped' when another instance holds it. */
  async deliver(id: string, epoch: number, holdMs = STREAM_HOLD_MS): Promise<'ran' | 'skipped' | 'failed'> {
    try {
      return await this.runner.runOnce(
        leaseName(id),
        `e${epoch}`,
        async () => {
          await this.delivery.drain(id, epoch, holdMs, () => this.stopping);
        },
        STREAM_LEASE_MS,
      );
    } catch (error) {
      this.logger.warn(`audit streaming to ${id} failed: ${(error as Error).message}`);
      return 'failed';
    }
  }

  /** Tests and the drill: every in-flight run of this instance. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }
}
