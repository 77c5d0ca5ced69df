import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { isDuplicateKeyError } from '@kanri/common/database/database-errors';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { CA_SETTINGS, DAY_MS } from './ca-settings';
import { CaService } from './ca.service';
import { buildCrl } from './crl-builder';
import { CrlState } from './crl-state.entity';

/**
 * The root's CRL: what the issuing CA certificate's CRL distribution point names, so that a relying party checking
 * the whole chain (`openssl verify -crl_check_all`, Windows) finds a current one. It is always empty (Kanri has no
 * operation that revokes its issuing CA) and lives as long as the issuing CA's CRL, re-signed by the same hourly
 * job once half of that has passed. A CA created before the root published a CRL gets its first one at start.
 */
@Injectable()
export class RootCrlService implements OnApplicationBootstrap {
  constructor(
    @InjectRepository(CrlState) private readonly crls: Repository<CrlState>,
    private readonly ca: CaService,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { root } = await this.ca.ca();
    if (await this.crls.existsBy({ caId: root.id })) return;
    const state = await this.sign(1);
    try {
      await this.tx.run((em) => em.insert(CrlState, state));
    } catch (error) {
      // Another instance starting at the same moment inserted it first.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  /** The root's current CRL, DER. */
  async current(): Promise<{ der: Buffer; state: Omit<CrlState, 'crlDer'> }> {
    const { root } = await this.ca.ca();
    const { crlDer, ...state } = await this.crls.findOneOrFail({ where: { caId: root.id } });
    return { der: Buffer.from(crlDer, 'base64'), state };
  }

  async isRefreshDue(): Promise<boolean> {
    const { state } = await this.current();
    return this.isDue(state);
  }

  /** Re-signs the root CRL with the next number once half of its lifetime has passed; returns whether it did. */
  async refreshIfDue(): Promise<boolean> {
    const { root } = await this.ca.ca();
    return this.tx.run(async (em) => {
      const state = await this.tx
        .lockForUpdate(em.createQueryBuilder(CrlState, 'crl').where('crl.ca_id = :id', { id: root.id }))
        .getOneOrFail();
      if (!this.isDue(state)) return false;
      const next = await this.sign(state.crlNumber + 1);
      await em.update(CrlState, { caId: root.id }, next);
      return true;
    });
  }

  private async sign(crlNumber: number): Promise<CrlState> {
    const { root } = await this.ca.ca();
    const thisUpdate = this.clock.now();
    const nextUpdate = new Date(thisUpdate.getTime() + CA_SETTINGS.crlValidityDays * DAY_MS);
    const der = await buildCrl(root, crlNumber, thisUpdate, nextUpdate, []);
    return { caId: root.id, crlNumber, thisUpdate, nextUpdate, crlDer: der.toString('base64') };
  }

  private isDue(state: Pick<CrlState, 'thisUpdate' | 'nextUpdate'>): boolean {
    const halfLife = (state.nextUpdate.getTime() - state.thisUpdate.getTime()) / 2;
    return this.clock.now().getTime() >= state.thisUpdate.getTime() + halfLife;
  }
}
