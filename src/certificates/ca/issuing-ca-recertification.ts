import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { randomSerialNumber } from '../issuance/serial-number';
import { pemWithNewline } from '../x509/x509';
import { crlDistributionUrls } from './ca-urls';
import { CaService } from './ca.service';
import { CertificateAuthority } from './certificate-authority.entity';
import { signIssuingCaCertificate } from './issuing-ca-certificate';

/**
 * Keeps the issuing CA certificate pointing at the root's CRL under the configured KANRI_PUBLIC_URL. A CA created
 * without a public URL (or under another one) is re-certified at start: the root signs a new certificate for the
 * same name, key and validity, so every certificate issued before still chains and its OCSP request (issuer name
 * and key hashes) still matches. Several instances starting together race with a compare-and-set on the stored
 * certificate; the losers load the winner's.
 */
@Injectable()
export class IssuingCaRecertification implements OnApplicationBootstrap {
  private readonly logger = new Logger('CertificateAuthority');

  constructor(
    private readonly ca: CaService,
    private readonly tx: TransactionService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.recertifyIfStale();
  }

  /** Returns whether this call re-certified the issuing CA. */
  async recertifyIfStale(): Promise<boolean> {
    const urls = this.ca.urls;
    if (!urls) return false;
    const { root, issuing } = await this.ca.ca();
    const current = crlDistributionUrls(issuing.certificate);
    if (current.length === 1 && current[0] === urls.rootCrl) return false;
    const certificate = await signIssuingCaCertificate({
      root,
      subject: issuing.certificate.subjectName,
      publicKey: issuing.certificate.publicKey,
      serial: randomSerialNumber(),
      notBefore: issuing.certificate.notBefore,
      notAfter: issuing.certificate.notAfter,
      urls,
    });
    const changed = await this.tx.run(async (em) => {
      const result = await em
        .createQueryBuilder()
        .update(CertificateAuthority)
        .set({ certificatePem: pemWithNewline(certificate), serial: certificate.serialNumber.toUpperCase() })
        .where('id = :id AND certificate_pem = :old', { id: issuing.id, old: issuing.pem })
        .execute();
      return (result.affected ?? 0) > 0;
    });
    await this.ca.reload();
    if (changed) this.logger.log(`re-certified ${issuing.certificate.subject} for ${urls.rootCrl}`);
    return changed;
  }
}
