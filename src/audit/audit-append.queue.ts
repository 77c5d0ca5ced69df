import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AuditContextStore } from './audit-context';
import { AuditChainWriter, type LoginDraft, type OperationDraft } from './audit-chain.writer';

interface Entry {
  operation?: OperationDraft;
  login?: LoginDraft;
  /** Someone waits for this row before answering: write it without gathering. */
  urgent?: boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** At most this many rows per append transaction. */
const MAX_BATCH = 500;
/** A batch gathers rows until it has this many, or for GATHER_MS at most, before it is written. */
const GATHER_ROWS = 64;
const GATHER_MS = 50;
/** Rows waiting beyond this make `backpressure` hold callers until the writer catches up. */
const MAX_BACKLOG = 2000;

/**
 * Group commit for audit rows that have no transaction of their own to ride in: reads, failed and refused calls,
 * and login events recorded outside a transaction. Rows that arrive while a batch is being written go together into
 * the next transaction: one short transaction (lock the chain heads, one multi-row insert, update the heads) serves
 * many requests, so the per-organization chain lock costs little (bench:audit-overhead measures it).
 *
 * Rows gather for a batch until there are 64 of them or 50 ms have passed. `append` resolves once the row is
 * committed; callers that must not answer before that (login events) await it and mark the row urgent, so its batch
 * does not wait to gather.
 * `backpressure` lets callers that need not wait (rows of calls that changed nothing) go on, unless the writer has
 * fallen behind by more than MAX_BACKLOG rows (a slow or unreachable database), in which case they wait for it.
 */
@Injectable()
export class AuditAppendQueue implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Audit');
  private entries: Entry[] = [];
  private flushing: Promise<void> | null = null;
  /** Ends the current gathering early (enough rows, or one someone is waiting for). */
  private stopGathering: (() => void) | null = null;

  constructor(
    private readonly tx: TransactionService,
    private readonly writer: AuditChainWriter,
    private readonly contexts: AuditContextStore,
  ) {}

  append(row: { operation?: OperationDraft; login?: LoginDraft; urgent?: boolean }): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.entries.push({ ...row, resolve, reject });
      if (row.urgent || this.entries.length >= GATHER_ROWS) this.stopGathering?.();
      // The flush loop must not run inside the caller's audit context, or its own transaction would record itself.
      if (!this.flushing) this.flushing = this.contexts.exit(() => this.flushLoop());
    });
  }

  /** Resolves at once, or once the backlog is back under MAX_BACKLOG rows. */
  async backpressure(): Promise<void> {
    while (this.entries.length > MAX_BACKLOG && this.flushing) await this.flushing;
  }

  /** Resolves once every row appended so far is written (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.drain();
  }

  private gather(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, GATHER_MS);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.stopGathering = () => {
        this.stopGathering = null;
        done();
      };
    }).finally(() => (this.stopGathering = null));
  }

  private async flushLoop(): Promise<void> {
    try {
      while (this.entries.length) {
        // Gather: nobody answers a client on these rows, so a few milliseconds of waiting buys a bigger batch (one
        // transaction for more rows) without slowing any response; rows someone waits for go at once.
        if (this.entries.length < GATHER_ROWS && !this.entries.some((e) => e.urgent)) await this.gather();
        const batch = this.entries.splice(0, MAX_BATCH);
        const operations = batch.flatMap((e) => (e.operation ? [e.operation] : []));
        const logins = batch.flatMap((e) => (e.login ? [e.login] : []));
        try {
          // Read before the transaction, never while holding a chain head: waiting for a pool connection with the head
          // locked can starve the pool when every other connection belongs to a transaction queued behind that lock.
          const departments = await this.writer.departmentsFor(operations);
          await this.tx.run((em) => this.writer.append(em, operations, logins, Promise.resolve(departments)));
          for (const e of batch) e.resolve();
        } catch (error) {
          this.logger.error(`audit append of ${batch.length} rows failed: ${(error as Error)?.message}`);
          for (const e of batch) e.reject(error);
        }
      }
    } finally {
      this.flushing = null;
    }
  }
}
