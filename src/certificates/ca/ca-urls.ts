import { x509 } from '../x509/x509';

/**
 * Where relying parties find the CA's files and its OCSP responder, under KANRI_PUBLIC_URL. The paths are the
 * public routes of `CaController`, `CaPublicationController` and `OcspController` (the API prefix included, as
 * a client sees them).
 */
export interface CaUrls {
  /** The issuing CA's CRL, DER (CRL distribution point of end-entity certificates). */
  issuingCrl: string;
  /** The root's CRL, DER (CRL distribution point of the issuing CA certificate). */
  rootCrl: string;
  /** The issuing CA certificate, DER (caIssuers of end-entity certificates). */
  issuingCertificate: string;
  /** The root certificate, DER (caIssuers of the issuing CA certificate). */
  rootCertificate: string;
  /** The OCSP responder for the issuing CA (RFC 6960; POST here, or GET with the request appended). */
  ocsp: string;
}

const API = '/api/v1';

export function caUrls(publicUrl: string | null): CaUrls | null {
  if (!publicUrl) return null;
  const base = `${publicUrl}${API}`;
  return {
    issuingCrl: `${base}/ca/crl`,
    rootCrl: `${base}/ca/root/crl`,
    issuingCertificate: `${base}/ca/issuing/certificate`,
    rootCertificate: `${base}/ca/root/certificate`,
    ocsp: `${base}/ocsp`,
  };
}

/** CRL distribution point and AIA (OCSP, caIssuers) of every certificate the issuing CA signs (RFC 5280 §4.2). */
export function endEntityUrlExtensions(urls: CaUrls | null): x509.Extension[] {
  if (!urls) return [];
  return [
    new x509.CRLDistributionPointsExtension([urls.issuingCrl], false),
    new x509.AuthorityInfoAccessExtension({ ocsp: [urls.ocsp], caIssuers: [urls.issuingCertificate] }, false),
  ];
}

/** The issuing CA certificate points at the root's CRL and the root certificate (no OCSP for the root's CAs). */
export function issuingCaUrlExtensions(urls: CaUrls | null): x509.Extension[] {
  if (!urls) return [];
  return [
    new x509.CRLDistributionPointsExtension([urls.rootCrl], false),
    new x509.AuthorityInfoAccessExtension({ caIssuers: [urls.rootCertificate] }, false),
  ];
}

/** The CRL distribution point URLs a certificate carries (to tell whether the issuing CA needs re-certifying). */
export function crlDistributionUrls(certificate: x509.X509Certificate): string[] {
  const ext = certificate.getExtension(x509.CRLDistributionPointsExtension);
  if (!ext) return [];
  return ext.distributionPoints.flatMap(
    (dp) =>
      dp.distributionPoint?.fullName?.flatMap((n) =>
        n.uniformResourceIdentifier ? [n.uniformResourceIdentifier] : [],
      ) ?? [],
  );
}
