import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { ObjectLiteral, Repository } from 'typeorm';
import {
  canonicalLogin,
  canonicalOperation,
  chainHash,
  type ChainKind,
  GENESIS_HASH,
  headKey,
} from '../audit/audit-chain';
import { AuditChainHead } from '../audit/audit-chain-head.entity';
import { LoginHistory } from '../audit/login-history.entity';
import { OperationHistory } from '../audit/operation-history.entity';

export type BrokenReason =
  /** The row's content no longer gives its stored hash: the row was edited. */
  | 'hash_mismatch'
  /** The row does not link to the row before it (or to the anchor): a row before it was replaced or removed. */
  | 'previous_hash_mismatch'
  /** Seq numbers jump at this row: rows before it were deleted. */
  | 'sequence_gap'
  /** The chain ends before the head says it does: the newest rows were deleted. */
  | 'missing_rows'
  /** The last row is not the one the chain head recorded. */
  | 'head_mismatch';

export interface ChainReport {
  ok: boolean;
  /** Rows checked. */
  checked: number;
  /** The first seq still stored (after retention trimmed older ones) and the last seq the head records. */
  firstSeq: number;
  lastSeq: number;
  /** The first broken link, or null. `id` is null when the break is a missing row. */
  firstBroken: { id: string | null; seq: number; reason: BrokenReason } | null;
}

export interface VerifyReport {
  ok: boolean;
  operations: ChainReport;
  loginHistory: ChainReport;
}

const PAGE = 2000;

/**
 * `GET .../audit/verify` (SPEC §9): walks each chain of an organization in seq order, page by page (never the whole
 * chain in memory), recomputing every hash, and reports the first broken link. It checks the rows up to the head as
 * it was read at the start, so appends during the walk do not disturb it. Where the retention job trimmed the oldest
 * rows, the walk starts from the anchor the head keeps (the last deleted row's seq and hash).
 */
@Injectable()
export class AuditVerifyService {
  constructor(
    @InjectRepository(AuditChainHead) private readonly heads: Repository<AuditChainHead>,
    @InjectRepository(OperationHistory) private readonly operations: Repository<OperationHistory>,
    @InjectRepository(LoginHistory) private readonly logins: Repository<LoginHistory>,
  ) {}

  /** `chain`: an organization id, or `system`. */
  async verify(chain: string): Promise<VerifyReport> {
    const operations = await this.walk('operations', chain, this.operations, (r) => canonicalOperation(r));
    const loginHistory = await this.walk('login', chain, this.logins, (r) =>
      canonicalLogin({ ...r, chain: r.chain ?? '', seq: r.seq ?? 0 }),
    );
    return { ok: operations.ok && loginHistory.ok, operations, loginHistory };
  }

  private async walk<R extends ChainedRow>(
    kind: ChainKind,
    chain: string,
    repo: Repository<R>,
    canonical: (row: R) => string,
  ): Promise<ChainReport> {
    const head = (await this.heads.findOne({ where: { chain: headKey(kind, chain) } })) ?? {
      lastSeq: 0,
      lastHash: GENESIS_HASH,
      anchorSeq: 0,
      anchorHash: GENESIS_HASH,
    };
    const report: ChainReport = {
      ok: true,
      checked: 0,
      firstSeq: head.anchorSeq + 1,
      lastSeq: head.lastSeq,
      firstBroken: null,
    };
    const broken = (id: string | null, seq: number, reason: BrokenReason): ChainReport => ({
      ...report,
      ok: false,
      firstBroken: { id, seq, reason },
    });
    let expectedSeq = head.anchorSeq + 1;
    let expectedPrev = head.anchorHash;
    for (;;) {
      const rows = await repo
        .createQueryBuilder('r')
        .where('r.chain = :chain', { chain })
        .andWhere('r.seq > :after AND r.seq <= :last', { after: expectedSeq - 1, last: head.lastSeq })
        .orderBy('r.seq', 'ASC')
        .take(PAGE)
        .getMany();
      for (const row of rows) {
        if (row.seq !== expectedSeq) return broken(row.id, Number(row.seq), 'sequence_gap');
        if (row.prevHash !== expectedPrev) return broken(row.id, row.seq, 'previous_hash_mismatch');
        if (chainHash(row.prevHash, canonical(row)) !== row.hash)
          return broken(row.id, row.seq, 'hash_mismatch');
        report.checked += 1;
        expectedSeq += 1;
        expectedPrev = row.hash;
      }
      if (rows.length < PAGE) break;
    }
    if (expectedSeq - 1 < head.lastSeq) return broken(null, expectedSeq, 'missing_rows');
    if (expectedPrev !== head.lastHash) return broken(null, head.lastSeq, 'head_mismatch');
    return report;
  }
}

type ChainedRow = ObjectLiteral & {
  id: string;
  seq: number | null;
  prevHash: string | null;
  hash: string | null;
};
