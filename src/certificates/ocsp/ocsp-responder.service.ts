import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { AsnConvert } from '@peculiar/asn1-schema';
import { type CertID, OCSPResponseStatus } from '@peculiar/asn1-ocsp';
import { Certificate as AsnCertificate } from '@peculiar/asn1-x509';
import { In, type Repository } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { CaService, type LoadedCa } from '../ca/ca.service';
import { CrlService } from '../ca/crl.service';
import { Certificate } from '../certificate.entity';
import { REVOCATION_REASON_CODES } from '../issuance/revocation-reasons';
import { canonicalSerial } from '../issuance/serial-number';
import { parseOcspRequest } from './ocsp-request';
import {
  type CertificateStatus,
  type OcspSigner,
  ocspErrorResponse,
  signedOcspResponse,
} from './ocsp-response';

/** CertID hash algorithms a client may use (RFC 6960 names SHA-1; RFC 5019 and newer clients use SHA-2). */
const CERT_ID_HASHES: Record<string, string> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

interface IssuerIdentity {
  caId: string;
  signer: OcspSigner;
  /** Hex issuerNameHash and issuerKeyHash per CertID hash algorithm OID. */
  hashes: Map<string, { name: string; key: string }>;
}

/**
 * Kanri's OCSP responder (RFC 6960) for the issuing CA. Every answer is read from the certificates table at the
 * time of the request, so a revocation is answered `revoked` as soon as its transaction commits (as the CRL is
 * re-signed in that transaction), and certificates issued before the responder existed are answered by serial.
 * Responses are signed by the issuing CA itself (RFC 6960 §4.2.2.2, first case): its key is online anyway, so a
 * delegated OCSP signing certificate would add a key to protect without removing one. `nextUpdate` is the current
 * CRL's, so OCSP and the CRL promise the same freshness.
 */
@Injectable()
export class OcspResponder {
  private readonly logger = new Logger('OcspResponder');
  private identity: { ca: LoadedCa; value: IssuerIdentity } | undefined;

  constructor(
    @InjectRepository(Certificate) private readonly certificates: Repository<Certificate>,
    private readonly ca: CaService,
    private readonly crl: CrlService,
    private readonly clock: Clock,
  ) {}

  /** Answers a DER OCSPRequest (null when the HTTP request carried none) with a DER OCSPResponse. */
  async respond(der: Buffer | null): Promise<Buffer> {
    const parsed = parseOcspRequest(der);
    if (!parsed.ok) return ocspErrorResponse(parsed.status);
    try {
      const issuer = await this.issuerIdentity();
      const { certIds, nonce } = parsed.request;
      // A question about another CA's certificate (or in a hash we do not speak) is not ours to answer:
      // RFC 5019 §2.2.3 / RFC 6960 §2.3 "unauthorized".
      if (!certIds.every((id) => this.isOurs(issuer, id)))
        return ocspErrorResponse(OCSPResponseStatus.unauthorized);
      const statuses = await this.statuses(issuer.caId, certIds);
      const now = this.clock.now();
      const { state } = await this.crl.current();
      return signedOcspResponse({
        signer: issuer.signer,
        producedAt: now,
        thisUpdate: now,
        nextUpdate: state.nextUpdate > now ? state.nextUpdate : null,
        answers: certIds.map((certId) => ({
          certId,
          status: statuses.get(serialOf(certId)) ?? { kind: 'unknown' },
        })),
        nonce,
      });
    } catch (error) {
      this.logger.error(`OCSP request failed: ${(error as Error).message}`, (error as Error).stack);
      return ocspErrorResponse(OCSPResponseStatus.internalError);
    }
  }

  private isOurs(issuer: IssuerIdentity, id: CertID): boolean {
    const expected = issuer.hashes.get(id.hashAlgorithm.algorithm);
    return (
      !!expected &&
      Buffer.from(id.issuerNameHash.buffer).toString('hex') === expected.name &&
      Buffer.from(id.issuerKeyHash.buffer).toString('hex') === expected.key
    );
  }

  /** Stored status by canonical serial; serials Kanri never issued are simply absent (answered `unknown`). */
  private async statuses(caId: string, certIds: CertID[]): Promise<Map<string, CertificateStatus>> {
    // RFC 5280 §4.1.2.2: at most 20 octets; a longer "serial" cannot be one of ours.
    const serials = [...new Set(certIds.map(serialOf))].filter((s) => s.length <= 40);
    const rows = serials.length
      ? await this.certificates.find({
          select: { serial: true, status: true, revokedAt: true, revocationReason: true, notAfter: true },
          where: { caId, serial: In(serials) },
        })
      : [];
    return new Map(
      rows.map((row): [string, CertificateStatus] => [
        row.serial,
        row.status === 'revoked'
          ? {
              kind: 'revoked',
              // Every revocation records its time; a row without one (never written so) is dated at its expiry.
              revokedAt: row.revokedAt ?? row.notAfter,
              // RFC 5280 §5.3.1: leave the reason out rather than say "unspecified".
              reasonCode:
                !row.revocationReason || row.revocationReason === 'unspecified'
                  ? null
                  : REVOCATION_REASON_CODES[row.revocationReason],
            }
          : { kind: 'good' },
      ]),
    );
  }

  /** The issuing CA's identity as CertIDs name it, computed once per loaded CA (it changes only on re-certify). */
  private async issuerIdentity(): Promise<IssuerIdentity> {
    const issuing = await this.ca.issuing();
    if (this.identity?.ca !== issuing) this.identity = { ca: issuing, value: identityOf(issuing) };
    return this.identity.value;
  }
}

function serialOf(id: CertID): string {
  return canonicalSerial(Buffer.from(id.serialNumber).toString('hex'));
}

function identityOf(ca: LoadedCa): IssuerIdentity {
  const asn = AsnConvert.parse(ca.certificate.rawData, AsnCertificate);
  const name = Buffer.from(AsnConvert.serialize(asn.tbsCertificate.subject));
  const key = Buffer.from(asn.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey);
  const hashes = new Map<string, { name: string; key: string }>();
  for (const [oid, algorithm] of Object.entries(CERT_ID_HASHES)) {
    hashes.set(oid, {
      name: createHash(algorithm).update(name).digest('hex'),
      key: createHash(algorithm).update(key).digest('hex'),
    });
  }
  return {
    caId: ca.id,
    signer: {
      certificateDer: ca.certificate.rawData,
      privateKey: ca.privateKey,
      keyHash: createHash('sha1').update(key).digest(),
    },
    hashes,
  };
}
