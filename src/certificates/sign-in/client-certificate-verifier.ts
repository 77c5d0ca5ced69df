import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { X509Certificate } from 'node:crypto';
import type { Repository } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { CaService } from '../ca/ca.service';
import { Certificate } from '../certificate.entity';
import { canonicalSerial } from '../issuance/serial-number';

const required = () =>
  new AppError(
    ErrorCode.ClientCertificateRequired,
    HttpStatus.UNAUTHORIZED,
    'Present a Kanri client certificate over HTTPS (TLS client authentication)',
  );

const invalid = (reason: 'unknown' | 'revoked' | 'expired' | 'not_client' | 'no_holder') =>
  new AppError(
    ErrorCode.ClientCertificateInvalid,
    HttpStatus.UNAUTHORIZED,
    'The client certificate is revoked or not valid; ask for a new one',
    { reason },
  );

/**
 * Decides whether a certificate presented over TLS is a valid, unrevoked Kanri client certificate with a holder
 * (SPEC §3.6). It must be byte-for-byte a certificate Kanri recorded (so a foreign CA reusing a serial gets
 * nowhere), carry a signature of the issuing CA, and be inside its validity by Kanri's clock; the database, not
 * a CRL cache, says whether it is revoked, so a revocation takes effect on the very next request.
 */
@Injectable()
export class ClientCertificateVerifier {
  constructor(
    @InjectRepository(Certificate) private readonly certificates: Repository<Certificate>,
    private readonly ca: CaService,
    private readonly clock: Clock,
  ) {}

  async verify(der: Buffer | null): Promise<Certificate> {
    if (!der) throw required();
    let presented: X509Certificate;
    try {
      presented = new X509Certificate(der);
    } catch {
      throw invalid('unknown');
    }
    const issuing = await this.ca.issuing();
    const issuer = new X509Certificate(issuing.pem);
    if (!presented.checkIssued(issuer) || !presented.verify(issuer.publicKey)) throw invalid('unknown');
    const recorded = await this.certificates.findOne({
      where: { serial: canonicalSerial(presented.serialNumber) },
    });
    if (!recorded || !new X509Certificate(recorded.certificatePem).raw.equals(presented.raw))
      throw invalid('unknown');
    if (recorded.status === 'revoked') throw invalid('revoked');
    const now = this.clock.now().getTime();
    if (now < recorded.notBefore.getTime() || now >= recorded.notAfter.getTime()) throw invalid('expired');
    if (recorded.type !== 'client') throw invalid('not_client');
    if (!recorded.subjectUserId) throw invalid('no_holder');
    return recorded;
  }
}
