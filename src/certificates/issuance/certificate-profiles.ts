import { x509 } from '../x509/x509';

export const CERTIFICATE_TYPES = ['server', 'client', 'code_signing', 'smime'] as const;
export type CertificateType = (typeof CERTIFICATE_TYPES)[number];

/**
 * What a certificate of each type says about its key, whatever the CSR asked for (SPEC §7: requested
 * extensions are never copied). Validity in days: the default when the request names none, and the most it may
 * ask for. Server certificates follow the public-web ceiling (397 days) so that they also work in browsers that
 * enforce it for private roots; client and code-signing certificates live longer because reinstalling them is
 * costly for their holders.
 */
export interface CertificateProfile {
  type: CertificateType;
  defaultDays: number;
  maxDays: number;
  extendedKeyUsage: string;
  /** Key usage bits; RSA server keys also encipher the TLS pre-master secret in RSA key exchange. */
  keyUsage(keyKind: 'rsa' | 'ec'): number;
}

const { digitalSignature, keyEncipherment, keyAgreement } = x509.KeyUsageFlags;

export const CERTIFICATE_PROFILES: Record<CertificateType, CertificateProfile> = {
  server: {
    type: 'server',
    defaultDays: 365,
    maxDays: 397,
    extendedKeyUsage: x509.ExtendedKeyUsage.serverAuth,
    keyUsage: (kind) => (kind === 'rsa' ? digitalSignature | keyEncipherment : digitalSignature),
  },
  client: {
    type: 'client',
    defaultDays: 365,
    maxDays: 730,
    extendedKeyUsage: x509.ExtendedKeyUsage.clientAuth,
    keyUsage: () => digitalSignature,
  },
  code_signing: {
    type: 'code_signing',
    defaultDays: 365,
    maxDays: 1095,
    extendedKeyUsage: x509.ExtendedKeyUsage.codeSigning,
    keyUsage: () => digitalSignature,
  },
  // S/MIME (mail signing and encryption): the holder's address in the SAN, as the CA/B Forum S/MIME baseline asks;
  // RSA keys encrypt the content key, EC keys agree on it.
  smime: {
    type: 'smime',
    defaultDays: 365,
    maxDays: 730,
    extendedKeyUsage: x509.ExtendedKeyUsage.emailProtection,
    keyUsage: (kind) => digitalSignature | (kind === 'rsa' ? keyEncipherment : keyAgreement),
  },
};

/** Labels used in exports and mail (manual 002: サーバ証明書 / クライアント証明書 / コード署名用証明書). */
export const CERTIFICATE_TYPE_LABELS: Record<CertificateType, string> = {
  server: 'サーバ証明書',
  client: 'クライアント証明書',
  code_signing: 'コード署名用証明書',
  smime: 'S/MIME証明書',
};
