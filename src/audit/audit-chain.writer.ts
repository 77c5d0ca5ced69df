import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TransactionService } from '@kanri/common/database/transaction.service';
import {
  canonicalLogin,
  canonicalOperation,
  chainHash,
  chainOf,
  GENESIS_HASH,
  headKey,
  storable,
} from './audit-chain';
import { AuditChainHead } from './audit-chain-head.entity';
import { LoginHistory } from './login-history.entity';
import { OperationHistory } from './operation-history.entity';
import type { OperatorDirectory } from './operator-directory';

/** An operation-history row before it joins its chain (no seq or hashes yet; the department is looked up). */
export type OperationDraft = Omit<OperationHistory, 'chain' | 'seq' | 'prevHash' | 'hash' | 'department'>;
/** A login-history row before it joins its chain. */
export type LoginDraft = Omit<LoginHistory, 'chain' | 'seq' | 'prevHash' | 'hash'>;

const INSERT_CHUNK = 200;

/**
 * Appends audit rows to their hash chains inside a given transaction (audit-chain.ts explains the chain).
 *
 * Concurrency: the head row of every chain touched is locked (`SELECT … FOR UPDATE`, in sorted key order so two
 * appenders cannot deadlock each other) before seq numbers are assigned, and updated in the same transaction, so
 * appends to one chain are serialized across requests and app instances and the chain never forks; on SQLite the
 * TransactionService mutex already serializes writers. The lock is held only from the append to the commit: the
 * recorder appends as the last step before commit (TransactionParticipant) or in a short transaction of its own.
 *
 * Must be re-runnable (TransactionService retries whole transactions on deadlock): nothing here mutates the drafts.
 */
@Injectable()
export class AuditChainWriter {
  private directory: OperatorDirectory | null = null;

  constructor(private readonly tx: TransactionService) {}

  useDirectory(directory: OperatorDirectory): void {
    this.directory = directory;
  }

  async append(
    em: EntityManager,
    operations: readonly OperationDraft[],
    logins: readonly LoginDraft[],
  ): Promise<void> {
    if (!operations.length && !logins.length) return;
    const departments = await this.departments(em, operations);
    const keys = new Set<string>();
    for (const o of operations) keys.add(headKey('operations', chainOf(o.organizationId)));
    for (const l of logins) keys.add(headKey('login', chainOf(l.organizationId)));
    const heads = new Map<string, { lastSeq: number; lastHash: string }>();
    for (const key of [...keys].sort()) heads.set(key, await this.lockHead(em, key));

    const opRows: OperationHistory[] = operations.map((draft) => {
      const chain = chainOf(draft.organizationId);
      const head = heads.get(headKey('operations', chain))!;
      const row: OperationHistory = {
        ...draft,
        chain,
        seq: head.lastSeq + 1,
        prevHash: head.lastHash,
        hash: '',
        department: storable(
          draft.operatorUserId ? (departments.get(draft.operatorUserId) ?? null) : null,
          100,
        ),
      };
      row.hash = chainHash(row.prevHash, canonicalOperation(row));
      head.lastSeq = row.seq;
      head.lastHash = row.hash;
      return row;
    });
    const loginRows: LoginHistory[] = logins.map((draft) => {
      const chain = chainOf(draft.organizationId);
      const head = heads.get(headKey('login', chain))!;
      const row: LoginHistory = { ...draft, chain, seq: head.lastSeq + 1, prevHash: head.lastHash, hash: '' };
      row.hash = chainHash(row.prevHash!, canonicalLogin({ ...row, chain, seq: row.seq! }));
      head.lastSeq = row.seq!;
      head.lastHash = row.hash;
      return row;
    });

    for (let i = 0; i < opRows.length; i += INSERT_CHUNK)
      await em
        .createQueryBuilder()
        .insert()
        .into(OperationHistory)
        .values(opRows.slice(i, i + INSERT_CHUNK))
        .updateEntity(false)
        .execute();
    for (let i = 0; i < loginRows.length; i += INSERT_CHUNK)
      await em
        .createQueryBuilder()
        .insert()
        .into(LoginHistory)
        .values(loginRows.slice(i, i + INSERT_CHUNK))
        .updateEntity(false)
        .execute();
    for (const [key, head] of heads)
      await em.update(AuditChainHead, { chain: key }, { lastSeq: head.lastSeq, lastHash: head.lastHash });
  }

  private async lockHead(em: EntityManager, key: string): Promise<{ lastSeq: number; lastHash: string }> {
    const select = () =>
      this.tx
        .lockForUpdate(em.createQueryBuilder(AuditChainHead, 'h').where('h.chain = :key', { key }))
        .getOne();
    let head = await select();
    if (!head) {
      // First row of this chain. Two first appenders may race here: the unique key lets one insert, and on MySQL
      // the loser's deadlock is retried by TransactionService.
      await em
        .createQueryBuilder()
        .insert()
        .into(AuditChainHead)
        .values({ chain: key, lastSeq: 0, lastHash: GENESIS_HASH, anchorSeq: 0, anchorHash: GENESIS_HASH })
        .orIgnore()
        .updateEntity(false)
        .execute();
      head = await select();
      if (!head) throw new Error(`audit chain head ${key} could not be created`);
    }
    return { lastSeq: head.lastSeq, lastHash: head.lastHash };
  }

  private async departments(
    em: EntityManager,
    operations: readonly OperationDraft[],
  ): Promise<Map<string, string | null>> {
    if (!this.directory) return new Map();
    const ids = [...new Set(operations.map((o) => o.operatorUserId).filter((id): id is string => !!id))];
    return ids.length ? this.directory.departmentsOf(ids, em) : new Map();
  }
}
