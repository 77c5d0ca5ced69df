import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlInstant } from '@kanri/common/database/sql-values';
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
import { LoginHistory } from './login-history.entity';
import { OperationHistory } from './operation-history.entity';
import type { OperatorDirectory } from './operator-directory';

/**
 * An operation-history row before it joins its chain (no seq or hashes yet). Without `department` the writer reads
 * the operator's current one.
 */
export type OperationDraft = Omit<OperationHistory, 'chain' | 'seq' | 'prevHash' | 'hash' | 'department'> & {
  department?: string | null;
};
/** A login-history row before it joins its chain. */
export type LoginDraft = Omit<LoginHistory, 'chain' | 'seq' | 'prevHash' | 'hash'>;

const INSERT_CHUNK = 200;

/** Column and field of each table, in one place for the hand-written INSERTs. */
const OPERATION_COLUMNS: readonly (readonly [string, keyof OperationHistory])[] = [
  ['id', 'id'],
  ['chain', 'chain'],
  ['seq', 'seq'],
  ['prev_hash', 'prevHash'],
  ['hash', 'hash'],
  ['organization_id', 'organizationId'],
  ['operation', 'operation'],
  ['screen', 'screen'],
  ['http_method', 'httpMethod'],
  ['route', 'route'],
  ['operator_user_id', 'operatorUserId'],
  ['operator_login_id', 'operatorLoginId'],
  ['department', 'department'],
  ['occurred_at', 'occurredAt'],
  ['duration_ms', 'durationMs'],
  ['ip', 'ip'],
  ['user_agent', 'userAgent'],
  ['outcome', 'outcome'],
  ['status_code', 'statusCode'],
  ['error_code', 'errorCode'],
  ['request_id', 'requestId'],
  ['details', 'details'],
];
const LOGIN_COLUMNS: readonly (readonly [string, keyof LoginHistory])[] = [
  ['id', 'id'],
  ['organization_id', 'organizationId'],
  ['login_id_typed', 'loginIdTyped'],
  ['user_id', 'userId'],
  ['action', 'action'],
  ['screen', 'screen'],
  ['occurred_at', 'occurredAt'],
  ['ip', 'ip'],
  ['user_agent', 'userAgent'],
  ['session_seconds', 'sessionSeconds'],
  ['chain', 'chain'],
  ['seq', 'seq'],
  ['prev_hash', 'prevHash'],
  ['hash', 'hash'],
];

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

  /** Plugs in where departments are read (the users module, from AuditHistoryModule). */
  useDirectory(directory: OperatorDirectory): void {
    this.directory = directory;
  }

  /** 部署・職名 of the operators of drafts that came without one, as they are now (with `em` inside a transaction). */
  departmentsFor(
    operations: readonly OperationDraft[],
    em?: EntityManager,
  ): Promise<Map<string, string | null>> {
    const ids = new Set<string>();
    for (const o of operations) if (o.department === undefined && o.operatorUserId) ids.add(o.operatorUserId);
    return this.directory && ids.size
      ? this.directory.departmentsOf([...ids], em)
      : Promise.resolve(new Map());
  }

  /**
   * Appends inside `em`'s transaction. Departments missing from the drafts are read now, unless the caller already
   * started reading them (`departmentsRead`: the group commit reads them while its transaction opens).
   */
  async append(
    em: EntityManager,
    operations: readonly OperationDraft[],
    logins: readonly LoginDraft[],
    departmentsRead?: Promise<Map<string, string | null>>,
  ): Promise<void> {
    if (!operations.length && !logins.length) return;
    const keys = new Set<string>();
    for (const o of operations) keys.add(headKey('operations', chainOf(o.organizationId)));
    for (const l of logins) keys.add(headKey('login', chainOf(l.organizationId)));
    const heads = new Map<string, { lastSeq: number; lastHash: string }>();
    for (const key of [...keys].sort()) heads.set(key, await this.lockHead(em, key));
    // Read with the transaction's own connection: it already holds the chain heads (and its caller's locks), and a
    // second pool connection can wait forever when every connection belongs to a transaction queued behind them.
    const departments = await (departmentsRead ?? this.departmentsFor(operations, em));

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
          draft.department !== undefined
            ? draft.department
            : draft.operatorUserId
              ? (departments.get(draft.operatorUserId) ?? null)
              : null,
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

    await this.insertRows(em, 'operation_history', OPERATION_COLUMNS, opRows);
    await this.insertRows(em, 'login_history', LOGIN_COLUMNS, loginRows);
    for (const [key, head] of heads)
      await em.query('UPDATE audit_chain_heads SET last_seq = ?, last_hash = ? WHERE chain = ?', [
        head.lastSeq,
        head.lastHash,
        key,
      ]);
  }

  /**
   * Plain multi-row INSERTs: this runs for every audited request, and building the statement by hand costs a
   * fraction of what the query builder spends per row and column.
   */
  private async insertRows<R extends object>(
    em: EntityManager,
    table: string,
    columns: readonly (readonly [string, keyof R])[],
    rows: readonly R[],
  ): Promise<void> {
    const names = columns.map(([column]) => column).join(', ');
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const chunk = rows.slice(i, i + INSERT_CHUNK);
      const values: unknown[] = [];
      for (const row of chunk) for (const [, field] of columns) values.push(this.sqlValue(row[field]));
      await em.query(`INSERT INTO ${table} (${names}) VALUES ${chunk.map(() => tuple).join(', ')}`, values);
    }
  }

  /** mysql2 writes a Date in the connection's zone (UTC); better-sqlite3 takes the text TypeORM itself writes. */
  private sqlValue(value: unknown): unknown {
    if (value instanceof Date) return sqlInstant(value, this.tx.isMysql);
    return value === undefined ? null : value;
  }

  private async lockHead(em: EntityManager, key: string): Promise<{ lastSeq: number; lastHash: string }> {
    const select = `SELECT last_seq AS lastSeq, last_hash AS lastHash FROM audit_chain_heads WHERE chain = ?${
      this.tx.isMysql ? ' FOR UPDATE' : ''
    }`;
    let [head] = (await em.query(select, [key])) as { lastSeq: number | string; lastHash: string }[];
    if (!head) {
      // First row of this chain. Two first appenders may race here: the primary key lets one insert, and on MySQL
      // the loser's deadlock is retried by TransactionService.
      await em.query(
        `INSERT ${this.tx.isMysql ? 'IGNORE' : 'OR IGNORE'} INTO audit_chain_heads (chain, last_seq, last_hash, anchor_seq, anchor_hash) VALUES (?, 0, ?, 0, ?)`,
        [key, GENESIS_HASH, GENESIS_HASH],
      );
      [head] = (await em.query(select, [key])) as { lastSeq: number | string; lastHash: string }[];
      if (!head) throw new Error(`audit chain head ${key} could not be created`);
    }
    return { lastSeq: Number(head.lastSeq), lastHash: head.lastHash };
  }
}
