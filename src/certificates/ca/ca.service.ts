import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import type { Repository } from 'typeorm';
import { Clock } from '@kanri/common/clock/clock';
import { AppConfig } from '@kanri/common/config/app-config';
import { isDuplicateKeyError } from '@kanri/common/database/database-errors';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { newId } from '@kanri/common/ids/new-id';
import { FieldCipher } from '@kanri/security/field-cipher';
import { randomSerialNumber } from '../issuance/serial-number';
import { CA_KEY_ALGORITHM, CA_SIGNING_ALGORITHM, pemWithNewline, webcrypto, x509 } from '../x509/x509';
import { caPrivateKeyContext } from './ca-private-key';
import { type CaUrls, caUrls, endEntityUrlExtensions } from './ca-urls';
import { CA_SETTINGS, DAY_MS } from './ca-settings';
import { type CaRole, CertificateAuthority } from './certificate-authority.entity';
import { buildCrl, type CrlSigner } from './crl-builder';
import { CrlState } from './crl-state.entity';
import { signIssuingCaCertificate } from './issuing-ca-certificate';

/** A loaded CA: its certificate, its key (kept in memory, never exported) and its key identifier. */
export interface LoadedCa extends CrlSigner {
  id: string;
  role: CaRole;
  pem: string;
}

export interface CaPair {
  root: LoadedCa;
  issuing: LoadedCa;
}

export interface SignRequest {
  publicKey: x509.PublicKey;
  subject: x509.JsonName;
  serial: string;
  notBefore: Date;
  notAfter: Date;
  extensions: x509.Extension[];
}

/**
 * Kanri's CA (SPEC §7): a self-signed root (pathLen 1) and an issuing CA under it (pathLen 0), both ECDSA P-384.
 * Created on first start; keys are stored as PKCS#8 sealed with the field key. When several instances start on
 * an empty database at once, each generates a pair but only one insert wins (unique `role`); the others load it.
 */
@Injectable()
export class CaService implements OnApplicationBootstrap {
  private readonly logger = new Logger('CertificateAuthority');
  private pair: Promise<CaPair> | undefined;
  /** Where the CA's CRLs, certificates and OCSP responder are published (KANRI_PUBLIC_URL), or null. */
  readonly urls: CaUrls | null;

  constructor(
    @InjectRepository(CertificateAuthority) private readonly authorities: Repository<CertificateAuthority>,
    private readonly tx: TransactionService,
    private readonly cipher: FieldCipher,
    private readonly clock: Clock,
    @Inject(AppConfig) config: AppConfig,
  ) {
    this.urls = caUrls(config.publicUrl);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.ca();
  }

  /** The root and issuing CA, created on first use if the database has none. */
  ca(): Promise<CaPair> {
    this.pair ??= this.loadOrCreate().catch((error: unknown) => {
      this.pair = undefined;
      throw error;
    });
    return this.pair;
  }

  /** Forgets the loaded pair, so the next use reads the rows again (after the issuing CA is re-certified). */
  reload(): Promise<CaPair> {
    this.pair = undefined;
    return this.ca();
  }

  async issuing(): Promise<LoadedCa> {
    return (await this.ca()).issuing;
  }

  /** The chain a relying party installs: issuing CA first, then the root (PEM). */
  async chainPem(): Promise<string> {
    const { root, issuing } = await this.ca();
    return `${issuing.pem.trim()}\n${root.pem.trim()}\n`;
  }

  /** Signs an end-entity certificate with the issuing CA; the caller decides every field. */
  async sign(request: SignRequest): Promise<x509.X509Certificate> {
    const issuing = await this.issuing();
    return x509.X509CertificateGenerator.create({
      serialNumber: request.serial,
      subject: request.subject,
      issuer: issuing.certificate.subjectName,
      notBefore: request.notBefore,
      notAfter: request.notAfter,
      publicKey: request.publicKey,
      signingKey: issuing.privateKey,
      signingAlgorithm: CA_SIGNING_ALGORITHM,
      extensions: [
        ...request.extensions,
        new x509.AuthorityKeyIdentifierExtension(issuing.keyId),
        ...endEntityUrlExtensions(this.urls),
      ],
    });
  }

  private async loadOrCreate(): Promise<CaPair> {
    const existing = await this.load();
    if (existing) return existing;
    try {
      await this.create();
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      this.logger.log('another instance created the CA first; using theirs');
    }
    const created = await this.load();
    if (!created) throw new Error('The CA could not be created');
    return created;
  }

  private async load(): Promise<CaPair | null> {
    const rows = await this.authorities.find();
    const root = rows.find((r) => r.role === 'root');
    const issuing = rows.find((r) => r.role === 'issuing');
    if (!root || !issuing) return null;
    return { root: await this.open(root), issuing: await this.open(issuing) };
  }

  private async open(row: CertificateAuthority): Promise<LoadedCa> {
    const certificate = new x509.X509Certificate(row.certificatePem);
    const pkcs8 = this.cipher.decrypt(row.privateKey, caPrivateKeyContext(row.id));
    const privateKey = await webcrypto.subtle.importKey('pkcs8', pkcs8, CA_KEY_ALGORITHM, false, ['sign']);
    return {
      id: row.id,
      role: row.role,
      pem: row.certificatePem,
      certificate,
      privateKey,
      keyId: keyIdOf(certificate),
    };
  }

  private async create(): Promise<void> {
    const now = this.clock.now();
    const notBefore = new Date(now.getTime() - CA_SETTINGS.backdateMs);
    // A short random tag keeps the names of two Kanri installations apart in a relying party's trust store.
    const tag = randomBytes(3).toString('hex').toUpperCase();
    const rootKeys = await generateKeys();
    const rootName: x509.JsonName = [{ CN: [`Kanri Root CA ${tag}`] }, { O: ['Kanri'] }];
    const root = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: randomSerialNumber(),
      name: rootName,
      notBefore,
      notAfter: new Date(now.getTime() + CA_SETTINGS.rootValidityDays * DAY_MS),
      keys: rootKeys,
      signingAlgorithm: CA_SIGNING_ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, 1, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey),
      ],
    });
    const issuingKeys = await generateKeys();
    const issuing = await signIssuingCaCertificate({
      root: { certificate: root, privateKey: rootKeys.privateKey, keyId: keyIdOf(root) },
      subject: [{ CN: [`Kanri Issuing CA ${tag}`] }, { O: ['Kanri'] }],
      publicKey: issuingKeys.publicKey,
      serial: randomSerialNumber(),
      notBefore,
      notAfter: new Date(now.getTime() + CA_SETTINGS.issuingValidityDays * DAY_MS),
      urls: this.urls,
    });
    const rootRow = await this.row('root', root, rootKeys, now);
    const issuingRow = await this.row('issuing', issuing, issuingKeys, now);
    const nextUpdate = new Date(now.getTime() + CA_SETTINGS.crlValidityDays * DAY_MS);
    // The root's CRL (empty: Kanri never revokes its issuing CA) is what the issuing CA's CRL distribution point
    // names; `RootCrlService` creates it for a CA made before the root published one.
    const firstRootCrl = await buildCrl(
      { certificate: root, privateKey: rootKeys.privateKey, keyId: keyIdOf(root) },
      1,
      now,
      nextUpdate,
      [],
    );
    const firstCrl = await buildCrl(
      { certificate: issuing, privateKey: issuingKeys.privateKey, keyId: keyIdOf(issuing) },
      1,
      now,
      nextUpdate,
      [],
    );
    await this.tx.run(async (em) => {
      await em.insert(CertificateAuthority, [rootRow, issuingRow]);
      await em.insert(CrlState, {
        caId: issuingRow.id,
        crlNumber: 1,
        thisUpdate: now,
        nextUpdate,
        crlDer: firstCrl.toString('base64'),
      });
      await em.insert(CrlState, {
        caId: rootRow.id,
        crlNumber: 1,
        thisUpdate: now,
        nextUpdate,
        crlDer: firstRootCrl.toString('base64'),
      });
    });
    this.logger.log(`created ${root.subject} and ${issuing.subject}`);
  }

  private async row(
    role: CaRole,
    certificate: x509.X509Certificate,
    keys: webcrypto.CryptoKeyPair,
    now: Date,
  ): Promise<CertificateAuthority> {
    const id = newId(now.getTime());
    const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
    return {
      id,
      role,
      subject: certificate.subject.slice(0, 255),
      serial: certificate.serialNumber.toUpperCase(),
      certificatePem: pemWithNewline(certificate),
      privateKey: this.cipher.encrypt(pkcs8, caPrivateKeyContext(id)),
      keyAlgorithm: 'EC-P384',
      notBefore: certificate.notBefore,
      notAfter: certificate.notAfter,
      createdAt: now,
    };
  }
}

function generateKeys(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(CA_KEY_ALGORITHM, true, [
    'sign',
    'verify',
  ]) as Promise<webcrypto.CryptoKeyPair>;
}

function keyIdOf(certificate: x509.X509Certificate): string {
  const ski = certificate.getExtension(x509.SubjectKeyIdentifierExtension);
  if (!ski) throw new Error(`${certificate.subject} has no subject key identifier`);
  return ski.keyId;
}
