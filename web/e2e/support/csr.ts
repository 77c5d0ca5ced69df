import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'kanri-web-csr-'));
let made = 0;

/**
 * A fresh P-256 key and its CSR (PEM), made with the openssl command line as an applicant or a member makes them;
 * `dnsName` adds it as the subjectAltName, as a server certificate's request carries it. The key stays in a
 * temporary folder, unused: the screens only ever see the request.
 */
export function makeCsr(commonName: string, options: { dnsName?: string } = {}): string {
  const base = join(dir, `request-${++made}`);
  execFileSync('openssl', [
    'req',
    '-new',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    `${base}.key`,
    '-subj',
    `/CN=${commonName}`,
    ...(options.dnsName ? ['-addext', `subjectAltName=DNS:${options.dnsName}`] : []),
    '-out',
    `${base}.csr`,
  ]);
  return readFileSync(`${base}.csr`, 'utf8');
}
