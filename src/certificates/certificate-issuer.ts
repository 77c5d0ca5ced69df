import { HttpStatus, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { newId } from '@kanri/common/ids/new-id';
import { CA_SETTINGS, DAY_MS } from './ca/ca-settings';
import { CaService } from './ca/ca.service';
import { Certificate } from './certificate.entity';
import { DomainsService } from './domains/domains.service';
import { pemWithNewline, x509 } from './x509/x509';
import { CERTIFICATE_PROFILES, type CertificateType } from './issuance/certificate-profiles';
import { coveringDomain } from './issuance/dns-names';
import { randomSerialNumber } from './issuance/serial-number';

/** The public key a certificate certifies, after the key policy (from a verified CSR or a certificate being renewed). */
export interface CertifiedKey {
  publicKey: x509.PublicKey;
  keyKind: 'rsa' | 'ec';
  keyAlgorithm: string;
  publicKeySha256: string;
}

/** Everything a certificate will say, decided by the caller's rules before anything is signed. */
export interface IssuancePlan {
  organizationId: string;
  organizationName: string;
  type: CertificateType;
  commonName: string;
  /** Server certificates: validated, normalized host names (checked against registered domains here). */
  dnsNames: string[];
  email: string | null;
  key: CertifiedKey;
  validityDays: number;
  holderUserId: string | null;
  officerId: string | null;
  requestedBy: string | null;
  renewedFromId: string | null;
  /** 利用管理者 when it is not the requester (a renewal keeps the renewed certificate's). */
  responsibleUserId?: string | null;
}

/**
 * Turns a plan into a signed, recorded certificate inside the caller's transaction. The extensions come from the
 * type's profile only (basic constraints, key usage, extended key usage, SAN from the validated names, key
 * identifiers), never from the CSR. Server names are checked against the organization's registered domains in
 * the same transaction that records the certificate.
 */
@Injectable()
export class CertificateIssuer {
  constructor(
    private readonly ca: CaService,
    private readonly domains: DomainsService,
    private readonly clock: Clock,
  ) {}

  /** The validity to use: the profile default, or the request within the profile's maximum. */
  validityDays(type: CertificateType, requested: number | undefined): number {
    const profile = CERTIFICATE_PROFILES[type];
    const days = requested ?? profile.defaultDays;
    if (days > profile.maxDays) {
      throw AppError.unprocessable(
        ErrorCode.CertificateValidityTooLong,
        `A ${type} certificate may be valid for at most ${profile.maxDays} days`,
        { maxDays: profile.maxDays, requested: days },
      );
    }
    return days;
  }

  async issue(em: EntityManager, plan: IssuancePlan): Promise<Certificate> {
    const domain = plan.type === 'server' ? await this.checkServerNames(em, plan) : null;
    const profile = CERTIFICATE_PROFILES[plan.type];
    const now = this.clock.now();
    const serial = randomSerialNumber();
    const subject: x509.JsonName = [{ CN: [plan.commonName] }, { O: [plan.organizationName] }];
    const extensions: x509.Extension[] = [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(profile.keyUsage(plan.key.keyKind), true),
      new x509.ExtendedKeyUsageExtension([profile.extendedKeyUsage], false),
      await x509.SubjectKeyIdentifierExtension.create(plan.key.publicKey),
    ];
    const altNames: x509.JsonGeneralNames = [
      ...plan.dnsNames.map((value) => ({ type: 'dns' as const, value })),
      ...(plan.email ? [{ type: 'email' as const, value: plan.email }] : []),
    ];
    if (altNames.length) extensions.push(new x509.SubjectAlternativeNameExtension(altNames, false));
    const signed = await this.ca.sign({
      publicKey: plan.key.publicKey,
      subject,
      serial,
      notBefore: new Date(now.getTime() - CA_SETTINGS.backdateMs),
      notAfter: new Date(now.getTime() + plan.validityDays * DAY_MS),
      extensions,
    });
    const issuing = await this.ca.issuing();
    const certificate: Certificate = {
      id: newId(now.getTime()),
      organizationId: plan.organizationId,
      caId: issuing.id,
      type: plan.type,
      serial,
      subject: signed.subject.slice(0, 512),
      commonName: plan.commonName,
      dnsNames: plan.dnsNames,
      email: plan.email,
      domain,
      subjectUserId: plan.holderUserId,
      officerId: plan.officerId,
      requestedBy: plan.requestedBy,
      responsibleUserId: plan.responsibleUserId ?? null,
      keyAlgorithm: plan.key.keyAlgorithm,
      publicKeySha256: plan.key.publicKeySha256,
      certificatePem: pemWithNewline(signed),
      notBefore: signed.notBefore,
      notAfter: signed.notAfter,
      status: 'active',
      revokedAt: null,
      revocationReason: null,
      renewedFromId: plan.renewedFromId,
      renewedById: null,
      createdAt: now,
    };
    await em.insert(Certificate, certificate);
    return certificate;
  }

  /** Every server name must be covered by a registered domain; returns the domain of the first name. */
  private async checkServerNames(em: EntityManager, plan: IssuancePlan): Promise<string> {
    if (!plan.dnsNames.length) {
      throw new AppError(
        ErrorCode.CertificateNameInvalid,
        HttpStatus.UNPROCESSABLE_ENTITY,
        'A server certificate needs at least one host name',
      );
    }
    const registered = await this.domains.domainsOf(em, plan.organizationId);
    const covered = plan.dnsNames.map((name) => coveringDomain(name, registered));
    const unregistered = plan.dnsNames.filter((_, i) => !covered[i]);
    if (unregistered.length) {
      throw AppError.unprocessable(
        ErrorCode.CertificateDomainNotRegistered,
        'Server names must be registered domains of the organization or their subdomains',
        { names: unregistered },
      );
    }
    return covered[0]!;
  }
}
