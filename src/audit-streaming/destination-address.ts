import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * Where Kanri may send audit records. Outside production (tests, a developer's machine) a receiver on the loopback
 * interface may be reached without TLS (`http://127.0.0.1:…`, syslog over plain TCP to `127.0.0.1`), since a test
 * cannot present a publicly trusted certificate; everywhere else the records travel over TLS only, and in
 * production always. A URL carrying user name or password is refused: the URL is shown in every GET and in the audit
 * details, the signing secret is what authenticates Kanri to the receiver.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/** Returns a problem with the webhook URL, or null when it may be used. */
export function webhookUrlProblem(raw: string, production: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.username || url.password) return 'must not carry a user name or password';
  if (url.hash) return 'must not carry a fragment';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:') {
    if (production) return 'must use https';
    return isLoopbackHost(url.hostname)
      ? null
      : 'must use https (http only to a loopback address outside production)';
  }
  return 'must use https';
}

const HOST_NAME =
  /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

export function syslogHostProblem(host: string, tls: boolean, production: boolean): string | null {
  const bare = host.replace(/^\[|\]$/g, '');
  if (!isIP(bare) && !HOST_NAME.test(bare)) return 'must be a host name or an IP address';
  if (tls) return null;
  if (production) return 'plain TCP is not allowed: use tls';
  return isLoopbackHost(bare) ? null : 'plain TCP only to a loopback address outside production: use tls';
}

export function caCertificateProblem(pem: string): string | null {
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) return 'must be a PEM certificate';
  try {
    new X509Certificate(pem);
    return null;
  } catch {
    return 'must be a PEM certificate';
  }
}
