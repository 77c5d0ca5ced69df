import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AuditContextStore } from './audit-context';
import { AuditChainWriter, type LoginDraft, type OperationDraft } from './audit-chain.writer';

interface Entry {
  operation?: OperationDraft;
  login?: LoginDraft;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** At most this many rows per append transaction. */
const MAX_BATCH = 500;

/**
 * Group commit for audit rows that have no transaction of their own to ride in: reads, failed and refused calls,
 * and login events recorded outside a transaction. Callers await `append`, so a response is sent only once its row
 * is committed; rows that arrive while a batch is being written go together into the next transaction. One short
 * transaction (lock the chain heads, one multi-row insert, update the heads) then serves many requests, so the
 * per-organization chain lock costs little throughput (bench:audit-overhead measures it).
 */
@Injectable()
export class AuditAppendQueue implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Audit');
  private entries: Entry[] = [];
  private flushing: Promise<void> | null = null;

  constructor(
    private readonly tx: TransactionService,
    private readonly writer: AuditChainWriter,
    private readonly contexts: AuditContextStore,
  ) {}

  append(row: { operation?: OperationDraft; login?: LoginDraft }): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.entries.push({ ...row, resolve, reject });
      // The flush loop must not run inside the caller's audit context, or its own transaction would record itself.
      if (!this.flushing) this.flushing = this.contexts.exit(() => this.flushLoop());
    });
  }

  /** Resolves once every row appended so far is written (tests, shutdown). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.drain();
  }

  private async flushLoop(): Promise<void> {
    try {
      // Let the requests finishing in this turn of the event loop join the first batch.
      await new Promise((resolve) => setImmediate(resolve));
      while (this.entries.length) {
        const batch = this.entries.splice(0, MAX_BATCH);
        const operations = batch.flatMap((e) => (e.operation ? [e.operation] : []));
        const logins = batch.flatMap((e) => (e.login ? [e.login] : []));
        try {
          // The departments are read on another connection while the transaction opens and locks the chain head:
          // one round trip less on the path every waiting request is held on.
          const departments = this.writer.departmentsOf(operations);
          departments.catch(() => undefined);
          await this.tx.run((em) => this.writer.append(em, operations, logins, departments));
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
