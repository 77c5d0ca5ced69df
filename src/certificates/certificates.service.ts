import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import type { Actor } from '@kanri/access/actor';
import { OrganizationsService } from '../organizations/organizations.service';
import { UserAccounts } from '../users/user-accounts.service';
import { CaService } from './ca/ca.service';
import { Certificate } from './certificate.entity';
import {
  assertMayIssue,
  assertMayIssueWithoutApproval,
  certificateRights,
  type CertificateRights,
  maySee,
} from './certificate-policy';
import { type CertificateView, type IssuedCertificateView, toCertificateView } from './certificate.view';
import type { IssueCertificateDto, RenewCertificateDto } from './dto/issue-certificate.dto';
import type { CertificateFilterQuery, ListCertificatesQuery } from './dto/list-certificates.query';
import { CertificateIssuer, type CertifiedKey, type IssuancePlan } from './certificate-issuer';
import type { CertificateType } from './issuance/certificate-profiles';
import { checkKeyPolicy, verifyCsr } from './issuance/csr';
import type { RevocationReason } from './issuance/revocation-reasons';
import { canonicalSerial } from './issuance/serial-number';
import { serverNames, validCommonName } from './issuance/subject-names';
import { RevocationService } from './revocation.service';
import { x509 } from './x509/x509';

export interface CertificatePage {
  items: CertificateView[];
  total: number;
  page: number;
  perPage: number;
}

export interface CertificateStats {
  items: { domain: string | null; type: string; status: string; count: number }[];
  totals: { active: number; revoked: number; expired: number; all: number };
}

const EXPORT_CHUNK = 500;

/** What is asked of a new certificate, once its key has passed the key policy. */
export interface CertificateRequest {
  type: CertificateType;
  key: CertifiedKey & { commonName?: string | null; requestedDnsNames?: string[] };
  dnsNames?: string[];
  commonName?: string;
  holderUserId: string | null;
  validityDays: number;
  requestedBy: string;
}

/**
 * The holder of a certificate of this type: client and S/MIME certificates name a member (default: the caller);
 * the other types have none, and naming one is refused, not ignored (SPEC §0).
 */
export function holderOf(
  type: CertificateType,
  subjectUserId: string | undefined,
  callerId: string,
): string | null {
  if (type === 'client' || type === 'smime') return subjectUserId ?? callerId;
  if (subjectUserId !== undefined) {
    throw AppError.validation({
      subjectUserId: ['only client and S/MIME certificates have a holder (subjectUserId)'],
    });
  }
  return null;
}

/**
 * Issuing, renewing, revoking, listing and downloading an organization's certificates (SPEC §7). Every query
 * names the organization; certificates a caller may not see answer 404, like another organization's.
 */
@Injectable()
export class CertificatesService {
  constructor(
    @InjectRepository(Certificate) private readonly certificates: Repository<Certificate>,
    private readonly issuer: CertificateIssuer,
    private readonly revocation: RevocationService,
    private readonly ca: CaService,
    private readonly organizations: OrganizationsService,
    private readonly accounts: UserAccounts,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  async issue(actor: Actor, dto: IssueCertificateDto): Promise<IssuedCertificateView> {
    const rights = certificateRights(actor);
    assertMayIssueWithoutApproval(rights);
    const holderUserId = holderOf(dto.type, dto.subjectUserId, actor.userId);
    assertMayIssue(rights, dto.type, holderUserId);
    const validityDays = this.issuer.validityDays(dto.type, dto.validityDays);
    const csr = await verifyCsr(dto.csr);
    const plan = await this.plan(actor.orgId, {
      type: dto.type,
      key: csr,
      dnsNames: dto.dnsNames,
      commonName: dto.commonName,
      holderUserId,
      validityDays,
      requestedBy: actor.userId,
    });
    const certificate = await this.tx.run((em) => this.issuer.issue(em, plan));
    return this.issuedView(certificate);
  }

  /**
   * Everything a new certificate will say, from a verified key and the names asked for: the profile's rules for
   * the type (server names, the holder's name and address for client and S/MIME certificates). Used by the
   * issuing route and by an officer's approval of an application alike.
   */
  async plan(orgId: string, request: CertificateRequest): Promise<IssuancePlan> {
    const organizationName = await this.organizationName(orgId);
    const { key, type } = request;
    let commonName: string;
    let dnsNames: string[] = [];
    let email: string | null = null;
    switch (type) {
      case 'server':
        ({ dnsNames, commonName } = serverNames(request.dnsNames, {
          requestedDnsNames: key.requestedDnsNames ?? [],
          commonName: key.commonName ?? null,
        }));
        break;
      case 'client':
      case 'smime': {
        const holder = await this.accounts.findById(request.holderUserId!);
        if (!holder || holder.organizationId !== orgId) throw AppError.notFound('User');
        commonName = validCommonName(
          request.commonName ?? key.commonName ?? `${holder.familyName} ${holder.givenName}`,
        );
        email = holder.email;
        // An S/MIME certificate is about an address: without one it would certify nothing.
        if (type === 'smime' && !email) {
          throw new AppError(
            ErrorCode.CertificateNameInvalid,
            HttpStatus.UNPROCESSABLE_ENTITY,
            'An S/MIME certificate needs the holder to have an e-mail address',
          );
        }
        break;
      }
      case 'code_signing':
        commonName = validCommonName(request.commonName ?? key.commonName ?? organizationName);
        break;
    }
    return {
      organizationId: orgId,
      organizationName,
      type,
      commonName,
      dnsNames,
      email,
      key,
      validityDays: request.validityDays,
      holderUserId: request.holderUserId,
      officerId: null,
      requestedBy: request.requestedBy,
      renewedFromId: null,
    };
  }

  /**
   * Renewal: a new certificate with the same type, subject and names (server names re-checked against today's
   * registered domains), for a new key when a CSR is given or the same key otherwise. The old certificate stays
   * valid until it expires or is revoked, so it can be replaced without downtime, but it renews only once.
   */
  async renew(actor: Actor, id: string, dto: RenewCertificateDto): Promise<IssuedCertificateView> {
    const rights = certificateRights(actor);
    assertMayIssueWithoutApproval(rights);
    const old = await this.findVisible(rights, actor.orgId, id);
    assertMayIssue(rights, old.type, old.subjectUserId);
    const validityDays = this.issuer.validityDays(old.type, dto.validityDays);
    const key = dto.csr ? await verifyCsr(dto.csr) : keyOfCertificate(old.certificatePem);
    const organizationName = await this.organizationName(actor.orgId);
    const renewed = await this.tx.run((em) =>
      this.renewLocked(
        em,
        { organizationId: actor.orgId, organizationName, id, key, validityDays },
        actor.userId,
      ),
    );
    return this.issuedView(renewed);
  }

  /**
   * The renewal itself, inside the caller's transaction: locks the old certificate, refuses a revoked or already
   * renewed one, issues the new one with the same subject and names, and links the two.
   */
  async renewLocked(
    em: EntityManager,
    target: {
      organizationId: string;
      organizationName: string;
      id: string;
      key: CertifiedKey;
      validityDays: number;
    },
    requestedBy: string,
  ): Promise<Certificate> {
    const [locked] = await this.tx
      .lockForUpdate(
        em.createQueryBuilder(Certificate, 'c').where('c.id = :id AND c.organization_id = :org', {
          id: target.id,
          org: target.organizationId,
        }),
      )
      .getMany();
    if (!locked) throw AppError.notFound('Certificate');
    if (locked.status === 'revoked') {
      throw new AppError(
        ErrorCode.CertificateRevoked,
        HttpStatus.CONFLICT,
        'A revoked certificate cannot be renewed',
      );
    }
    if (locked.renewedById) {
      throw new AppError(
        ErrorCode.CertificateAlreadyRenewed,
        HttpStatus.CONFLICT,
        'This certificate was already renewed',
        { renewedById: locked.renewedById },
      );
    }
    const next = await this.issuer.issue(em, {
      organizationId: target.organizationId,
      organizationName: target.organizationName,
      type: locked.type,
      commonName: locked.commonName,
      dnsNames: locked.dnsNames,
      email: locked.email,
      key: target.key,
      validityDays: target.validityDays,
      holderUserId: locked.subjectUserId,
      officerId: locked.officerId,
      requestedBy,
      renewedFromId: locked.id,
      responsibleUserId: locked.responsibleUserId ?? locked.requestedBy,
    });
    await em.update(Certificate, { id: locked.id }, { renewedById: next.id });
    return next;
  }

  /** The certificate as a renewal would see it (visible to the caller, same organization), for an application. */
  async findForRenewal(actor: Actor, id: string): Promise<Certificate> {
    return this.findVisible(certificateRights(actor), actor.orgId, id);
  }

  /** A bulk renewal line names its certificate by serial; null when there is none the caller may see. */
  async findBySerialForRenewal(actor: Actor, serial: string): Promise<Certificate | null> {
    const certificate = await this.certificates.findOne({ where: { serial, organizationId: actor.orgId } });
    return certificate && maySee(certificateRights(actor), certificate) ? certificate : null;
  }

  /** 利用管理者情報更新: another member becomes answerable for a server or code-signing certificate. */
  async moveResponsible(actor: Actor, id: string, userId: string): Promise<CertificateView> {
    const member = await this.accounts.findById(userId);
    if (!member || member.organizationId !== actor.orgId) throw AppError.notFound('User');
    const moved = await this.tx.run(async (em) => {
      const [locked] = await this.tx
        .lockForUpdate(
          em.createQueryBuilder(Certificate, 'c').where('c.id = :id AND c.organization_id = :org', {
            id,
            org: actor.orgId,
          }),
        )
        .getMany();
      if (!locked) throw AppError.notFound('Certificate');
      if (locked.type !== 'server' && locked.type !== 'code_signing') {
        // A client or S/MIME certificate names its holder inside it; another person needs their own.
        throw AppError.unprocessable(
          ErrorCode.CertificateNameInvalid,
          'Only server and code-signing certificates have a responsible person to move; the holder of a client or S/MIME certificate is written in it',
          { type: locked.type },
        );
      }
      await em.update(Certificate, { id: locked.id }, { responsibleUserId: userId });
      return { ...locked, responsibleUserId: userId };
    });
    return toCertificateView(moved, this.clock.now());
  }

  async revoke(actor: Actor, id: string, reason: RevocationReason): Promise<CertificateView> {
    const rights = certificateRights(actor);
    await this.findVisible(rights, actor.orgId, id);
    const revoked = await this.tx.run(async (em) => {
      const [certificate] = await this.revocation.lockCertificates(em, { organizationId: actor.orgId, id });
      if (!certificate) throw AppError.notFound('Certificate');
      if (certificate.status === 'revoked') {
        throw new AppError(
          ErrorCode.CertificateAlreadyRevoked,
          HttpStatus.CONFLICT,
          'This certificate is already revoked',
          { revokedAt: certificate.revokedAt?.toISOString() ?? null },
        );
      }
      const [done] = await this.revocation.revokeLocked(em, [certificate], reason);
      return done;
    });
    return toCertificateView(revoked, this.clock.now());
  }

  async get(actor: Actor, id: string): Promise<CertificateView> {
    return toCertificateView(
      await this.findVisible(certificateRights(actor), actor.orgId, id),
      this.clock.now(),
    );
  }

  async download(
    actor: Actor,
    id: string,
    format: 'pem' | 'der',
    withChain: boolean,
  ): Promise<{ body: Buffer; contentType: string; filename: string }> {
    const certificate = await this.findVisible(certificateRights(actor), actor.orgId, id);
    if (format === 'der') {
      return {
        body: Buffer.from(new x509.X509Certificate(certificate.certificatePem).rawData),
        contentType: 'application/pkix-cert',
        filename: `${certificate.serial}.cer`,
      };
    }
    const issuingPem = withChain ? (await this.ca.issuing()).pem.trim() + '\n' : '';
    return {
      body: Buffer.from(certificate.certificatePem.trim() + '\n' + issuingPem, 'utf8'),
      contentType: 'application/x-pem-file',
      filename: `${certificate.serial}.pem`,
    };
  }

  async list(actor: Actor, query: ListCertificatesQuery): Promise<CertificatePage> {
    const rights = certificateRights(actor);
    const page = query.page ?? 1;
    const perPage = query.perPage ?? 25;
    const now = this.clock.now();
    const [rows, total] = await this.filtered(rights, actor.orgId, query, now)
      .orderBy('c.created_at', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .skip((page - 1) * perPage)
      .take(perPage)
      .getManyAndCount();
    return { items: rows.map((c) => toCertificateView(c, now)), total, page, perPage };
  }

  /** The filtered certificates in chunks, oldest first, for the bulk download (bounded memory). */
  async *exportChunks(actor: Actor, query: CertificateFilterQuery): AsyncGenerator<CertificateView[]> {
    const rights = certificateRights(actor);
    const now = this.clock.now();
    let after: string | null = null;
    for (;;) {
      const qb = this.filtered(rights, actor.orgId, query, now).orderBy('c.id', 'ASC').take(EXPORT_CHUNK);
      if (after) qb.andWhere('c.id > :after', { after });
      const rows = await qb.getMany();
      if (!rows.length) return;
      yield rows.map((c) => toCertificateView(c, now));
      after = rows[rows.length - 1].id;
      if (rows.length < EXPORT_CHUNK) return;
    }
  }

  /** 発行証明書統計照会: counts per registered domain, type and status. */
  async stats(orgId: string): Promise<CertificateStats> {
    const now = this.clock.now();
    const state =
      "CASE WHEN c.status = 'revoked' THEN 'revoked' WHEN c.not_after <= :now THEN 'expired' ELSE 'active' END";
    const rows = await this.certificates
      .createQueryBuilder('c')
      .select('c.domain', 'domain')
      .addSelect('c.type', 'type')
      .addSelect(state, 'state')
      .addSelect('COUNT(*)', 'n')
      .where('c.organization_id = :orgId', { orgId, now })
      .groupBy('c.domain')
      .addGroupBy('c.type')
      .addGroupBy(state)
      .orderBy('c.domain', 'ASC')
      .addOrderBy('c.type', 'ASC')
      .getRawMany<{ domain: string | null; type: string; state: string; n: string | number }>();
    const items = rows.map((r) => ({ domain: r.domain, type: r.type, status: r.state, count: Number(r.n) }));
    const totals = { active: 0, revoked: 0, expired: 0, all: 0 };
    for (const item of items) {
      totals[item.status as 'active' | 'revoked' | 'expired'] += item.count;
      totals.all += item.count;
    }
    return { items, totals };
  }

  /** A member's client certificates, newest first (the 電子証明書失効 confirmation shows their state and expiry). */
  async clientCertificatesOf(orgId: string, userId: string): Promise<CertificateView[]> {
    // Another organization's member, or no one: 404, as for any resource of another organization (SPEC §0).
    const member = await this.accounts.findById(userId);
    if (!member || member.organizationId !== orgId) throw AppError.notFound('User');
    const now = this.clock.now();
    const rows = await this.certificates.find({
      where: { organizationId: orgId, subjectUserId: userId, type: 'client' },
      order: { createdAt: 'DESC' },
    });
    return rows.map((c) => toCertificateView(c, now));
  }

  /** 電子証明書失効: revokes every active client certificate the member holds; 404 when there is none. */
  async revokeClientCertificatesOf(
    orgId: string,
    userId: string,
    reason: RevocationReason,
  ): Promise<{ revoked: CertificateView[] }> {
    const revoked = await this.tx.run(async (em) => {
      const certificates = await this.revocation.lockCertificates(em, {
        organizationId: orgId,
        holderUserId: userId,
        type: 'client',
        activeOnly: true,
      });
      if (!certificates.length) throw AppError.notFound('Active client certificate');
      return this.revocation.revokeLocked(em, certificates, reason);
    });
    const now = this.clock.now();
    return { revoked: revoked.map((c) => toCertificateView(c, now)) };
  }

  private filtered(
    rights: CertificateRights,
    orgId: string,
    query: CertificateFilterQuery,
    now: Date,
  ): SelectQueryBuilder<Certificate> {
    const qb = this.certificates.createQueryBuilder('c').where('c.organization_id = :orgId', { orgId });
    if (!rights.manage)
      qb.andWhere('(c.requested_by = :me OR c.subject_user_id = :me OR c.responsible_user_id = :me)', {
        me: rights.userId,
      });
    if (query.type) qb.andWhere('c.type = :type', { type: query.type });
    if (query.domain) qb.andWhere('c.domain = :domain', { domain: query.domain.toLowerCase() });
    if (query.holderUserId) qb.andWhere('c.subject_user_id = :holder', { holder: query.holderUserId });
    switch (query.status) {
      case undefined:
        break;
      case 'revoked':
        qb.andWhere("c.status = 'revoked'");
        break;
      case 'active':
        qb.andWhere("c.status = 'active' AND c.not_after > :now", { now });
        break;
      case 'expired':
        qb.andWhere("c.status = 'active' AND c.not_after <= :now", { now });
        break;
    }
    if (query.q) {
      const like = `%${query.q.replace(/[!%_]/g, (ch) => `!${ch}`)}%`;
      qb.andWhere("(c.common_name LIKE :like ESCAPE '!' OR c.serial = :serial)", {
        like,
        serial: canonicalSerial(query.q),
      });
    }
    return qb;
  }

  private async findVisible(rights: CertificateRights, orgId: string, id: string): Promise<Certificate> {
    const certificate = await this.certificates.findOne({ where: { id, organizationId: orgId } });
    if (!certificate || !maySee(rights, certificate)) throw AppError.notFound('Certificate');
    return certificate;
  }

  async organizationName(orgId: string): Promise<string> {
    const organization = await this.organizations.summary(orgId);
    if (!organization) throw AppError.notFound('Organization');
    return organization.name;
  }

  async issuedView(certificate: Certificate): Promise<IssuedCertificateView> {
    return {
      ...toCertificateView(certificate, this.clock.now()),
      certificatePem: certificate.certificatePem,
      chainPem: await this.ca.chainPem(),
    };
  }
}

/** The key of a certificate being renewed without a CSR, held to today's key policy. */
export function keyOfCertificate(pem: string): CertifiedKey {
  const publicKey = new x509.X509Certificate(pem).publicKey;
  const spki = Buffer.from(publicKey.rawData);
  return {
    publicKey,
    ...checkKeyPolicy(spki),
    publicKeySha256: createHash('sha256').update(spki).digest('hex'),
  };
}
