import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, MoreThan, type Repository } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AuditChainHead } from '../audit/audit-chain-head.entity';
import { type ChainKind, headKey } from '../audit/audit-chain';
import { LoginHistory } from '../audit/login-history.entity';
import { OperationHistory } from '../audit/operation-history.entity';
import { AuditStreamDestination } from './audit-stream-destination.entity';
import { AuditStreamDestinations } from './audit-stream-destinations.service';
import { AuditStreamSettings } from './audit-stream-settings';
import { AuditStreamTransport, DeliveryFailed } from './audit-stream-transport';
import { loginEvent, operationEvent, type StreamEvent } from './stream-event';

type Step = 'delivered' | 'idle' | 'failed' | 'superseded';

const CURSOR_COLUMN: Record<ChainKind, 'operationsCursor' | 'loginCursor'> = {
  operations: 'operationsCursor',
  login: 'loginCursor',
};

/**
 * Delivers one destination's backlog, in chain order, batch by batch. The caller holds the destination's job-runner
 * lease (audit-stream.job.ts), so one instance at a time runs this for a destination. A cursor moves only after the
 * receiver acknowledged the batch, with a conditional UPDATE on its old value: an instance that lost its lease
 * (and was replaced) cannot move it back or past records it did not send. A crash between acknowledgment and the
 * cursor update sends that batch again: at least once, never a gap.
 */
@Injectable()
export class AuditStreamDelivery {
  private readonly logger = new Logger(AuditStreamDelivery.name);

  constructor(
    @InjectRepository(AuditStreamDestination)
    private readonly destinations: Repository<AuditStreamDestination>,
    @InjectRepository(OperationHistory) private readonly operations: Repository<OperationHistory>,
    @InjectRepository(LoginHistory) private readonly logins: Repository<LoginHistory>,
    @InjectRepository(AuditChainHead) private readonly heads: Repository<AuditChainHead>,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
    private readonly settings: AuditStreamSettings,
    private readonly transport: AuditStreamTransport,
    private readonly targets: AuditStreamDestinations,
  ) {}

  /** Enabled destinations that have records to deliver and are not waiting out a backoff. */
  async due(): Promise<{ id: string; epoch: number }[]> {
    const rows = await this.destinations.find({
      select: {
        id: true,
        chain: true,
        epoch: true,
        operationsCursor: true,
        loginCursor: true,
        nextAttemptAt: true,
      },
      where: { enabled: true },
    });
    if (!rows.length) return [];
    const now = this.clock.now().getTime();
    const latest = await this.latest([...new Set(rows.map((r) => r.chain))]);
    return rows
      .filter((r) => !r.nextAttemptAt || r.nextAttemptAt.getTime() <= now)
      .filter(
        (r) =>
          (latest.get(headKey('operations', r.chain)) ?? 0) > r.operationsCursor ||
          (latest.get(headKey('login', r.chain)) ?? 0) > r.loginCursor,
      )
      .map((r) => ({ id: r.id, epoch: r.epoch }));
  }

  /**
   * Delivers until the backlog is empty (then keeps looking for `holdMs` more, so a busy stream does not need a new
   * lease for every batch), a delivery fails (backoff recorded), or `shouldStop` says so. Always ends its run by
   * moving the destination's epoch on, which names the next run's lease slot. Returns the number of events sent.
   */
  async drain(
    id: string,
    epoch: number,
    holdMs: number,
    shouldStop: () => boolean = () => false,
  ): Promise<number> {
    let sent = 0;
    let idleSince = Date.now();
    for (;;) {
      if (shouldStop()) break;
      const dest = await this.destinations.findOne({ where: { id } });
      if (!dest || dest.epoch !== epoch) return sent; // removed, or a newer run has begun
      if (!dest.enabled) break;
      if (dest.nextAttemptAt && dest.nextAttemptAt.getTime() > this.clock.now().getTime()) break;
      const { step, count } = await this.step(dest);
      sent += count;
      if (step === 'failed' || step === 'superseded') break;
      if (step === 'delivered') {
        idleSince = Date.now();
        continue;
      }
      if (Date.now() - idleSince >= holdMs) break;
      await new Promise((r) => setTimeout(r, Math.min(this.settings.pollMs, holdMs)));
    }
    await this.tx.run((em) =>
      em
        .createQueryBuilder()
        .update(AuditStreamDestination)
        .set({ epoch: epoch + 1 })
        .where('id = :id AND epoch = :epoch', { id, epoch })
        .execute(),
    );
    return sent;
  }

  /** One batch of each chain that has records past its cursor. */
  private async step(dest: AuditStreamDestination): Promise<{ step: Step; count: number }> {
    let count = 0;
    for (const kind of ['operations', 'login'] as const) {
      const cursor = dest[CURSOR_COLUMN[kind]];
      const events = await this.batch(kind, dest.chain, cursor);
      if (!events.length) continue;
      if (
        events[0].sequence !== cursor + 1 &&
        !(await this.trimmedBefore(kind, dest.chain, events[0].sequence))
      ) {
        // A gap that retention did not make cannot be (appends to a chain commit in order); look again later.
        this.logger.warn(
          `audit stream ${dest.id}: ${kind} chain continues at ${events[0].sequence} after ${cursor}`,
        );
        return { step: 'idle', count };
      }
      try {
        await this.transport.send(this.targets.targetOf(dest), events);
      } catch (error) {
        await this.recordFailure(dest, error);
        return { step: 'failed', count };
      }
      const last = events[events.length - 1].sequence;
      const moved = await this.advance(dest.id, kind, cursor, last);
      if (!moved) return { step: 'superseded', count };
      dest[CURSOR_COLUMN[kind]] = last;
      count += events.length;
    }
    return { step: count ? 'delivered' : 'idle', count };
  }

  private async batch(kind: ChainKind, chain: string, cursor: number): Promise<StreamEvent[]> {
    const take = this.settings.batchSize;
    if (kind === 'operations') {
      const rows = await this.operations.find({
        where: { chain, seq: MoreThan(cursor) },
        order: { seq: 'ASC' },
        take,
      });
      return rows.map(operationEvent);
    }
    const rows = await this.logins.find({
      where: { chain, seq: MoreThan(cursor) },
      order: { seq: 'ASC' },
      take,
    });
    return rows.map(loginEvent);
  }

  /** Whether the retention job trimmed the chain up to just before `seq` (the anchor the first row links to). */
  private async trimmedBefore(kind: ChainKind, chain: string, seq: number): Promise<boolean> {
    const head = await this.heads.findOne({ where: { chain: headKey(kind, chain) } });
    return head !== null && head.anchorSeq === seq - 1;
  }

  private async advance(id: string, kind: ChainKind, from: number, to: number): Promise<boolean> {
    const column = kind === 'operations' ? 'operations_cursor' : 'login_cursor';
    const now = this.clock.now();
    const result = await this.tx.run((em) =>
      em
        .createQueryBuilder()
        .update(AuditStreamDestination)
        .set({
          [CURSOR_COLUMN[kind]]: to,
          consecutiveFailures: 0,
          nextAttemptAt: null,
          failingSince: null,
          lastError: null,
          lastDeliveredAt: now,
        })
        .where(`id = :id AND ${column} = :from`, { id, from })
        .execute(),
    );
    return (result.affected ?? 0) === 1;
  }

  private async recordFailure(dest: AuditStreamDestination, error: unknown): Promise<void> {
    const message = (error instanceof DeliveryFailed ? error.message : 'delivery failed').slice(0, 255);
    const failures = dest.consecutiveFailures + 1;
    const now = this.clock.now();
    const failingSince = dest.failingSince ?? now;
    const wasFailing =
      dest.failingSince !== null &&
      now.getTime() - dest.failingSince.getTime() >= this.settings.failingAfterMs;
    const isFailing = now.getTime() - failingSince.getTime() >= this.settings.failingAfterMs;
    if (isFailing && !wasFailing) {
      this.logger.warn(
        `audit stream destination ${dest.id} has failed since ${failingSince.toISOString()}: ${message}`,
      );
    }
    if (!(error instanceof DeliveryFailed))
      this.logger.warn(`audit stream ${dest.id}: ${(error as Error).message}`);
    await this.tx.run((em) =>
      em
        .createQueryBuilder()
        .update(AuditStreamDestination)
        .set({
          consecutiveFailures: failures,
          nextAttemptAt: new Date(now.getTime() + this.settings.backoffMs(failures)),
          failingSince,
          lastError: message,
        })
        .where('id = :id', { id: dest.id })
        .execute(),
    );
  }

  private async latest(chains: string[]): Promise<Map<string, number>> {
    const keys = chains.flatMap((c) => [headKey('operations', c), headKey('login', c)]);
    const rows = await this.heads.find({
      select: { chain: true, lastSeq: true },
      where: { chain: In(keys) },
    });
    return new Map(rows.map((r) => [r.chain, r.lastSeq]));
  }
}
