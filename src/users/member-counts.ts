import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { addToCounters } from '@kanri/common/database/counter-rows';
import { TransactionService } from '@kanri/common/database/transaction.service';

/**
 * The per-organization member counter (`organization_member_counts`): how many accounts have `organization_id` =
 * the organization, disabled and provisional ones included — what the user list's unfiltered total shows, read in
 * one primary-key lookup instead of counting 100,000 index entries.
 *
 * Every statement that gives an account an organization or takes it away (an insert with an organization, a move, a
 * delete) lives in this module (MemberAccounts, UserMemberships, UserAccounts) and calls `add` with the same `em`,
 * so the counter commits or rolls back with the change. The row of an organization is created by its first member
 * (an upsert); an organization without a row has no members. On MySQL the update is a row write, so concurrent
 * changes of one organization serialize on it (and on a Galera cluster the later one fails certification and is
 * retried whole, like every transaction of TransactionService). The invariant soak checks counter = COUNT(*).
 */
@Injectable()
export class MemberCounts {
  constructor(private readonly tx: TransactionService) {}

  /**
   * Adds `delta` members to each organization (negative: removes). Rows are written in organization id order, so two
   * transactions that change the same organizations never wait on each other in opposite orders.
   */
  async add(em: EntityManager, deltas: ReadonlyMap<string, number>): Promise<void> {
    await addToCounters(
      em,
      this.tx.isMysql,
      { table: 'organization_member_counts', keyColumns: ['organization_id'], counter: 'members' },
      [...deltas].map(([orgId, delta]) => ({ key: [orgId], delta })),
    );
  }

  /** `add` for the organizations of these accounts (null = no organization, not counted). */
  async addAccounts(
    em: EntityManager,
    organizationIds: readonly (string | null)[],
    sign: 1 | -1,
  ): Promise<void> {
    const deltas = new Map<string, number>();
    for (const orgId of organizationIds) if (orgId) deltas.set(orgId, (deltas.get(orgId) ?? 0) + sign);
    await this.add(em, deltas);
  }

  /** How many members the organization has (outside a transaction: the last committed value). */
  async read(orgId: string, em: EntityManager = this.tx.dataSource.manager): Promise<number> {
    const rows: { members: number | string }[] = await em.query(
      'SELECT members FROM organization_member_counts WHERE organization_id = ?',
      [orgId],
    );
    return Number(rows[0]?.members ?? 0);
  }
}
