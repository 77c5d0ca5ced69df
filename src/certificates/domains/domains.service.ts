import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, type Repository } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { isDuplicateKeyError } from '@kanri/common/database/database-errors';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { newId } from '@kanri/common/ids/new-id';
import type { Actor } from '@kanri/access/actor';
import { normalizeDnsName } from '../issuance/dns-names';
import { OrganizationDomain } from './organization-domain.entity';

export interface DomainView {
  id: string;
  domain: string;
  createdAt: string;
}

const taken = () =>
  new AppError(
    ErrorCode.DomainAlreadyRegistered,
    HttpStatus.CONFLICT,
    'This domain, a parent or a subdomain of it is already registered',
  );

/**
 * Registered domains per organization (SPEC §7 "server names must be in the organization's registered
 * domains"). A name is covered by a registered domain equal to it or above it. Domains of two organizations never
 * overlap (neither equal nor nested), so no organization can obtain a certificate for another's hosts.
 */
@Injectable()
export class DomainsService {
  constructor(
    @InjectRepository(OrganizationDomain) private readonly domains: Repository<OrganizationDomain>,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  async list(orgId: string): Promise<DomainView[]> {
    const rows = await this.domains.find({
      where: { organizationId: orgId },
      select: { id: true, domain: true, createdAt: true },
      order: { domain: 'ASC' },
    });
    return rows.map(toView);
  }

  async register(actor: Actor, input: string): Promise<DomainView> {
    const domain = normalizeDnsName(input);
    if (!domain) throw AppError.validation({ domain: ['must be a DNS domain name such as example.jp'] });
    const now = this.clock.now();
    const row: OrganizationDomain = {
      id: newId(now.getTime()),
      organizationId: actor.orgId,
      domain,
      createdBy: actor.userId,
      createdAt: now,
    };
    try {
      await this.tx.run(async (em) => {
        if (await this.overlaps(em, domain)) throw taken();
        await em.insert(OrganizationDomain, row);
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw taken();
      throw error;
    }
    return toView(row);
  }

  async remove(orgId: string, id: string): Promise<void> {
    const result = await this.tx.run((em) => em.delete(OrganizationDomain, { id, organizationId: orgId }));
    if (!result.affected) throw AppError.notFound('Domain');
  }

  /** The organization's domains, read inside the issuing transaction. */
  async domainsOf(em: EntityManager, orgId: string): Promise<string[]> {
    const rows = await em.find(OrganizationDomain, {
      where: { organizationId: orgId },
      select: { domain: true },
    });
    return rows.map((r) => r.domain);
  }

  private async overlaps(em: EntityManager, domain: string): Promise<boolean> {
    const labels = domain.split('.');
    const selfAndParents = labels.map((_, i) => labels.slice(i).join('.'));
    if (await em.exists(OrganizationDomain, { where: { domain: In(selfAndParents) } })) return true;
    // Normalized names contain no LIKE wildcards (`_` and `%` are not LDH), so the suffix can go in as is.
    return (
      (await em
        .createQueryBuilder(OrganizationDomain, 'd')
        .where('d.domain LIKE :suffix', { suffix: `%.${domain}` })
        .getCount()) > 0
    );
  }
}

function toView(row: Pick<OrganizationDomain, 'id' | 'domain' | 'createdAt'>): DomainView {
  return { id: row.id, domain: row.domain, createdAt: row.createdAt.toISOString() };
}
