import 'reflect-metadata';
import { randomBytes, webcrypto } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import * as x509 from '@peculiar/x509';
import type { Permission } from '@kanri/access/permission';
import type { TestApp } from './test-app';
import { addMember, createOrg, grantPermissions, type CreatedOrg, type OrgMember } from './org-factories';

export type { OrgMember };

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export type TestKeyKind = 'rsa2048' | 'rsa1024' | 'rsa2048e3' | 'p256' | 'p384' | 'p521';

export interface TestCsr {
  pem: string;
  keys: webcrypto.CryptoKeyPair;
  /** The private key as PKCS#8 PEM (for TLS clients and openssl). */
  privateKeyPem: string;
}

function algorithmFor(kind: TestKeyKind) {
  switch (kind) {
    case 'rsa2048':
    case 'rsa1024':
    case 'rsa2048e3':
      return {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: kind === 'rsa1024' ? 1024 : 2048,
        publicExponent: new Uint8Array(kind === 'rsa2048e3' ? [3] : [1, 0, 1]),
        hash: 'SHA-256',
      };
    case 'p256':
      return { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
    case 'p384':
      return { name: 'ECDSA', namedCurve: 'P-384', hash: 'SHA-384' };
    case 'p521':
      return { name: 'ECDSA', namedCurve: 'P-521', hash: 'SHA-512' };
  }
}

/** A PKCS#10 request as a client would make it (openssl req, a browser, certreq). */
export async function makeCsr(
  options: { key?: TestKeyKind; subject?: string; dnsNames?: string[]; extensions?: x509.Extension[] } = {},
): Promise<TestCsr> {
  const algorithm = algorithmFor(options.key ?? 'p256');
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair;
  const extensions = [...(options.extensions ?? [])];
  if (options.dnsNames?.length) {
    extensions.push(
      new x509.SubjectAlternativeNameExtension(options.dnsNames.map((value) => ({ type: 'dns', value }))),
    );
  }
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({
    name: options.subject ?? 'CN=test',
    keys: keys as unknown as x509.Pkcs10CertificateRequestCreateParams['keys'],
    signingAlgorithm: algorithm,
    extensions,
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  return { pem: csr.toString('pem'), keys, privateKeyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
}

/** The same request with one bit of its signature flipped: well-formed, but no proof of possession. */
export function tamperSignature(pem: string): string {
  const der = Buffer.from(new x509.Pkcs10CertificateRequest(pem).rawData);
  der[der.length - 3] ^= 0x01;
  return x509.PemConverter.encode(der, 'CERTIFICATE REQUEST');
}

/**
 * An organization whose first member creates it (its manager, holding every permission, `certificates.manage`
 * included) and whose other members join with its code and get the permissions listed, all through the API
 * (test/support/org-factories.ts).
 */
export async function createOrgWithMembers(
  t: TestApp,
  members: { permissions?: Permission[]; email?: string; familyName?: string; givenName?: string }[],
  name = `証明書テスト組織${randomBytes(2).toString('hex')}`,
): Promise<{ org: CreatedOrg; orgId: string; name: string; members: OrgMember[] }> {
  const profile = (m: (typeof members)[number]) => ({
    ...(m.email ? { email: m.email } : {}),
    ...(m.familyName ? { familyName: m.familyName } : {}),
    ...(m.givenName ? { givenName: m.givenName } : {}),
  });
  const [first, ...others] = members;
  const org = await createOrg(t, { name, manager: profile(first) });
  const created: OrgMember[] = [org.manager];
  for (const m of others) {
    const member = await addMember(t, org.orgId, profile(m));
    if (m.permissions?.length) await grantPermissions(t, org, member.id, m.permissions);
    created.push(member);
  }
  return { org, orgId: org.orgId, name, members: created };
}

export { x509 };

export interface TlsResponse {
  status: number;
  body: any;
}

/**
 * One HTTPS request to a Kanri listening on 127.0.0.1:`port`, checking its server certificate for `localhost`
 * against `ca`, optionally presenting a client certificate (what a browser does after the user picks one).
 */
export function tlsRequest(
  port: number,
  method: 'GET' | 'POST',
  path: string,
  options: { ca: string; cert?: string; key?: string; token?: string; body?: unknown },
): Promise<TlsResponse> {
  return new Promise((resolve, reject) => {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        servername: 'localhost',
        port,
        method,
        path: `/api/v1${path}`,
        ca: options.ca,
        cert: options.cert,
        key: options.key,
        agent: false,
        headers: {
          ...(payload
            ? { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }
            : {}),
          ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}
