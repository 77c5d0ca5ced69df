import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { AppConfig } from '@kanri/common/config/app-config';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AuditChainHead } from '../audit/audit-chain-head.entity';
import { AuditRecorder } from '../audit/audit-recorder.service';
import { LoginHistory } from '../audit/login-history.entity';
import { OperationHistory } from '../audit/operation-history.entity';

/** Rows deleted per transaction, so one run never holds a chain head (or the undo log) for long. */
const CHUNK = 5000;

export interface RetentionResult {
  retentionDays: number;
  deletedOperations: number;
  deletedLogins: number;
}

/**
 * The only path that deletes audit rows (SPEC §9): rows older than AUDIT_RETENTION_DAYS (0 or unset: keep forever)
 * are trimmed from the old end of each chain, in seq order and in chunks. A chain is cut only before its first row
 * that is still within the period, so what remains is always a contiguous tail of the chain; each chunk moves the
 * chain head's anchor to the last deleted row's seq and hash in the same transaction, so verify keeps linking the
 * first remaining row to something it can trust. The run is audited as the system actor.
 */
@Injectable()
export class AuditRetentionService {
  constructor(
    private readonly tx: TransactionService,
    private readonly recorder: AuditRecorder,
    private readonly clock: Clock,
    @InjectRepository(AuditChainHead) private readonly heads: Repository<AuditChainHead>,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async purgeExpired(retentionDays = this.config.auditRetentionDays): Promise<RetentionResult> {
    const result: RetentionResult = { retentionDays, deletedOperations: 0, deletedLogins: 0 };
    if (!retentionDays || retentionDays <= 0) return result;
    const cutoff = new Date(this.clock.now().getTime() - retentionDays * 86_400_000);
    return this.recorder.runAsSystem(
      {
        name: 'audit-retention',
        screen: '操作履歴保存期間',
        operation: 'delete',
        details: { retentionDays, before: cutoff.toISOString() },
      },
      async () => {
        const chains = await this.heads.find({ select: { chain: true } });
        for (const { chain } of chains) {
          const [kind, id] = splitKey(chain);
          const deleted = await this.trimChain(
            kind === 'operations' ? OperationHistory : LoginHistory,
            chain,
            id,
            cutoff,
          );
          if (kind === 'operations') result.deletedOperations += deleted;
          else result.deletedLogins += deleted;
        }
        return result;
      },
    );
  }

  private async trimChain(
    table: typeof OperationHistory | typeof LoginHistory,
    headKey: string,
    chain: string,
    cutoff: Date,
  ): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await this.tx.run((em) => this.trimChunk(em, table, headKey, chain, cutoff));
      total += deleted;
      if (deleted < CHUNK) return total;
    }
  }

  private async trimChunk(
    em: EntityManager,
    table: typeof OperationHistory | typeof LoginHistory,
    headKey: string,
    chain: string,
    cutoff: Date,
  ): Promise<number> {
    const head = await this.tx
      .lockForUpdate(em.createQueryBuilder(AuditChainHead, 'h').where('h.chain = :headKey', { headKey }))
      .getOne();
    if (!head) return 0;
    const rows = await em
      .createQueryBuilder(table, 'r')
      .select(['r.id', 'r.seq', 'r.hash', 'r.occurredAt'])
      .where('r.chain = :chain AND r.seq > :anchor', { chain, anchor: head.anchorSeq })
      .orderBy('r.seq', 'ASC')
      .take(CHUNK)
      .getMany();
    let last: { seq: number; hash: string } | null = null;
    let count = 0;
    for (const row of rows) {
      if (row.occurredAt >= cutoff) break;
      last = { seq: Number(row.seq), hash: row.hash! };
      count += 1;
    }
    if (!last) return 0;
    await em
      .createQueryBuilder()
      .delete()
      .from(table)
      .where('chain = :chain AND seq > :anchor AND seq <= :last', {
        chain,
        anchor: head.anchorSeq,
        last: last.seq,
      })
      .execute();
    await em.update(AuditChainHead, { chain: headKey }, { anchorSeq: last.seq, anchorHash: last.hash });
    return count;
  }
}

function splitKey(key: string): [string, string] {
  const i = key.indexOf(':');
  return [key.slice(0, i), key.slice(i + 1)];
}
