import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';
import { Columns } from '@kanri/common/database/migration-columns';
import { createHash } from 'node:crypto';
import { instantFromDb } from '@kanri/common/database/sql-values';

/**
 * The audit trail (SPEC §9): operation history, the hash-chain heads, and chain columns on login history. Login
 * rows written before this migration are chained here, oldest first, so that every row is covered by verify.
 */
export class AuditTrail1763800300000 implements MigrationInterface {
  name = 'AuditTrail1763800300000';

  async up(q: QueryRunner): Promise<void> {
    const c = new Columns(q);
    await q.createTable(
      new Table({
        name: 'operation_history',
        columns: [
          c.id(),
          c.string('chain', 36),
          c.bigint('seq'),
          c.string('prev_hash', 64),
          c.string('hash', 64),
          c.ref('organization_id', true),
          c.string('operation', 8),
          c.string('screen', 64),
          c.string('http_method', 8),
          c.string('route', 255),
          c.ref('operator_user_id', true),
          c.string('operator_login_id', 64, { nullable: true }),
          c.string('department', 100, { nullable: true }),
          c.datetime('occurred_at'),
          c.int('duration_ms'),
          c.string('ip', 45, { nullable: true }),
          c.string('user_agent', 255, { nullable: true }),
          c.string('outcome', 8),
          c.int('status_code', { nullable: true }),
          c.string('error_code', 64, { nullable: true }),
          c.string('request_id', 64, { nullable: true }),
          c.text('details'),
        ],
        indices: [
          new TableIndex({
            name: 'ux_operation_history_chain_seq',
            columnNames: ['chain', 'seq'],
            isUnique: true,
          }),
          new TableIndex({
            name: 'ix_operation_history_org_time',
            columnNames: ['organization_id', 'occurred_at', 'id'],
          }),
          new TableIndex({
            name: 'ix_operation_history_org_login_time',
            columnNames: ['organization_id', 'operator_login_id', 'occurred_at', 'id'],
          }),
          new TableIndex({
            name: 'ix_operation_history_operator_time',
            columnNames: ['operator_user_id', 'occurred_at'],
          }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'audit_chain_heads',
        columns: [
          { ...c.string('chain', 48), isPrimary: true },
          c.bigint('last_seq'),
          c.string('last_hash', 64),
          c.bigint('anchor_seq'),
          c.string('anchor_hash', 64),
        ],
      }),
    );
    await q.addColumns('login_history', [
      c.column(c.string('chain', 36, { nullable: true })),
      c.column({ ...c.bigint('seq', { nullable: true }) }),
      c.column(c.string('prev_hash', 64, { nullable: true })),
      c.column(c.string('hash', 64, { nullable: true })),
    ]);
    await q.createIndices('login_history', [
      new TableIndex({ name: 'ux_login_history_chain_seq', columnNames: ['chain', 'seq'], isUnique: true }),
      new TableIndex({
        name: 'ix_login_history_org_login_time',
        columnNames: ['organization_id', 'login_id_typed', 'occurred_at'],
      }),
    ]);
    await this.chainExistingLoginRows(q);
  }

  private async chainExistingLoginRows(q: QueryRunner): Promise<void> {
    const rows = (await q.query(
      'SELECT id, organization_id, login_id_typed, user_id, action, screen, occurred_at, ip, user_agent, session_seconds FROM login_history ORDER BY occurred_at, id',
    )) as Record<string, unknown>[];
    const heads = new Map<string, { seq: number; hash: string }>();
    for (const r of rows) {
      const chain = chainOf((r.organization_id as string | null) ?? null);
      const head = heads.get(chain) ?? { seq: 0, hash: GENESIS_HASH };
      const seq = head.seq + 1;
      const hash = chainHash(
        head.hash,
        canonicalLogin({
          id: r.id as string,
          chain,
          seq,
          organizationId: (r.organization_id as string | null) ?? null,
          loginIdTyped: r.login_id_typed as string,
          userId: (r.user_id as string | null) ?? null,
          action: r.action as string,
          screen: (r.screen as string | null) ?? null,
          occurredAt: instantFromDb(r.occurred_at),
          ip: (r.ip as string | null) ?? null,
          userAgent: (r.user_agent as string | null) ?? null,
          sessionSeconds: r.session_seconds === null ? null : Number(r.session_seconds),
        }),
      );
      await q.query('UPDATE login_history SET chain = ?, seq = ?, prev_hash = ?, hash = ? WHERE id = ?', [
        chain,
        seq,
        head.hash,
        hash,
        r.id,
      ]);
      heads.set(chain, { seq, hash });
    }
    for (const [chain, head] of heads) {
      await q.query(
        'INSERT INTO audit_chain_heads (chain, last_seq, last_hash, anchor_seq, anchor_hash) VALUES (?, ?, ?, 0, ?)',
        [headKey('login', chain), head.seq, head.hash, GENESIS_HASH],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('login_history', 'ix_login_history_org_login_time');
    await q.dropIndex('login_history', 'ux_login_history_chain_seq');
    for (const column of ['hash', 'prev_hash', 'seq', 'chain']) await q.dropColumn('login_history', column);
    await q.dropTable('audit_chain_heads');
    await q.dropTable('operation_history');
  }
}

// Frozen copy of the login-history chain format this migration wrote (`login1`, audit/audit-chain.ts at the time):
// a migration is history, so a later format must not change the hashes it computes.
const GENESIS_HASH = '0'.repeat(64);
const chainOf = (organizationId: string | null): string => organizationId ?? 'system';
const headKey = (kind: 'login', chain: string): string => `${kind}:${chain}`;

function canonicalLogin(r: {
  id: string;
  chain: string;
  seq: number;
  organizationId: string | null;
  loginIdTyped: string;
  userId: string | null;
  action: string;
  screen: string | null;
  occurredAt: Date;
  ip: string | null;
  userAgent: string | null;
  sessionSeconds: number | null;
}): string {
  return JSON.stringify([
    'login1',
    r.id,
    r.chain,
    Number(r.seq),
    r.organizationId,
    r.loginIdTyped,
    r.userId,
    r.action,
    r.screen,
    r.occurredAt.toISOString(),
    r.ip,
    r.userAgent,
    r.sessionSeconds === null ? null : Number(r.sessionSeconds),
  ]);
}

function chainHash(prevHash: string, canonical: string): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}
