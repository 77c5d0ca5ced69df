import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { AppConfig } from '@kanri/common/config/app-config';
import { Clock } from '@kanri/common/clock/clock';
import { isDuplicateKeyError } from '@kanri/common/database/database-errors';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { newId } from '@kanri/common/ids/new-id';
import { PasswordHasher } from '@kanri/security/password-hasher';
import type { Principal } from '@kanri/access/actor';
import { Mailer } from '../../mail/mailer';
import { OrganizationsService } from '../../organizations/organizations.service';
import { UserAccounts } from '../../users/user-accounts.service';
import { DAY_MS } from '../ca/ca-settings';
import { Certificate } from '../certificate.entity';
import type { IssuedCertificateView } from '../certificate.view';
import { CertificatesService } from '../certificates.service';
import { CertificateIssuer } from '../certificate-issuer';
import { CERTIFICATE_PROFILES } from '../issuance/certificate-profiles';
import { verifyCsr } from '../issuance/csr';
import { ZonedDateTimeFormat } from '@kanri/common/csv/csv-datetime';
import { RevocationService } from '../revocation.service';
import { ClientCertificateVerifier } from '../sign-in/client-certificate-verifier';
import { hashEnrolmentToken, newAccessPin, newEnrolmentToken, normalizeAccessPin } from './access-pin';
import type { EnrolDto, OfficerRenewalDto, RegisterOfficerDto } from './dto/officer.dto';
import { OfficerEnrolment } from './officer-enrolment.entity';
import { OFFICER_SETTINGS } from './officer-settings';
import { RegistrationOfficer } from './registration-officer.entity';

export interface OfficerView {
  id: string;
  organizationId: string;
  userId: string;
  nameRomaji: string;
  email: string;
  createdAt: string;
  /** `removed` once the operator ended the role (登録担当者の削除); the row stays for the history. */
  status: 'active' | 'removed';
  removedAt: string | null;
}

/** What the operator sees once: the PIN goes to the officer by another channel (FAX, post), never by mail. */
export interface EnrolmentIssued {
  officer: OfficerView;
  enrolment: { id: string; expiresAt: string };
  /** アクセスPIN, shown this once and stored only as a hash. */
  accessPin: string;
}

type EnrolOutcome =
  { kind: 'issued'; certificate: Certificate } | { kind: 'wrong_pin'; remainingAttempts: number };

/**
 * Registration officers (登録担当者, SPEC §7 and manual 002 §2): the system operator designates a member of an
 * organization; the officer receives an enrolment link by mail (登録担当者用証明書発行受付通知) and an access PIN
 * through the operator; `POST /enrolment/:token` with the PIN and a CSR issues the officer's client
 * certificate, with which they then sign in (§3.6). Five wrong PINs void the link. Near expiry, the officer
 * renews by presenting the current certificate over TLS, without a new link or PIN.
 */
@Injectable()
export class OfficersService {
  constructor(
    @InjectRepository(RegistrationOfficer) private readonly officers: Repository<RegistrationOfficer>,
    private readonly issuer: CertificateIssuer,
    private readonly certificates: CertificatesService,
    private readonly revocation: RevocationService,
    private readonly verifier: ClientCertificateVerifier,
    private readonly organizations: OrganizationsService,
    private readonly accounts: UserAccounts,
    private readonly hasher: PasswordHasher,
    private readonly mailer: Mailer,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async register(operator: Principal, dto: RegisterOfficerDto): Promise<EnrolmentIssued> {
    if (!(await this.organizations.summary(dto.organizationId))) throw AppError.notFound('Organization');
    const user = await this.accounts.findById(dto.userId);
    if (!user || user.organizationId !== dto.organizationId) throw AppError.notFound('User');
    const email = dto.email ?? user.email;
    if (!email)
      throw AppError.validation({ email: ['the user has no address; give one for the enrolment mail'] });
    const now = this.clock.now();
    const officer: RegistrationOfficer = {
      id: newId(now.getTime()),
      organizationId: dto.organizationId,
      userId: user.id,
      nameRomaji: dto.nameRomaji.trim(),
      email,
      createdBy: operator.userId,
      createdAt: now,
      removedAt: null,
      removedBy: null,
    };
    const pin = newAccessPin();
    const pinHash = await this.hasher.hash(pin);
    try {
      return await this.tx.run(async (em) => {
        const [previous] = await this.tx
          .lockForUpdate(
            em.createQueryBuilder(RegistrationOfficer, 'o').where('o.user_id = :userId', { userId: user.id }),
          )
          .getMany();
        if (previous && !previous.removedAt) {
          throw AppError.conflict('This user is already a registration officer');
        }
        if (previous) {
          // A removed officer designated again serves under the same row (one per member), so the certificates
          // of both terms name the same officer.
          officer.id = previous.id;
          await em.update(RegistrationOfficer, { id: previous.id }, officer);
        } else {
          await em.insert(RegistrationOfficer, officer);
        }
        const enrolment = await this.openEnrolment(em, officer, pinHash);
        return { officer: toOfficerView(officer), enrolment, accessPin: pin };
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw AppError.conflict('This user is already a registration officer');
      throw error;
    }
  }

  /** A new link and PIN (新規/紛失による証明書取得); any link still open is superseded. */
  async reissueEnrolment(officerId: string): Promise<EnrolmentIssued> {
    if (!(await this.officers.exists({ where: { id: officerId } })))
      throw AppError.notFound('Registration officer');
    const pin = newAccessPin();
    const pinHash = await this.hasher.hash(pin);
    return this.tx.run(async (em) => {
      const officer = await this.lockOfficer(em, officerId);
      await em.update(OfficerEnrolment, { officerId, state: 'open' }, { state: 'superseded' });
      const enrolment = await this.openEnrolment(em, officer, pinHash);
      return { officer: toOfficerView(officer), enrolment, accessPin: pin };
    });
  }

  /**
   * 登録担当者の削除: ends the officer's role in one transaction. The officer row is locked first (a parallel
   * removal or new link waits), then every open link is voided, then the officer certificates (those issued
   * through enrolment or renewal, `officer_id`) are revoked as cessationOfOperation with the CRL re-signed, and
   * the row is marked removed rather than deleted. Client certificates the member holds otherwise stay. A
   * second removal is 404 (details.removedAt).
   */
  async remove(operator: Principal, officerId: string): Promise<void> {
    await this.tx.run(async (em) => {
      const officer = await this.lockOfficer(em, officerId);
      await em.update(OfficerEnrolment, { officerId, state: 'open' }, { state: 'void' });
      const held = (
        await this.revocation.lockCertificates(em, {
          holderUserId: officer.userId,
          type: 'client',
          activeOnly: true,
        })
      ).filter((c) => c.officerId === officer.id);
      await this.revocation.revokeLocked(em, held, 'cessationOfOperation');
      await em.update(
        RegistrationOfficer,
        { id: officerId },
        { removedAt: this.clock.now(), removedBy: operator.userId },
      );
    });
  }

  async list(organizationId?: string): Promise<OfficerView[]> {
    const rows = await this.officers.find({
      where: organizationId ? { organizationId } : {},
      order: { createdAt: 'ASC' },
    });
    return rows.map(toOfficerView);
  }

  /**
   * `POST /enrolment/:token`. The link row is locked, so parallel guesses are counted one after another and a
   * sixth guess never gets evaluated. A right PIN with an unacceptable CSR changes nothing (the officer can try
   * again with a proper request); a wrong PIN is counted whatever the CSR.
   */
  async enrol(token: string, dto: EnrolDto): Promise<IssuedCertificateView> {
    const tokenHash = hashEnrolmentToken(token);
    const outcome = await this.tx.run(async (em): Promise<EnrolOutcome> => {
      const enrolment = await this.tx
        .lockForUpdate(
          em.createQueryBuilder(OfficerEnrolment, 'e').where('e.token_hash = :tokenHash', { tokenHash }),
        )
        .getOne();
      if (!enrolment) throw AppError.notFound('Enrolment link');
      const officer = await em.findOneOrFail(RegistrationOfficer, { where: { id: enrolment.officerId } });
      if (officer.removedAt) {
        throw new AppError(
          ErrorCode.EnrolmentVoid,
          HttpStatus.GONE,
          'This link is void: the registration officer was removed',
        );
      }
      this.assertOpen(enrolment);
      if (!(await this.hasher.verify(enrolment.pinHash, normalizeAccessPin(dto.accessPin)))) {
        const failed = enrolment.failedAttempts + 1;
        const exhausted = failed >= OFFICER_SETTINGS.maxPinAttempts;
        await em.update(
          OfficerEnrolment,
          { id: enrolment.id },
          { failedAttempts: failed, state: exhausted ? 'void' : 'open' },
        );
        return { kind: 'wrong_pin', remainingAttempts: OFFICER_SETTINGS.maxPinAttempts - failed };
      }
      const certificate = await this.issueOfficerCertificate(em, officer, dto.csr, null);
      // A new enrolment replaces a lost certificate: the old one must stop working.
      const previous = (
        await this.revocation.lockCertificates(em, {
          holderUserId: officer.userId,
          type: 'client',
          activeOnly: true,
        })
      ).filter((c) => c.officerId === officer.id && c.id !== certificate.id);
      await this.revocation.revokeLocked(em, previous, 'superseded');
      await em.update(
        OfficerEnrolment,
        { id: enrolment.id },
        { state: 'used', usedAt: this.clock.now(), certificateId: certificate.id },
      );
      return { kind: 'issued', certificate };
    });
    if (outcome.kind === 'wrong_pin') {
      throw new AppError(
        ErrorCode.AccessPinInvalid,
        HttpStatus.UNAUTHORIZED,
        outcome.remainingAttempts > 0
          ? 'The access PIN is incorrect'
          : 'The access PIN is incorrect; the link is now void. Ask the service desk for a new one',
        { remainingAttempts: outcome.remainingAttempts },
      );
    }
    return this.certificates.issuedView(outcome.certificate);
  }

  /**
   * 有効期限切れ間近の証明書更新: authenticated by the current officer certificate presented over TLS, within
   * the last 30 days of its validity. The new certificate is for the CSR's (new) key; the current one stays
   * valid until it expires, so the officer is never locked out half-way, and it renews only once.
   */
  async renewWithCurrentCertificate(
    presented: Buffer | null,
    dto: OfficerRenewalDto,
  ): Promise<IssuedCertificateView> {
    const current = await this.verifier.verify(presented);
    if (!current.officerId) {
      throw new AppError(
        ErrorCode.ClientCertificateInvalid,
        HttpStatus.FORBIDDEN,
        'This is not a registration officer certificate',
        { reason: 'not_officer' },
      );
    }
    const renewableFrom = new Date(current.notAfter.getTime() - OFFICER_SETTINGS.renewalWindowDays * DAY_MS);
    if (this.clock.now() < renewableFrom) {
      throw AppError.unprocessable(
        ErrorCode.RenewalNotYetAllowed,
        `The certificate can be renewed from ${OFFICER_SETTINGS.renewalWindowDays} days before it expires`,
        { renewableFrom: renewableFrom.toISOString() },
      );
    }
    const renewed = await this.tx.run(async (em) => {
      const [locked] = await this.tx
        .lockForUpdate(em.createQueryBuilder(Certificate, 'c').where('c.id = :id', { id: current.id }))
        .getMany();
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
          {
            renewedById: locked.renewedById,
          },
        );
      }
      const officer = await em.findOneOrFail(RegistrationOfficer, { where: { id: locked.officerId! } });
      if (officer.removedAt) {
        throw new AppError(
          ErrorCode.ClientCertificateInvalid,
          HttpStatus.FORBIDDEN,
          'This registration officer was removed',
          { reason: 'officer_removed' },
        );
      }
      const next = await this.issueOfficerCertificate(em, officer, dto.csr, locked.id);
      await em.update(Certificate, { id: locked.id }, { renewedById: next.id });
      await this.mailer.send(
        {
          to: officer.email,
          subject: '【Kanri】登録担当者用証明書更新完了',
          text: [
            `${officer.nameRomaji} 様`,
            '',
            '登録担当者用証明書を更新しました。新しい証明書をブラウザにインストールしてください。',
            `シリアル番号: ${next.serial}`,
            `有効期限: ${new ZonedDateTimeFormat(this.config.timeZone).format(next.notAfter)}`,
            '',
            '以前の証明書は有効期限まで利用できます。',
          ].join('\n'),
        },
        em,
      );
      return next;
    });
    return this.certificates.issuedView(renewed);
  }

  /**
   * Locks the officer row. 404 for an unknown id, and for a removed officer too (with `details.removedAt`): a
   * removed officer is history, not something to act on, until registered again.
   */
  private async lockOfficer(em: EntityManager, officerId: string): Promise<RegistrationOfficer> {
    const [officer] = await this.tx
      .lockForUpdate(
        em.createQueryBuilder(RegistrationOfficer, 'o').where('o.id = :officerId', { officerId }),
      )
      .getMany();
    if (!officer) throw AppError.notFound('Registration officer');
    if (officer.removedAt) {
      throw new AppError(
        ErrorCode.NotFound,
        HttpStatus.NOT_FOUND,
        'Registration officer not found: this officer was removed',
        { removedAt: officer.removedAt.toISOString() },
      );
    }
    return officer;
  }

  private assertOpen(enrolment: OfficerEnrolment): void {
    switch (enrolment.state) {
      case 'open':
        break;
      case 'used':
        throw new AppError(ErrorCode.EnrolmentUsed, HttpStatus.GONE, 'This link has already been used');
      case 'void':
        throw new AppError(
          ErrorCode.EnrolmentVoid,
          HttpStatus.GONE,
          'This link is void after too many wrong access PINs; ask the service desk for a new one',
        );
      case 'superseded':
        throw new AppError(ErrorCode.EnrolmentVoid, HttpStatus.GONE, 'This link was replaced by a newer one');
    }
    if (this.clock.now() >= enrolment.expiresAt) {
      throw new AppError(
        ErrorCode.EnrolmentExpired,
        HttpStatus.GONE,
        'This link has expired; ask for a new one',
      );
    }
  }

  private async issueOfficerCertificate(
    em: EntityManager,
    officer: RegistrationOfficer,
    csrPem: string,
    renewedFromId: string | null,
  ): Promise<Certificate> {
    const csr = await verifyCsr(csrPem);
    const organization = await this.organizations.summary(officer.organizationId);
    if (!organization) throw AppError.notFound('Organization');
    return this.issuer.issue(em, {
      organizationId: officer.organizationId,
      organizationName: organization.name,
      type: 'client',
      commonName: officer.nameRomaji,
      dnsNames: [],
      email: officer.email,
      key: csr,
      validityDays: CERTIFICATE_PROFILES.client.defaultDays,
      holderUserId: officer.userId,
      officerId: officer.id,
      requestedBy: null,
      renewedFromId,
    });
  }

  private async openEnrolment(
    em: EntityManager,
    officer: RegistrationOfficer,
    pinHash: string,
  ): Promise<{ id: string; expiresAt: string }> {
    const now = this.clock.now();
    const token = newEnrolmentToken();
    const enrolment: OfficerEnrolment = {
      id: newId(now.getTime()),
      officerId: officer.id,
      tokenHash: hashEnrolmentToken(token),
      pinHash,
      failedAttempts: 0,
      state: 'open',
      expiresAt: new Date(now.getTime() + OFFICER_SETTINGS.enrolmentValidityDays * DAY_MS),
      createdAt: now,
      usedAt: null,
      certificateId: null,
    };
    await em.insert(OfficerEnrolment, enrolment);
    await this.mailer.send(
      {
        to: officer.email,
        subject: '【Kanri】登録担当者用証明書発行受付通知',
        text: [
          `${officer.nameRomaji} 様`,
          '',
          '登録担当者用証明書の発行を受け付けました。',
          '',
          '【登録担当者用証明書取得方法】',
          '1) 証明書取得URLに必要なアクセスPINの取得',
          '   サービス窓口へ電話でご連絡ください。本人確認の後、アクセスPINをFAX等でお知らせします。',
          '2) 登録担当者用証明書の取得',
          '   次の証明書取得URLへ、アクセスPINと証明書署名要求(CSR)を送信してください。',
          // The console's public page of the link (アクセスPIN and CSR), then the API route it calls.
          `   証明書取得画面: ${this.config.publicUrl ?? ''}/officer-enrolment/${token}`,
          `   証明書取得URL: POST /api/v1/enrolment/${token}`,
          `   有効期限: ${new ZonedDateTimeFormat(this.config.timeZone).format(enrolment.expiresAt)}`,
          '',
          `アクセスPINを${OFFICER_SETTINGS.maxPinAttempts}回間違えると、このURLは無効になります。`,
          '証明書の取得が完了するまで、このメールは大切に保管してください。',
        ].join('\n'),
      },
      em,
    );
    return { id: enrolment.id, expiresAt: enrolment.expiresAt.toISOString() };
  }
}

function toOfficerView(o: RegistrationOfficer): OfficerView {
  return {
    id: o.id,
    organizationId: o.organizationId,
    userId: o.userId,
    nameRomaji: o.nameRomaji,
    email: o.email,
    createdAt: o.createdAt.toISOString(),
    status: o.removedAt ? 'removed' : 'active',
    removedAt: o.removedAt?.toISOString() ?? null,
  };
}
