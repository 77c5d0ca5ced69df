import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { createTestApp, type TestApp } from './support/test-app';
import { Permission } from '@kanri/access/permission';
import { loginAsOperator } from './support/factories';
import {
  createOrgWithMembers,
  makeCsr,
  tamperSignature,
  x509,
  type OrgMember,
} from './support/certificate-helpers';

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const CODE_SIGNING = '1.3.6.1.5.5.7.3.3';
const DAY = 86_400_000;

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const itWithOpenssl = hasOpenssl() ? it : it.skip;

function splitPem(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

describe('Certificates: the internal CA issues server, client and code-signing certificates (SPEC §7)', () => {
  let t: TestApp;
  let orgId: string;
  let orgName: string;
  let manager: OrgMember;
  let requester: OrgMember;
  let outsider: OrgMember;
  let chainPem: string;
  let root: X509Certificate;
  let issuing: X509Certificate;
  const dir = mkdtempSync(join(tmpdir(), 'kanri-certs-'));

  beforeAll(async () => {
    t = await createTestApp();
    const org = await createOrgWithMembers(t, [
      { email: 'kanri-manager@example.jp' },
      { permissions: [Permission.CertificatesRequest], email: 'requester@example.jp' },
      { permissions: [] },
    ]);
    ({ orgId, name: orgName } = org);
    [manager, requester, outsider] = org.members;
    const res = await t.api('get', '/ca/certificates');
    chainPem = res.text;
    [issuing, root] = splitPem(chainPem).map((pem) => new X509Certificate(pem));
    writeFileSync(join(dir, 'chain.pem'), chainPem);
    const domain = await t
      .api('post', `/organizations/${orgId}/domains`, manager.token)
      .send({ domain: 'Example.JP' });
    expect(domain.status).toBe(201);
    expect(domain.body).toMatchObject({ domain: 'example.jp' });
  });
  afterAll(() => t.close());

  const issue = (token: string, body: Record<string, unknown>) =>
    t.api('post', `/organizations/${orgId}/certificates`, token).send(body);

  describe('the CA (first start)', () => {
    it('publishes a chain of an issuing CA under a self-signed root, without signing in', async () => {
      expect(splitPem(chainPem)).toHaveLength(2);
      expect(root.ca).toBe(true);
      expect(issuing.ca).toBe(true);
      expect(root.checkIssued(root)).toBe(true);
      expect(root.verify(root.publicKey)).toBe(true);
      expect(issuing.checkIssued(root)).toBe(true);
      expect(issuing.verify(root.publicKey)).toBe(true);
      expect(issuing.subject).toMatch(/CN=Kanri Issuing CA/);
      const rootX = new x509.X509Certificate(root.raw);
      expect(rootX.getExtension(x509.BasicConstraintsExtension)?.pathLength).toBe(1);
      expect(
        new x509.X509Certificate(issuing.raw).getExtension(x509.BasicConstraintsExtension)?.pathLength,
      ).toBe(0);
    });

    it('keeps the CA keys encrypted at rest', async () => {
      const rows = await t.dataSource.query(
        'SELECT role, private_key FROM certificate_authorities ORDER BY role',
      );
      expect(rows.map((r: { role: string }) => r.role)).toEqual(['issuing', 'root']);
      for (const row of rows) {
        expect(row.private_key).toMatch(/^v1\.k1\./);
        expect(row.private_key).not.toContain('PRIVATE KEY');
      }
    });

    it('publishes a CRL signed by the issuing CA with a CRL number and authority key identifier', async () => {
      const der = await t
        .api('get', '/ca/crl')
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(der.status).toBe(200);
      expect(der.headers['content-type']).toMatch(/application\/pkix-crl/);
      const crl = new x509.X509Crl(der.body as Buffer);
      expect(await crl.verify({ publicKey: new x509.X509Certificate(issuing.raw) })).toBe(true);
      expect(crl.getExtension('2.5.29.20')).not.toBeNull();
      expect(crl.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(
        new x509.X509Certificate(issuing.raw).getExtension(x509.SubjectKeyIdentifierExtension)?.keyId,
      );
      expect(crl.nextUpdate!.getTime()).toBeGreaterThan(Date.now() + 6 * DAY);
      const pem = await t.api('get', '/ca/crl?format=pem');
      expect(pem.text).toMatch(/^-----BEGIN X509 CRL-----/);
    });
  });

  describe('issuing', () => {
    it('issues a server certificate from the profile, never from the CSR extensions', async () => {
      const csr = await makeCsr({
        key: 'rsa2048',
        subject: 'CN=www.example.jp, O=Someone Else, C=US',
        dnsNames: ['www.example.jp', 'api.example.jp'],
        extensions: [
          new x509.BasicConstraintsExtension(true, 5, true),
          new x509.ExtendedKeyUsageExtension([CODE_SIGNING]),
        ],
      });
      const res = await issue(manager.token, { type: 'server', csr: csr.pem });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        type: 'server',
        commonName: 'www.example.jp',
        dnsNames: ['www.example.jp', 'api.example.jp'],
        domain: 'example.jp',
        status: 'active',
        keyAlgorithm: 'RSA-2048',
        requestedBy: manager.id,
      });
      const cert = new X509Certificate(res.body.certificatePem);
      expect(cert.checkIssued(issuing)).toBe(true);
      expect(cert.verify(issuing.publicKey)).toBe(true);
      expect(cert.issuer).toBe(issuing.subject);
      expect(cert.subject).toBe(`CN=www.example.jp\nO=${orgName}`);
      expect(cert.ca).toBe(false);
      expect(cert.keyUsage).toEqual([SERVER_AUTH]);
      expect(cert.subjectAltName).toBe('DNS:www.example.jp, DNS:api.example.jp');
      expect(cert.serialNumber).toBe(res.body.serialNumber);
      expect(BigInt(`0x${cert.serialNumber}`) > 2n ** 64n).toBe(true);
      const days = (Date.parse(cert.validTo) - Date.now()) / DAY;
      expect(days).toBeGreaterThan(364);
      expect(days).toBeLessThanOrEqual(365);
      expect(res.body.chainPem).toBe(chainPem);
    });

    it('issues client certificates to a member, with the clientAuth EKU and their address', async () => {
      const csr = await makeCsr({ subject: 'CN=Kanri Manager' });
      const res = await issue(manager.token, {
        type: 'client',
        csr: csr.pem,
        subjectUserId: manager.id,
        validityDays: 90,
      });
      expect(res.status).toBe(201);
      const cert = new X509Certificate(res.body.certificatePem);
      expect(cert.keyUsage).toEqual([CLIENT_AUTH]);
      expect(cert.subjectAltName).toBe('email:kanri-manager@example.jp');
      expect(cert.verify(issuing.publicKey)).toBe(true);
      expect(res.body).toMatchObject({ holderUserId: manager.id, email: 'kanri-manager@example.jp' });
      expect(Math.round((Date.parse(cert.validTo) - Date.now()) / DAY)).toBe(90);
    });

    it('issues code-signing certificates with the codeSigning EKU and no SAN', async () => {
      const csr = await makeCsr({ key: 'p384', subject: 'CN=株式会社テスト 署名' });
      const res = await issue(manager.token, { type: 'code_signing', csr: csr.pem });
      expect(res.status).toBe(201);
      const cert = new X509Certificate(res.body.certificatePem);
      expect(cert.keyUsage).toEqual([CODE_SIGNING]);
      expect(cert.subjectAltName).toBeUndefined();
      expect(cert.subject).toContain('CN=株式会社テスト 署名');
      expect(res.body.keyAlgorithm).toBe('EC-P384');
    });

    itWithOpenssl('passes `openssl verify -CAfile chain.pem cert.pem` for each type', async () => {
      for (const [type, body] of [
        ['server', { dnsNames: ['openssl.example.jp'] }],
        ['client', {}],
        ['code_signing', {}],
      ] as const) {
        const csr = await makeCsr({ key: 'rsa2048', subject: 'CN=openssl check' });
        const res = await issue(manager.token, { type, csr: csr.pem, ...body });
        expect(res.status).toBe(201);
        const file = join(dir, `${type}.pem`);
        writeFileSync(file, res.body.certificatePem);
        const purpose = { server: 'sslserver', client: 'sslclient', code_signing: 'any' }[type];
        const out = execFileSync('openssl', [
          'verify',
          '-purpose',
          purpose,
          '-CAfile',
          join(dir, 'chain.pem'),
          file,
        ]);
        expect(out.toString()).toBe(`${file}: OK\n`);
      }
    });
  });

  describe('refusing bad requests (and changing nothing)', () => {
    const count = async () =>
      Number((await t.dataSource.query('SELECT COUNT(*) AS n FROM certificates'))[0].n);

    it('answers garbage, a broken signature, weak keys and unregistered names with clear codes', async () => {
      const before = await count();
      const garbage = await issue(manager.token, { type: 'server', csr: 'this is not a CSR' });
      expect(garbage.status).toBe(400);
      expect(garbage.body.code).toBe('CSR_MALFORMED');
      const broken = await issue(manager.token, {
        type: 'server',
        csr: '-----BEGIN CERTIFICATE REQUEST-----\nMIIBAAAA\n-----END CERTIFICATE REQUEST-----',
      });
      expect(broken.status).toBe(400);
      expect(broken.body.code).toBe('CSR_MALFORMED');

      const good = await makeCsr({ dnsNames: ['www.example.jp'] });
      const forged = await issue(manager.token, { type: 'server', csr: tamperSignature(good.pem) });
      expect(forged.status).toBe(400);
      expect(forged.body.code).toBe('CSR_SIGNATURE_INVALID');

      for (const [key, algorithm] of [
        ['rsa1024', 'RSA-1024'],
        ['rsa2048e3', 'RSA-2048'],
        ['p521', 'EC-secp521r1'],
      ] as const) {
        const weak = await makeCsr({ key, dnsNames: ['www.example.jp'] });
        const res = await issue(manager.token, { type: 'server', csr: weak.pem });
        expect({ key, status: res.status, code: res.body.code }).toEqual({
          key,
          status: 422,
          code: 'CSR_KEY_NOT_ALLOWED',
        });
        expect(res.body.details).toEqual({ keyAlgorithm: algorithm });
      }

      const foreign = await makeCsr({ dnsNames: ['www.example.jp', 'mail.other.co.jp', 'badexample.jp'] });
      const refused = await issue(manager.token, { type: 'server', csr: foreign.pem });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({
        code: 'CERTIFICATE_DOMAIN_NOT_REGISTERED',
        details: { names: ['mail.other.co.jp', 'badexample.jp'] },
      });
      const ip = await issue(manager.token, { type: 'server', csr: good.pem, dnsNames: ['192.0.2.10'] });
      expect(ip.status).toBe(422);
      expect(ip.body.code).toBe('CERTIFICATE_NAME_INVALID');
      const tooLong = await issue(manager.token, { type: 'server', csr: good.pem, validityDays: 398 });
      expect(tooLong.status).toBe(422);
      expect(tooLong.body).toMatchObject({
        code: 'CERTIFICATE_VALIDITY_TOO_LONG',
        details: { maxDays: 397 },
      });
      const unknownField = await issue(manager.token, { type: 'server', csr: good.pem, isCa: true });
      expect(unknownField.status).toBe(400);
      expect(await count()).toBe(before);
    });
  });

  describe('who may issue', () => {
    it('lets certificates.request apply for server certificates and client certificates for themselves only, never issue at once', async () => {
      const csr = await makeCsr({ dnsNames: ['req.example.jp'] });
      // SPEC §15: without an officer's approval a requester gets no certificate.
      expect((await issue(requester.token, { type: 'server', csr: csr.pem })).status).toBe(403);
      expect((await issue(requester.token, { type: 'client', csr: csr.pem })).status).toBe(403);
      const apply = (body: Record<string, unknown>) =>
        t.api('post', `/organizations/${orgId}/certificate-applications`, requester.token).send(body);
      expect((await apply({ type: 'server', csr: csr.pem })).status).toBe(201);
      expect((await apply({ type: 'client', csr: csr.pem })).status).toBe(201);
      const forOther = await apply({ type: 'client', csr: csr.pem, holderUserId: manager.id });
      expect(forOther.status).toBe(403);
      expect((await apply({ type: 'code_signing', csr: csr.pem })).status).toBe(403);
      const list = await t.api('get', `/organizations/${orgId}/certificates?perPage=100`, requester.token);
      expect(list.body.items).toEqual([]);
      const [row] = await t.dataSource.query(
        'SELECT COUNT(*) AS n FROM certificates WHERE requested_by = ?',
        [requester.id],
      );
      expect(Number(row.n)).toBe(0);
    });

    it('refuses members without a certificate permission, and hides the organization from others', async () => {
      const csr = await makeCsr({ dnsNames: ['www.example.jp'] });
      const res = await issue(outsider.token, { type: 'server', csr: csr.pem });
      expect(res.status).toBe(403);
      const other = await createOrgWithMembers(t, [{}]);
      const cross = await t
        .api('post', `/organizations/${orgId}/certificates`, other.members[0].token)
        .send({ type: 'server', csr: csr.pem });
      expect(cross.status).toBe(404);
      const operator = await loginAsOperator(t);
      expect((await issue(operator, { type: 'server', csr: csr.pem })).status).toBe(201);
    });
  });
});
