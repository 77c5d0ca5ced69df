import { Injectable } from '@nestjs/common';
import { type EntityManager, In } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { CrlService } from './ca/crl.service';
import { Certificate } from './certificate.entity';
import type { RevocationReason } from './issuance/revocation-reasons';

const CHUNK = 500;

/**
 * Revocation inside a caller's transaction (a revoke request, an administrator's 電子証明書失効, a user's deletion):
 * the CRL lock first, then the certificate rows, then the new CRL, all committing together (SPEC §7 "Revocation
 * regenerates the CRL at once").
 */
@Injectable()
export class RevocationService {
  constructor(
    private readonly crl: CrlService,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  /**
   * Locks the CRL and then the certificates `where` selects (organization and holder filters), returning them
   * so the caller can check them before `revokeLocked`.
   */
  async lockCertificates(
    em: EntityManager,
    where: {
      organizationId?: string;
      id?: string;
      holderUserId?: string;
      type?: string;
      activeOnly?: boolean;
    },
  ): Promise<Certificate[]> {
    await this.crl.lock(em);
    const qb = em.createQueryBuilder(Certificate, 'c').where('1 = 1');
    if (where.organizationId) qb.andWhere('c.organization_id = :org', { org: where.organizationId });
    if (where.id) qb.andWhere('c.id = :id', { id: where.id });
    if (where.holderUserId) qb.andWhere('c.subject_user_id = :holder', { holder: where.holderUserId });
    if (where.type) qb.andWhere('c.type = :type', { type: where.type });
    if (where.activeOnly) qb.andWhere("c.status = 'active'");
    return this.tx.lockForUpdate(qb.orderBy('c.created_at', 'ASC')).getMany();
  }

  /** Marks the (locked, active) certificates revoked and signs the new CRL. */
  async revokeLocked(
    em: EntityManager,
    certificates: Certificate[],
    reason: RevocationReason,
  ): Promise<Certificate[]> {
    const active = certificates.filter((c) => c.status === 'active');
    if (!active.length) return [];
    const now = this.clock.now();
    for (let i = 0; i < active.length; i += CHUNK) {
      await em.update(
        Certificate,
        { id: In(active.slice(i, i + CHUNK).map((c) => c.id)), status: 'active' },
        { status: 'revoked', revokedAt: now, revocationReason: reason },
      );
    }
    await this.crl.regenerate(em);
    return active.map((c) => ({
      ...c,
      status: 'revoked' as const,
      revokedAt: now,
      revocationReason: reason,
    }));
  }
}
