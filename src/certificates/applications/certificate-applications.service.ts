import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { newId } from '@kanri/common/ids/new-id';
import type { Actor } from '@kanri/access/actor';
import { Mailer } from '../../mail/mailer';
import { UserAccounts } from '../../users/user-accounts.service';
import { CaService } from '../ca/ca.service';
import { Certificate } from '../certificate.entity';
import { CertificateIssuer, type CertifiedKey } from '../certificate-issuer';
import { assertMayIssue, assertMayIssueWithoutApproval, certificateRights } from '../certificate-policy';
import { type CertificateView, toCertificateView } from '../certificate.view';
import { CertificatesService, holderOf, keyOfCertificate } from '../certificates.service';
import { DomainsService } from '../domains/domains.service';
import { CERTIFICATE_TYPE_LABELS } from '../issuance/certificate-profiles';
import { verifyCsr } from '../issuance/csr';
import { coveringDomain } from '../issuance/dns-names';
import { generateKey, type GeneratedKeyAlgorithm } from '../issuance/generated-key';
import { buildPkcs12 } from '../issuance/pkcs12';
import { x509 } from '../x509/x509';
import { type ApplicationLineError, parseApplicationTsv } from './application-tsv';
import { CertificateApplication } from './certificate-application.entity';
import type {
  ListApplicationsQuery,
  SubmitApplicationDto,
  SubmitRenewalApplicationDto,
} from './dto/application.dto';

export interface ApplicationView {
  id: string;
  organizationId: string;
  kind: CertificateApplication['kind'];
  type: CertificateApplication['type'];
  status: CertificateApplication['status'];
  keySource: CertificateApplication['keySource'];
  keyAlgorithm: string | null;
  commonName: string | null;
  dnsNames: string[];
  holderUserId: string | null;
  renewalOfId: string | null;
  validityDays: number | null;
  applicantId: string;
  decidedBy: string | null;
  decidedAt: string | null;
  rejectionReason: string | null;
  certificateId: string | null;
  createdAt: string;
}

/** An approval's answer: the application and, unless a generated key waits for its applicant, the certificate. */
export interface ApprovalView {
  application: ApplicationView;
  certificate: CertificateView | null;
}

/** The PKCS#12 handed once to the applicant of an approved application with a server-generated key. */
export interface CollectedPkcs12 {
  body: Buffer;
  filename: string;
}

const INSERT_CHUNK = 200;
/** Errors listed in a refused bulk file's details (the count says how many there were). */
const MAX_LISTED_ERRORS = 100;

/**
 * 証明書申請 (SPEC §15, manual 002): members with `certificates.request` apply; the registration officer
 * (`certificates.manage`) approves, which issues the certificate, or rejects with a reason; the applicant is mailed
 * either way. Without a CSR the key is generated when the applicant collects the approved certificate, handed once
 * in a password-protected PKCS#12, and never stored. Approvals lock the application row, so two officers
 * approving the same application issue one certificate.
 */
@Injectable()
export class CertificateApplicationsService {
  constructor(
    @InjectRepository(CertificateApplication)
    private readonly applications: Repository<CertificateApplication>,
    private readonly certificates: CertificatesService,
    private readonly issuer: CertificateIssuer,
    private readonly domains: DomainsService,
    private readonly ca: CaService,
    private readonly accounts: UserAccounts,
    private readonly mailer: Mailer,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
  ) {}

  async submit(actor: Actor, dto: SubmitApplicationDto): Promise<ApplicationView> {
    if ((dto.csr === undefined) === (dto.keyAlgorithm === undefined)) {
      throw AppError.validation({
        csr: ['send either a CSR or a keyAlgorithm for Kanri to generate the key, not both'],
      });
    }
    const rights = certificateRights(actor);
    const holderUserId = holderOf(dto.type, dto.holderUserId, actor.userId);
    assertMayIssue(rights, dto.type, holderUserId);
    const validityDays = this.issuer.validityDays(dto.type, dto.validityDays);
    const csr = dto.csr === undefined ? null : await verifyCsr(dto.csr);
    const plan = await this.certificates.plan(actor.orgId, {
      type: dto.type,
      key: csr ?? PLACEHOLDER_KEY,
      dnsNames: dto.dnsNames,
      commonName: dto.commonName,
      holderUserId,
      validityDays,
      requestedBy: actor.userId,
    });
    await this.assertDomainsRegistered(actor.orgId, plan.dnsNames);
    const application = this.newApplication(actor, {
      kind: 'new',
      type: dto.type,
      keySource: csr ? 'csr' : 'server',
      keyAlgorithm: csr ? csr.keyAlgorithm : dto.keyAlgorithm!,
      csrPem: dto.csr ?? null,
      commonName: plan.commonName,
      dnsNames: plan.dnsNames,
      holderUserId,
      validityDays,
    });
    await this.tx.run((em) => em.insert(CertificateApplication, application));
    return toApplicationView(application);
  }

  /** 更新申請: a renewal of a certificate the applicant may see, with a new CSR's key or the same key. */
  async submitRenewal(actor: Actor, dto: SubmitRenewalApplicationDto): Promise<ApplicationView> {
    const rights = certificateRights(actor);
    const old = await this.certificates.findForRenewal(actor, dto.certificateId);
    assertMayIssue(rights, old.type, old.subjectUserId);
    const validityDays = this.issuer.validityDays(old.type, dto.validityDays);
    const key = dto.csr ? await verifyCsr(dto.csr) : keyOfCertificate(old.certificatePem);
    this.assertRenewable(old);
    const application = this.newApplication(actor, {
      kind: 'renewal',
      type: old.type,
      keySource: dto.csr ? 'csr' : 'same',
      keyAlgorithm: key.keyAlgorithm,
      csrPem: dto.csr ?? null,
      commonName: old.commonName,
      dnsNames: old.dnsNames,
      holderUserId: old.subjectUserId,
      validityDays,
      renewalOfId: old.id,
    });
    await this.tx.run((em) => em.insert(CertificateApplication, application));
    return toApplicationView(application);
  }

  /**
   * A bulk application file (application-tsv.ts): every line is checked — its own content, then the certificate
   * a renewal names, the holder's address and the registered domains — and the file is taken whole or refused
   * whole (422 APPLICATION_FILE_INVALID, every bad line in `details.errors`), nothing written.
   */
  async submitBulk(actor: Actor, tsv: string): Promise<{ created: number; items: ApplicationView[] }> {
    const rights = certificateRights(actor);
    const parsed = parseApplicationTsv(tsv);
    const errors: ApplicationLineError[] = [...parsed.errors];
    const holders = new Map(
      (
        await this.accounts.membersByEmail(actor.orgId, [
          ...new Set(parsed.lines.flatMap((l) => (l.kind === 'new' && l.email ? [l.email] : []))),
        ])
      ).map((u) => [u.email!.toLowerCase(), u.id]),
    );
    const rows: CertificateApplication[] = [];
    for (const line of parsed.lines) {
      try {
        if (line.kind === 'renewal') {
          const old = await this.certificates.findBySerialForRenewal(actor, line.serial);
          if (!old) {
            errors.push({ line: line.line, column: 'シリアル番号', message: 'no such certificate of yours' });
            continue;
          }
          assertMayIssue(rights, old.type, old.subjectUserId);
          this.assertRenewable(old);
          const key = keyOfCertificate(old.certificatePem);
          rows.push(
            this.newApplication(actor, {
              kind: 'renewal',
              type: old.type,
              keySource: 'same',
              keyAlgorithm: key.keyAlgorithm,
              csrPem: null,
              commonName: old.commonName,
              dnsNames: old.dnsNames,
              holderUserId: old.subjectUserId,
              validityDays: this.issuer.validityDays(old.type, undefined),
              renewalOfId: old.id,
            }),
          );
          continue;
        }
        let holderUserId: string | null = null;
        if (line.type === 'client' || line.type === 'smime') {
          holderUserId = holders.get(line.email!.toLowerCase()) ?? null;
          if (!holderUserId) {
            errors.push({
              line: line.line,
              column: 'メールアドレス',
              message: 'no member of the organization has this address',
            });
            continue;
          }
        }
        assertMayIssue(rights, line.type, holderUserId);
        const validityDays = this.issuer.validityDays(line.type, undefined);
        const plan = await this.certificates.plan(actor.orgId, {
          type: line.type,
          key: PLACEHOLDER_KEY,
          dnsNames: line.type === 'server' ? line.dnsNames : undefined,
          commonName: line.commonName ?? undefined,
          holderUserId,
          validityDays,
          requestedBy: actor.userId,
        });
        await this.assertDomainsRegistered(actor.orgId, plan.dnsNames);
        rows.push(
          this.newApplication(actor, {
            kind: 'new',
            type: line.type,
            keySource: 'server',
            keyAlgorithm: line.keyAlgorithm,
            csrPem: null,
            commonName: plan.commonName,
            dnsNames: plan.dnsNames,
            holderUserId,
            validityDays,
          }),
        );
      } catch (error) {
        if (!(error instanceof AppError) || error.status >= 500) throw error;
        errors.push({ line: line.line, column: null, message: `${error.code}: ${error.message}` });
      }
    }
    if (errors.length) {
      errors.sort((a, b) => a.line - b.line);
      const first = errors[0];
      throw AppError.unprocessable(
        ErrorCode.ApplicationFileInvalid,
        `Line ${first.line}${first.column ? ` (${first.column})` : ''}: ${first.message}; no application was registered`,
        { errorCount: errors.length, errors: errors.slice(0, MAX_LISTED_ERRORS) },
      );
    }
    await this.tx.run(async (em) => {
      for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
        await em.insert(CertificateApplication, rows.slice(i, i + INSERT_CHUNK));
      }
    });
    return { created: rows.length, items: rows.map(toApplicationView) };
  }

  /** The officer's queue (all of the organization's applications) or, for an applicant, their own. */
  async list(
    actor: Actor,
    query: ListApplicationsQuery,
  ): Promise<{ items: ApplicationView[]; total: number; page: number; perPage: number }> {
    const rights = certificateRights(actor);
    const page = query.page ?? 1;
    const perPage = query.perPage ?? 25;
    const qb = this.applications
      .createQueryBuilder('a')
      .where('a.organization_id = :org', { org: actor.orgId });
    if (!rights.manage) qb.andWhere('a.applicant_id = :me', { me: actor.userId });
    if (query.status) qb.andWhere('a.status = :status', { status: query.status });
    const [rows, total] = await qb
      .orderBy('a.created_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .skip((page - 1) * perPage)
      .take(perPage)
      .getManyAndCount();
    return { items: rows.map(toApplicationView), total, page, perPage };
  }

  async get(actor: Actor, id: string): Promise<ApplicationView> {
    return toApplicationView(await this.findVisible(actor, id));
  }

  /**
   * 承認: with a CSR (or a renewal) the certificate is issued in the approving transaction; with a key to be
   * generated the application becomes `approved` and the applicant collects it. The application row is locked
   * first, so of two officers approving at once one issues and the other gets 409 APPLICATION_NOT_PENDING.
   */
  async approve(actor: Actor, id: string): Promise<ApprovalView> {
    assertMayIssueWithoutApproval(certificateRights(actor));
    const seen = await this.findVisible(actor, id);
    assertPending(seen);
    const prepared = await this.prepareIssue(actor, seen);
    const now = this.clock.now();
    const outcome = await this.tx.run(async (em) => {
      const application = await this.lockPending(em, actor.orgId, id);
      const certificate = prepared ? await prepared(em) : null;
      const decided: CertificateApplication = {
        ...application,
        status: certificate ? 'issued' : 'approved',
        decidedBy: actor.userId,
        decidedAt: now,
        certificateId: certificate?.id ?? null,
      };
      await em.update(
        CertificateApplication,
        { id },
        {
          status: decided.status,
          decidedBy: decided.decidedBy,
          decidedAt: now,
          certificateId: decided.certificateId,
        },
      );
      await this.mailApplicant(em, decided, certificate);
      return { application: decided, certificate };
    });
    return {
      application: toApplicationView(outcome.application),
      certificate: outcome.certificate ? toCertificateView(outcome.certificate, this.clock.now()) : null,
    };
  }

  /** 却下: with a reason the applicant reads in the mail. */
  async reject(actor: Actor, id: string, reason: string): Promise<ApplicationView> {
    assertMayIssueWithoutApproval(certificateRights(actor));
    assertPending(await this.findVisible(actor, id));
    const now = this.clock.now();
    const rejected = await this.tx.run(async (em) => {
      const application = await this.lockPending(em, actor.orgId, id);
      const decided: CertificateApplication = {
        ...application,
        status: 'rejected',
        decidedBy: actor.userId,
        decidedAt: now,
        rejectionReason: reason.trim(),
      };
      await em.update(
        CertificateApplication,
        { id },
        {
          status: 'rejected',
          decidedBy: actor.userId,
          decidedAt: now,
          rejectionReason: decided.rejectionReason,
        },
      );
      await this.mailApplicant(em, decided, null);
      return decided;
    });
    return toApplicationView(rejected);
  }

  /**
   * The applicant collects an approved application whose key Kanri generates: the key pair is made now, the
   * certificate issued, and both handed in a PKCS#12 protected by `password`. Only the certificate is stored; the
   * private key lives in this request's memory and in the answer. The row is locked, so a second collection finds
   * the application issued (409) and no second key is made into a certificate.
   */
  async collectPkcs12(actor: Actor, id: string, password: string): Promise<CollectedPkcs12> {
    const seen = await this.findVisible(actor, id);
    if (seen.applicantId !== actor.userId) throw AppError.notFound('Certificate application');
    if (seen.status !== 'approved' || seen.keySource !== 'server') throw notCollectable(seen);
    const { privateKey, key } = await generateKey(seen.keyAlgorithm as GeneratedKeyAlgorithm);
    const plan = await this.certificates.plan(actor.orgId, {
      type: seen.type,
      key,
      dnsNames: seen.type === 'server' ? seen.dnsNames : undefined,
      commonName: seen.commonName ?? undefined,
      holderUserId: seen.holderUserId,
      validityDays: seen.validityDays ?? this.issuer.validityDays(seen.type, undefined),
      requestedBy: seen.applicantId,
    });
    const certificate = await this.tx.run(async (em) => {
      const [locked] = await this.lockRow(em, actor.orgId, id);
      if (!locked) throw AppError.notFound('Certificate application');
      if (locked.status !== 'approved') throw notCollectable(locked);
      const issued = await this.issuer.issue(em, plan);
      await em.update(CertificateApplication, { id }, { status: 'issued', certificateId: issued.id });
      return issued;
    });
    const chain = (await this.ca.chainPem())
      .split(/(?=-----BEGIN CERTIFICATE-----)/)
      .filter((pem) => pem.includes('BEGIN CERTIFICATE'))
      .map((pem) => Buffer.from(new x509.X509Certificate(pem).rawData));
    const body = buildPkcs12({
      privateKey,
      certificate: Buffer.from(new x509.X509Certificate(certificate.certificatePem).rawData),
      chain,
      friendlyName: certificate.commonName,
      password,
    });
    return { body, filename: `${certificate.serial}.p12` };
  }

  /** For a CSR or a renewal: the work that issues inside the approving transaction; null for a generated key. */
  private async prepareIssue(
    actor: Actor,
    application: CertificateApplication,
  ): Promise<((em: EntityManager) => Promise<Certificate>) | null> {
    const validityDays = application.validityDays ?? this.issuer.validityDays(application.type, undefined);
    if (application.kind === 'renewal') {
      const old = await this.certificates.findForRenewal(actor, application.renewalOfId!);
      const key: CertifiedKey = application.csrPem
        ? await verifyCsr(application.csrPem)
        : keyOfCertificate(old.certificatePem);
      const organizationName = await this.certificates.organizationName(actor.orgId);
      return (em) =>
        this.certificates.renewLocked(
          em,
          { organizationId: actor.orgId, organizationName, id: old.id, key, validityDays },
          application.applicantId,
        );
    }
    if (application.keySource === 'server') return null;
    const csr = await verifyCsr(application.csrPem!);
    const plan = await this.certificates.plan(actor.orgId, {
      type: application.type,
      key: csr,
      dnsNames: application.type === 'server' ? application.dnsNames : undefined,
      commonName: application.commonName ?? undefined,
      holderUserId: application.holderUserId,
      validityDays,
      requestedBy: application.applicantId,
    });
    return (em) => this.issuer.issue(em, plan);
  }

  private async lockPending(em: EntityManager, orgId: string, id: string): Promise<CertificateApplication> {
    const [locked] = await this.lockRow(em, orgId, id);
    if (!locked) throw AppError.notFound('Certificate application');
    assertPending(locked);
    return locked;
  }

  private lockRow(em: EntityManager, orgId: string, id: string): Promise<CertificateApplication[]> {
    return this.tx
      .lockForUpdate(
        em
          .createQueryBuilder(CertificateApplication, 'a')
          .where('a.id = :id AND a.organization_id = :org', { id, org: orgId }),
      )
      .getMany();
  }

  /** Officers see every application of their organization; applicants their own; anything else is 404. */
  private async findVisible(actor: Actor, id: string): Promise<CertificateApplication> {
    const rights = certificateRights(actor);
    const application = await this.applications.findOne({ where: { id, organizationId: actor.orgId } });
    if (!application || (!rights.manage && application.applicantId !== actor.userId)) {
      throw AppError.notFound('Certificate application');
    }
    return application;
  }

  private assertRenewable(old: Certificate): void {
    if (old.status === 'revoked') {
      throw new AppError(
        ErrorCode.CertificateRevoked,
        HttpStatus.CONFLICT,
        'A revoked certificate cannot be renewed',
      );
    }
    if (old.renewedById) {
      throw new AppError(
        ErrorCode.CertificateAlreadyRenewed,
        HttpStatus.CONFLICT,
        'This certificate was already renewed',
        {
          renewedById: old.renewedById,
        },
      );
    }
  }

  /** Early, for a clear answer to the applicant; the issuing transaction checks the domains again. */
  private async assertDomainsRegistered(orgId: string, dnsNames: string[]): Promise<void> {
    if (!dnsNames.length) return;
    const registered = await this.domains.domainsOf(this.applications.manager, orgId);
    const unregistered = dnsNames.filter((name) => !coveringDomain(name, registered));
    if (unregistered.length) {
      throw AppError.unprocessable(
        ErrorCode.CertificateDomainNotRegistered,
        'Server names must be registered domains of the organization or their subdomains',
        { names: unregistered },
      );
    }
  }

  private newApplication(
    actor: Actor,
    fields: Pick<
      CertificateApplication,
      | 'kind'
      | 'type'
      | 'keySource'
      | 'keyAlgorithm'
      | 'csrPem'
      | 'commonName'
      | 'dnsNames'
      | 'holderUserId'
      | 'validityDays'
    > &
      Partial<Pick<CertificateApplication, 'renewalOfId'>>,
  ): CertificateApplication {
    const now = this.clock.now();
    return {
      id: newId(now.getTime()),
      organizationId: actor.orgId,
      status: 'pending',
      renewalOfId: null,
      applicantId: actor.userId,
      decidedBy: null,
      decidedAt: null,
      rejectionReason: null,
      certificateId: null,
      createdAt: now,
      ...fields,
    };
  }

  /** 証明書申請承認/却下のお知らせ, in the deciding transaction (the outbox row commits with the decision). */
  private async mailApplicant(
    em: EntityManager,
    application: CertificateApplication,
    certificate: Certificate | null,
  ): Promise<void> {
    const applicant = await this.accounts.findById(application.applicantId);
    if (!applicant?.email) return;
    const what = `${CERTIFICATE_TYPE_LABELS[application.type]}${application.kind === 'renewal' ? '(更新)' : ''}`;
    const subject = application.commonName ? `${what} ${application.commonName}` : what;
    const lines =
      application.status === 'rejected'
        ? [
            '証明書申請は登録担当者により却下されました。',
            `申請: ${subject}`,
            `却下理由: ${application.rejectionReason}`,
          ]
        : certificate
          ? [
              '証明書申請は登録担当者により承認され、証明書を発行しました。',
              `申請: ${subject}`,
              `シリアル番号: ${certificate.serial}`,
              'Kanri にサインインし、証明書一覧からダウンロードしてください。',
            ]
          : [
              '証明書申請は登録担当者により承認されました。',
              `申請: ${subject}`,
              'Kanri にサインインし、パスワードを決めて証明書(PKCS#12 ファイル)を受け取ってください。',
              '鍵はその時に作られ、ファイルは一度だけお渡しします(Kanri は秘密鍵を保存しません)。',
            ];
    await this.mailer.send(
      {
        to: applicant.email,
        subject:
          application.status === 'rejected'
            ? '【Kanri】証明書申請却下のお知らせ'
            : '【Kanri】証明書申請承認のお知らせ',
        text: [
          `${applicant.familyName} ${applicant.givenName} 様`,
          '',
          ...lines,
          `申請番号: ${application.id}`,
        ].join('\n'),
      },
      em,
    );
  }
}

/** Stands in for the key when an application is checked before its key exists (nothing is signed with it). */
const PLACEHOLDER_KEY = {
  publicKey: undefined as unknown as x509.PublicKey,
  keyKind: 'ec',
  keyAlgorithm: 'EC-P256',
  publicKeySha256: '',
  commonName: null,
  requestedDnsNames: [],
} satisfies CertifiedKey & { commonName: null; requestedDnsNames: string[] };

function assertPending(application: CertificateApplication): void {
  if (application.status === 'pending') return;
  throw new AppError(
    ErrorCode.ApplicationNotPending,
    HttpStatus.CONFLICT,
    'This application was already decided',
    {
      status: application.status,
    },
  );
}

function notCollectable(application: CertificateApplication): AppError {
  return new AppError(
    ErrorCode.ApplicationNotPending,
    HttpStatus.CONFLICT,
    application.status === 'issued'
      ? 'This certificate was already collected; its key was handed once and is not kept'
      : 'Only an approved application with a key generated by Kanri can be collected',
    { status: application.status, keySource: application.keySource },
  );
}

export function toApplicationView(a: CertificateApplication): ApplicationView {
  return {
    id: a.id,
    organizationId: a.organizationId,
    kind: a.kind,
    type: a.type,
    status: a.status,
    keySource: a.keySource,
    keyAlgorithm: a.keyAlgorithm,
    commonName: a.commonName,
    dnsNames: a.dnsNames ?? [],
    holderUserId: a.holderUserId,
    renewalOfId: a.renewalOfId,
    validityDays: a.validityDays,
    applicantId: a.applicantId,
    decidedBy: a.decidedBy,
    decidedAt: a.decidedAt?.toISOString() ?? null,
    rejectionReason: a.rejectionReason,
    certificateId: a.certificateId,
    createdAt: a.createdAt.toISOString(),
  };
}
