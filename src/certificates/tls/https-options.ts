import type { HttpsOptions } from '@nestjs/common/interfaces/external/https-options.interface';
import { readFileSync } from 'node:fs';
import type { AppConfig } from '@kanri/common/config/app-config';

/**
 * HTTPS for the Nest application when TLS_CERT and TLS_KEY are set (main.ts; tests pass the same options).
 * Node's defaults apply to protocol versions and ciphers (TLS 1.2 and later). With TLS_CLIENT_CA the server also asks every client for a certificate issued under those CAs, without
 * refusing connections that send none or an unknown one: ordinary routes keep working, and
 * `POST /auth/certificate-login` decides, with a clear error, whether the certificate signs anyone in (SPEC §3.6).
 */
export function httpsOptionsFor(config: AppConfig): HttpsOptions | undefined {
  if (!config.tls) return undefined;
  const options: HttpsOptions = {
    cert: readFileSync(config.tls.certPath),
    key: readFileSync(config.tls.keyPath),
  };
  if (config.tls.clientCaPath) {
    options.ca = readFileSync(config.tls.clientCaPath);
    options.requestCert = true;
    options.rejectUnauthorized = false;
  }
  return options;
}
