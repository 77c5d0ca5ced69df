import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { Organization } from './organization.entity';

/**
 * The organization row is the parent lock of everything that counts members or managers (invariants are checked
 * after locking the parent row, docs/architecture.md "Authorization"): joins, moves, removals, manager changes, group
 * tree changes and settings updates all take it first, so they run one after another per organization on MySQL.
 * Several rows are locked in id order, which keeps two moves between the same organizations from deadlocking.
 */
@Injectable()
export class OrganizationLock {
  constructor(private readonly tx: TransactionService) {}

  /** Locks and returns the organization row (inside `tx.run`); 404 when it does not exist. */
  async lock(em: EntityManager, orgId: string): Promise<Organization> {
    const org = await this.tx
      .lockForUpdate(em.createQueryBuilder(Organization, 'o').where('o.id = :orgId', { orgId }))
      .getOne();
    if (!org) throw AppError.notFound('Organization');
    return org;
  }

  /** Locks several organizations in a stable order; returns them by id. */
  async lockAll(em: EntityManager, orgIds: readonly string[]): Promise<Map<string, Organization>> {
    const locked = new Map<string, Organization>();
    for (const id of [...new Set(orgIds)].sort()) locked.set(id, await this.lock(em, id));
    return locked;
  }
}
