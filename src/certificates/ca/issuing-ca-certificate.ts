import { CA_SIGNING_ALGORITHM, type CryptoKey, x509 } from '../x509/x509';
import { type CaUrls, issuingCaUrlExtensions } from './ca-urls';
import type { CrlSigner } from './crl-builder';

export interface IssuingCaCertificateParams {
  /** The root that signs. */
  root: CrlSigner;
  subject: x509.JsonName | x509.Name;
  publicKey: x509.PublicKey | CryptoKey;
  serial: string;
  notBefore: Date;
  notAfter: Date;
  urls: CaUrls | null;
}

/**
 * The issuing CA certificate (pathLen 0; signs certificates and CRLs, and OCSP responses with digitalSignature),
 * pointing at the root's CRL and certificate when a public URL is configured. Used on first start and when the
 * issuing CA is re-certified for new URLs: same name and key, so every certificate it signed still chains.
 */
export async function signIssuingCaCertificate(
  params: IssuingCaCertificateParams,
): Promise<x509.X509Certificate> {
  return x509.X509CertificateGenerator.create({
    serialNumber: params.serial,
    subject: params.subject,
    issuer: params.root.certificate.subjectName,
    notBefore: params.notBefore,
    notAfter: params.notAfter,
    publicKey: params.publicKey,
    signingKey: params.root.privateKey,
    signingAlgorithm: CA_SIGNING_ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(params.publicKey),
      new x509.AuthorityKeyIdentifierExtension(params.root.keyId),
      ...issuingCaUrlExtensions(params.urls),
    ],
  });
}
