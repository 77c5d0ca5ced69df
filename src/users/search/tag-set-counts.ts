import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TransactionService } from '@kanri/common/database/transaction.service';

import type { TagSetCount } from './tag-set-match';

/**
 * The members of each organization counted by their whole list of tags (`organization_tag_sets`, keyed by the 属性
 * sort key): the total of an attribute filter adds up the lists that hold one of its tags — an organization has a
 * few hundred distinct lists at most, where counting the matching attribute rows reads one per member (17 ms for
 * 20,000 on MariaDB). Kept by UserSearchIndex in the transaction that writes the attribute rows, so it commits or
 * rolls back with them; members without tags are not counted (no filter matches them).
 */
@Injectable()
export class TagSetCounts {
  constructor(private readonly tx: TransactionService) {}

  /**
   * Adds `delta` members to each (organization, sort key), in key order, so that two transactions never wait on each
   * other's rows in opposite orders.
   */
  async add(
    em: EntityManager,
    deltas: ReadonlyMap<string, { orgId: string; sortKey: string; delta: number }>,
  ): Promise<void> {
    const changes = [...deltas].filter(([, d]) => d.delta !== 0).sort(([a], [b]) => (a < b ? -1 : 1));
    for (const [, { orgId, sortKey, delta }] of changes) {
      await em.query(
        this.tx.isMysql
          ? `INSERT INTO organization_tag_sets (organization_id, sort_key, members) VALUES (?, ?, ?)
               ON DUPLICATE KEY UPDATE members = members + VALUES(members)`
          : `INSERT INTO organization_tag_sets (organization_id, sort_key, members) VALUES (?, ?, ?)
               ON CONFLICT (organization_id, sort_key) DO UPDATE SET members = members + excluded.members`,
        [orgId, sortKey, delta],
      );
    }
  }

  /** The organization's tag lists that members have (the last committed values). */
  async read(orgId: string, em: EntityManager = this.tx.dataSource.manager): Promise<TagSetCount[]> {
    const rows: { sort_key: string; members: number | string }[] = await em.query(
      'SELECT sort_key, members FROM organization_tag_sets WHERE organization_id = ? AND members > 0',
      [orgId],
    );
    return rows.map((r) => ({ sortKey: r.sort_key, members: Number(r.members) }));
  }
}
