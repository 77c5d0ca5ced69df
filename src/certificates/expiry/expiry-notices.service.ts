import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { AppConfig } from '@kanri/common/config/app-config';
import { businessDate } from '@kanri/common/clock/business-date';
import { Clock } from '@kanri/common/clock/clock';
import { isDuplicateKeyError } from '@kanri/common/database/database-errors';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { Mailer } from '../../mail/mailer';
import { OrganizationsService } from '../../organizations/organizations.service';
import { UserAccounts } from '../../users/user-accounts.service';
import { UserMemberships } from '../../users/user-memberships.service';
import { DAY_MS } from '../ca/ca-settings';
import { Certificate } from '../certificate.entity';
import { CERTIFICATE_TYPE_LABELS } from '../issuance/certificate-profiles';
import { ZonedDateTimeFormat } from '@kanri/common/csv/csv-datetime';
import { RegistrationOfficer } from '../officers/registration-officer.entity';
import { CertificateExpiryNotice } from './certificate-expiry-notice.entity';

/** Days before expiry at which holders and managers are told, largest first. */
export const EXPIRY_NOTICE_THRESHOLDS = [30, 14, 7] as const;

/**
 * The threshold a certificate with `daysLeft` business days to go is due for: the smallest threshold not below
 * it. A certificate first seen with 10 days left gets the 14-day notice (not a late 30-day one), then the 7-day.
 */
export function dueThreshold(daysLeft: number): number | null {
  const due = EXPIRY_NOTICE_THRESHOLDS.filter((t) => daysLeft <= t);
  return due.length ? Math.min(...due) : null;
}

/** Whole calendar days from one `YYYY-MM-DD` to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/**
 * Expiry notices (SPEC §7): mails the holder (or, for server and code-signing certificates, whoever requested
 * it) and the organization's managers 30, 14 and 7 days before a certificate expires, counted in business days
 * (APP_TIMEZONE), once per certificate and threshold: the notice row's primary key decides, in the same
 * transaction as the outbox rows. With the SMTP adapter a crash between sending and committing can repeat a
 * mail, never lose one.
 */
@Injectable()
export class ExpiryNoticesService {
  private readonly logger = new Logger('CertificateExpiryNotices');

  constructor(
    @InjectRepository(Certificate) private readonly certificates: Repository<Certificate>,
    private readonly accounts: UserAccounts,
    private readonly memberships: UserMemberships,
    private readonly organizations: OrganizationsService,
    private readonly mailer: Mailer,
    private readonly tx: TransactionService,
    private readonly clock: Clock,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** Sends every notice due now; returns how many certificates were noticed. Idempotent. */
  async sendDue(): Promise<number> {
    const now = this.clock.now();
    const today = businessDate(now, this.config.timeZone);
    const horizon = new Date(now.getTime() + (Math.max(...EXPIRY_NOTICE_THRESHOLDS) + 1) * DAY_MS);
    const candidates = await this.certificates
      .createQueryBuilder('c')
      .select([
        'c.id',
        'c.organizationId',
        'c.type',
        'c.serial',
        'c.commonName',
        'c.notAfter',
        'c.subjectUserId',
        'c.requestedBy',
        'c.responsibleUserId',
        'c.officerId',
        'c.renewedById',
      ])
      .where("c.status = 'active' AND c.not_after > :now AND c.not_after <= :horizon", { now, horizon })
      .orderBy('c.not_after', 'ASC')
      .getMany();
    let sent = 0;
    for (const certificate of candidates) {
      // A renewed certificate's holder already has its successor; telling them again would only confuse.
      if (certificate.renewedById) continue;
      const daysLeft = daysBetween(today, businessDate(certificate.notAfter, this.config.timeZone));
      const threshold = dueThreshold(daysLeft);
      if (threshold === null) continue;
      try {
        if (await this.notify(certificate, threshold, daysLeft)) sent += 1;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    if (sent) this.logger.log(`${sent} expiry notice(s) sent`);
    return sent;
  }

  private async notify(certificate: Certificate, threshold: number, daysLeft: number): Promise<boolean> {
    return this.tx.run(async (em) => {
      const already = await em.exists(CertificateExpiryNotice, {
        where: { certificateId: certificate.id, thresholdDays: threshold },
      });
      if (already) return false;
      await em.insert(CertificateExpiryNotice, {
        certificateId: certificate.id,
        thresholdDays: threshold,
        sentAt: this.clock.now(),
      });
      const organization = await this.organizations.summary(certificate.organizationId);
      const recipients = await this.recipients(em, certificate);
      const expiry = new ZonedDateTimeFormat(this.config.timeZone).format(certificate.notAfter);
      for (const to of recipients) {
        await this.mailer.send(
          {
            to,
            subject: `【Kanri】証明書の有効期限が近づいています（残り${daysLeft}日）`,
            text: [
              `以下の証明書は ${expiry} に有効期限を迎えます（残り${daysLeft}日）。`,
              '',
              `組織: ${organization?.name ?? ''}`,
              `証明書種別: ${CERTIFICATE_TYPE_LABELS[certificate.type]}`,
              `コモンネーム: ${certificate.commonName}`,
              `シリアル番号: ${certificate.serial}`,
              `有効期限: ${expiry}`,
              '',
              '引き続き利用する場合は、有効期限までに証明書を更新してください。',
            ].join('\n'),
          },
          em,
        );
      }
      return true;
    });
  }

  /** The holder (or requester) and the organization's managers, each address once. */
  private async recipients(em: EntityManager, certificate: Certificate): Promise<string[]> {
    const addresses = new Set<string>();
    if (certificate.officerId) {
      const officer = await em.findOne(RegistrationOfficer, { where: { id: certificate.officerId } });
      if (officer) addresses.add(officer.email);
    }
    const holderId = certificate.subjectUserId ?? certificate.responsibleUserId ?? certificate.requestedBy;
    const holder = holderId ? await this.accounts.findById(holderId) : null;
    if (holder?.email && holder.organizationId === certificate.organizationId) addresses.add(holder.email);
    for (const manager of await this.memberships.findManagers(em, certificate.organizationId)) {
      const user = await this.accounts.findById(manager.id);
      if (user?.email) addresses.add(user.email);
    }
    return [...addresses];
  }
}
