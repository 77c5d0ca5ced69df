import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { Certificate } from '../certificate.entity';
import { REVOCATION_REASON_CODES } from '../issuance/revocation-reasons';
import { CA_SETTINGS, DAY_MS } from './ca-settings';
import { CaService } from './ca.service';
import { buildCrl } from './crl-builder';
import { CrlState } from './crl-state.entity';

/**
 * The issuing CA's CRL (SPEC §7). It is regenerated inside the transaction that revokes, so a revoked serial is
 * in the CRL that `GET /ca/crl` serves as soon as the revocation commits, and refreshed by a job before
 * `nextUpdate`. Revoked certificates leave the CRL once they have expired (RFC 5280 §3.3).
 */
@Injectable()
export class CrlService {
  constructor(
    @InjectRepository(CrlState) private readonly crls: Repository<CrlState>,
    private readonly ca: CaService,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  /** The current CRL, DER. */
  async current(): Promise<{ der: Buffer; state: Omit<CrlState, 'crlDer'> }> {
    const issuing = await this.ca.issuing();
    const state = await this.crls.findOneOrFail({ where: { caId: issuing.id } });
    const { crlDer, ...rest } = state;
    return { der: Buffer.from(crlDer, 'base64'), state: rest };
  }

  /**
   * Takes the CRL lock. Revocations take it before locking any certificate row, so that every path which revokes
   * and regenerates locks in the same order (CRL, then certificates) and cannot deadlock another.
   */
  async lock(em: EntityManager): Promise<void> {
    const issuing = await this.ca.issuing();
    await this.tx
      .lockForUpdate(em.createQueryBuilder(CrlState, 'crl').where('crl.ca_id = :id', { id: issuing.id }))
      .getOneOrFail();
  }

  /**
   * Signs a new CRL with the next CRL number, inside the caller's transaction. The CRL row is locked first, so
   * concurrent regenerations queue up and each one reads every revocation committed before it.
   */
  async regenerate(em: EntityManager): Promise<CrlState> {
    const issuing = await this.ca.issuing();
    const state = await this.tx
      .lockForUpdate(em.createQueryBuilder(CrlState, 'crl').where('crl.ca_id = :id', { id: issuing.id }))
      .getOneOrFail();
    const now = this.clock.now();
    // A locking read, so that on MySQL it sees the latest committed revocations rather than a snapshot.
    const revoked = await this.tx
      .lockForUpdate(
        em
          .createQueryBuilder(Certificate, 'c')
          .select(['c.id', 'c.serial', 'c.revokedAt', 'c.revocationReason'])
          .where("c.ca_id = :ca AND c.status = 'revoked' AND c.not_after > :now", { ca: issuing.id, now })
          .orderBy('c.revoked_at', 'ASC'),
      )
      .getMany();
    const next: CrlState = {
      caId: issuing.id,
      crlNumber: state.crlNumber + 1,
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + CA_SETTINGS.crlValidityDays * DAY_MS),
      crlDer: '',
    };
    const der = await buildCrl(
      issuing,
      next.crlNumber,
      next.thisUpdate,
      next.nextUpdate,
      revoked.map((c) => ({
        serial: c.serial,
        revokedAt: c.revokedAt ?? now,
        reasonCode: REVOCATION_REASON_CODES[c.revocationReason ?? 'unspecified'],
      })),
    );
    next.crlDer = der.toString('base64');
    await em.update(
      CrlState,
      { caId: issuing.id },
      {
        crlNumber: next.crlNumber,
        thisUpdate: next.thisUpdate,
        nextUpdate: next.nextUpdate,
        crlDer: next.crlDer,
      },
    );
    return next;
  }

  /** Whether half of the current CRL's lifetime has passed (a plain read; `refreshIfDue` decides under the lock). */
  async isRefreshDue(): Promise<boolean> {
    const { state } = await this.current();
    return this.isDue(state);
  }

  /**
   * The refresh job's work: re-sign once half of the CRL's lifetime has passed (or at once if it has lapsed).
   * Returns whether a new CRL was signed. Idempotent: a second run in the same half-life does nothing.
   */
  async refreshIfDue(): Promise<boolean> {
    const issuing = await this.ca.issuing();
    return this.tx.run(async (em) => {
      const state = await this.tx
        .lockForUpdate(em.createQueryBuilder(CrlState, 'crl').where('crl.ca_id = :id', { id: issuing.id }))
        .getOneOrFail();
      if (!this.isDue(state)) return false;
      await this.regenerate(em);
      return true;
    });
  }

  private isDue(state: Pick<CrlState, 'thisUpdate' | 'nextUpdate'>): boolean {
    const halfLife = (state.nextUpdate.getTime() - state.thisUpdate.getTime()) / 2;
    return this.clock.now().getTime() >= state.thisUpdate.getTime() + halfLife;
  }
}
