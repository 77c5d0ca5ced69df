import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AsnConvert } from '@peculiar/asn1-schema';
import { OCSPResponse, OCSPResponseStatus } from '@peculiar/asn1-ocsp';
import { createOrgWithMembers, makeCsr, x509, type OrgMember } from './support/certificate-helpers';
import { RootCrlService } from '../src/certificates/ca/root-crl.service';
import { freePort } from './proof/support/child-server';
import { createTestApp, type TestApp } from './support/test-app';
import {
  createTestDatabase,
  sameDatabase,
  testDatabaseKind,
  type TestDatabase,
} from './support/test-database';

const run = promisify(execFile);

/** Runs openssl without blocking the event loop (the server it talks to lives in this process). */
async function openssl(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run('openssl', args, { timeout: 20_000 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; code?: number };
    return { stdout: e.stdout ?? '', stderr: e.stderr ?? '', code: typeof e.code === 'number' ? e.code : 1 };
  }
}

function ocspStatusOf(body: Buffer): OCSPResponseStatus {
  return AsnConvert.parse(body, OCSPResponse).responseStatus;
}

/**
 * SPEC §7 with relying parties that check certificates by themselves: CRL distribution points and AIA in every
 * certificate, the CA files at those URLs, and the OCSP responder, driven with the real openssl binary against a
 * Kanri listening on 127.0.0.1 whose KANRI_PUBLIC_URL points at itself.
 */
describe('Certificates: CRL distribution points, AIA and OCSP (RFC 5280, RFC 6960)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kanri-ocsp-'));
  const file = (name: string) => join(dir, name);
  let database: TestDatabase;
  let t: TestApp;
  let base: string;
  let orgId: string;
  let manager: OrgMember;
  let chainPem: string;
  /** A certificate issued before KANRI_PUBLIC_URL was configured. */
  let oldCert: { id: string; serialNumber: string; certificatePem: string };
  let oldIssuingPem: string;

  const certificates = () => `/organizations/${orgId}/certificates`;
  async function issue(dnsName: string) {
    const csr = await makeCsr({ key: 'p256' });
    const res = await t
      .api('post', certificates(), manager.token)
      .send({ csr: csr.pem, type: 'server', dnsNames: [dnsName] });
    if (res.status !== 201) throw new Error(`issue failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; serialNumber: string; certificatePem: string };
  }
  const ocspUrl = () => `${base}/api/v1/ocsp`;
  /** openssl's options that shape the CertID (a digest) must come before -cert. */
  const ocspCheck = (certFile: string, ...certIdOptions: string[]) =>
    openssl(
      'ocsp',
      '-issuer',
      file('issuing.pem'),
      ...certIdOptions,
      '-cert',
      certFile,
      '-url',
      ocspUrl(),
      '-CAfile',
      file('chain.pem'),
    );

  beforeAll(async () => {
    database =
      testDatabaseKind === 'sqlite'
        ? { url: `sqlite:${file('kanri.sqlite')}`, drop: async () => undefined }
        : await createTestDatabase();
    // First, a Kanri without a public URL issues a certificate (as every installation did before).
    const before = await createTestApp({ database: sameDatabase(database) });
    const org = await createOrgWithMembers(before, [{ email: 'ocsp-manager@example.jp' }]);
    orgId = org.orgId;
    manager = org.members[0];
    await before
      .api('post', `/organizations/${orgId}/domains`, manager.token)
      .send({ domain: 'ocsp.example' });
    t = before;
    oldCert = await issue('old.ocsp.example');
    oldIssuingPem = (await before.api('get', '/ca/certificates')).text;
    await before.close();

    // Then the same database under a Kanri that publishes its CA at a URL: its own address on a free port.
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await createTestApp({ database: sameDatabase(database), env: { KANRI_PUBLIC_URL: base } });
    await t.app.listen(port, '127.0.0.1');
    chainPem = (await t.api('get', '/ca/certificates')).text;
    writeFileSync(file('chain.pem'), chainPem);
    writeFileSync(file('issuing.pem'), new x509.X509Certificate(chainPem).toString('pem'));
    writeFileSync(file('old.pem'), oldCert.certificatePem);
  });
  afterAll(async () => {
    await t?.close();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('extensions and published files', () => {
    let leaf: { id: string; serialNumber: string; certificatePem: string };
    beforeAll(async () => {
      leaf = await issue('www.ocsp.example');
      writeFileSync(file('leaf.pem'), leaf.certificatePem);
    });

    it('writes the CRL distribution point and AIA (OCSP, caIssuers) with the configured URLs', async () => {
      const { stdout, code } = await openssl('x509', '-noout', '-text', '-in', file('leaf.pem'));
      expect(code).toBe(0);
      expect(stdout).toMatch(/X509v3 CRL Distribution Points:\s*\n\s*Full Name:\s*\n\s*URI:(\S+)/);
      expect(stdout.match(/Full Name:\s*\n\s*URI:(\S+)/)![1]).toBe(`${base}/api/v1/ca/crl`);
      expect(stdout).toContain('Authority Information Access:');
      expect(stdout).toContain(`OCSP - URI:${base}/api/v1/ocsp`);
      expect(stdout).toContain(`CA Issuers - URI:${base}/api/v1/ca/issuing/certificate`);
    });

    it("has the issuing CA certificate point at the root's CRL and certificate", async () => {
      const { stdout } = await openssl('x509', '-noout', '-text', '-in', file('issuing.pem'));
      expect(stdout.match(/Full Name:\s*\n\s*URI:(\S+)/)![1]).toBe(`${base}/api/v1/ca/root/crl`);
      expect(stdout).toContain(`CA Issuers - URI:${base}/api/v1/ca/root/certificate`);
      expect(stdout).not.toContain('OCSP - URI');
    });

    it('serves the CA certificates in DER and both CRLs at those URLs, without signing in', async () => {
      const [issuing, root] = x509.PemConverter.decode(chainPem).map((der) => Buffer.from(der));
      const issuingRes = await fetch(`${base}/api/v1/ca/issuing/certificate`);
      expect(issuingRes.headers.get('content-type')).toMatch(/^application\/pkix-cert/);
      expect(Buffer.from(await issuingRes.arrayBuffer()).equals(issuing)).toBe(true);
      const rootRes = await fetch(`${base}/api/v1/ca/root/certificate`);
      expect(Buffer.from(await rootRes.arrayBuffer()).equals(root)).toBe(true);
      const rootCrlRes = await fetch(`${base}/api/v1/ca/root/crl`);
      expect(rootCrlRes.headers.get('content-type')).toMatch(/^application\/pkix-crl/);
      const rootCrl = new x509.X509Crl(await rootCrlRes.arrayBuffer());
      const rootCert = new x509.X509Certificate(root);
      expect(rootCrl.issuer).toBe(rootCert.subject);
      expect(await rootCrl.verify({ publicKey: rootCert.publicKey })).toBe(true);
      expect(rootCrl.entries).toEqual([]);
    });

    it('passes openssl verify -crl_download -crl_check (and -crl_check_all) against the running server', async () => {
      const leafOnly = await openssl(
        'verify',
        '-crl_download',
        '-crl_check',
        '-CAfile',
        file('chain.pem'),
        file('leaf.pem'),
      );
      expect(leafOnly.stdout + leafOnly.stderr).toContain(`${file('leaf.pem')}: OK`);
      expect(leafOnly.code).toBe(0);
      // With -crl_check_all openssl also wants a CRL for the trust anchor itself, which has no distribution point
      // (no relying party checks its anchor's revocation): hand it the root's CRL, fetched from the URL in the
      // issuing CA certificate. The issuing CA's and the leaf's CRLs are downloaded.
      const issuingText = (await openssl('x509', '-noout', '-text', '-in', file('issuing.pem'))).stdout;
      const rootCrlUrl = issuingText.match(/Full Name:\s*\n\s*URI:(\S+)/)![1];
      writeFileSync(file('root.crl'), Buffer.from(await (await fetch(rootCrlUrl)).arrayBuffer()));
      const wholeChain = await openssl(
        'verify',
        '-crl_download',
        '-crl_check_all',
        '-CRLfile',
        file('root.crl'),
        '-CAfile',
        file('chain.pem'),
        file('leaf.pem'),
      );
      expect(wholeChain.stdout + wholeChain.stderr).toContain(`${file('leaf.pem')}: OK`);
    });
  });

  describe('OCSP', () => {
    let leaf: { id: string; serialNumber: string; certificatePem: string };
    beforeAll(async () => {
      leaf = await issue('ocsp-target.ocsp.example');
      writeFileSync(file('target.pem'), leaf.certificatePem);
    });

    it('answers good, signed by the issuing CA, with the nonce echoed and the CRL’s nextUpdate', async () => {
      const { stdout, stderr, code } = await ocspCheck(file('target.pem'));
      expect(code).toBe(0);
      expect(stdout).toContain(`${file('target.pem')}: good`);
      expect(stderr).toContain('Response verify OK');
      // openssl sends a nonce by default and warns when the answer lacks it.
      expect(stdout + stderr).not.toMatch(/nonce/i);
      const nextUpdate = new Date(stdout.match(/Next Update: (.+)/)![1]);
      const crl = new x509.X509Crl((await t.api('get', '/ca/crl?format=pem')).text);
      expect(Math.abs(nextUpdate.getTime() - crl.nextUpdate!.getTime())).toBeLessThan(1000);
    });

    it('answers the command a relying party types, with the chain file as -issuer', async () => {
      const { stdout, stderr } = await openssl(
        'ocsp',
        '-issuer',
        file('chain.pem'),
        '-cert',
        file('target.pem'),
        '-url',
        ocspUrl(),
        '-CAfile',
        file('chain.pem'),
      );
      expect(stdout).toContain(`${file('target.pem')}: good`);
      expect(stderr).toContain('Response verify OK');
    });

    it('answers with SHA-256 CertIDs too', async () => {
      const { stdout, stderr } = await ocspCheck(file('target.pem'), '-sha256');
      expect(stdout + stderr).toContain(`${file('target.pem')}: good`);
      expect(stderr).toContain('Response verify OK');
    });

    it('answers GET requests (base64 of the DER request in the path)', async () => {
      await openssl(
        'ocsp',
        '-issuer',
        file('issuing.pem'),
        '-cert',
        file('target.pem'),
        '-no_nonce',
        '-reqout',
        file('req.der'),
      );
      const encoded = encodeURIComponent(readFileSync(file('req.der')).toString('base64'));
      const res = await fetch(`${ocspUrl()}/${encoded}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/ocsp-response/);
      writeFileSync(file('resp.der'), Buffer.from(await res.arrayBuffer()));
      const { stdout, stderr } = await openssl(
        'ocsp',
        '-respin',
        file('resp.der'),
        '-issuer',
        file('issuing.pem'),
        '-cert',
        file('target.pem'),
        '-CAfile',
        file('chain.pem'),
      );
      expect(stdout).toContain(`${file('target.pem')}: good`);
      expect(stderr).toContain('Response verify OK');
    });

    it('answers revoked, with the reason and time, right after a revoke through the API', async () => {
      const revoke = await t
        .api('post', `${certificates()}/${leaf.id}/revoke`, manager.token)
        .send({ reason: 'keyCompromise' });
      expect(revoke.status).toBe(200);
      const { stdout, stderr } = await ocspCheck(file('target.pem'));
      expect(stdout).toContain(`${file('target.pem')}: revoked`);
      expect(stdout).toContain('Reason: keyCompromise');
      expect(stderr).toContain('Response verify OK');
      const revokedAt = new Date(stdout.match(/Revocation Time: (.+)/)![1]);
      const stored = new Date((revoke.body as { revokedAt: string }).revokedAt);
      expect(Math.abs(revokedAt.getTime() - stored.getTime())).toBeLessThan(1000);
      // The CRL says the same (openssl fetches it from the distribution point).
      const verify = await openssl(
        'verify',
        '-crl_download',
        '-crl_check',
        '-CAfile',
        file('chain.pem'),
        file('target.pem'),
      );
      expect(verify.stdout + verify.stderr).toContain('certificate revoked');
    });

    it('answers unknown for a serial Kanri never issued', async () => {
      const { stdout, stderr } = await openssl(
        'ocsp',
        '-issuer',
        file('issuing.pem'),
        '-serial',
        `0x${randomBytes(16).toString('hex')}`,
        '-url',
        ocspUrl(),
        '-CAfile',
        file('chain.pem'),
      );
      expect(stdout).toMatch(/: unknown/);
      expect(stderr).toContain('Response verify OK');
    });

    it('still answers for a certificate issued before the URLs were configured, which still chains', async () => {
      expect(oldCert.certificatePem).not.toContain(base);
      const { stdout } = await ocspCheck(file('old.pem'));
      expect(stdout).toContain(`${file('old.pem')}: good`);
      const verify = await openssl('verify', '-CAfile', file('chain.pem'), file('old.pem'));
      expect(verify.stdout).toContain(`${file('old.pem')}: OK`);
      // The issuing CA was re-certified (same name and key) to carry the root's CRL distribution point.
      const [before] = x509.PemConverter.decode(oldIssuingPem).map((d) => new x509.X509Certificate(d));
      const [after] = x509.PemConverter.decode(chainPem).map((d) => new x509.X509Certificate(d));
      expect(after.subject).toBe(before.subject);
      expect(after.serialNumber).not.toBe(before.serialNumber);
      expect(Buffer.from(after.publicKey.rawData).equals(Buffer.from(before.publicKey.rawData))).toBe(true);
    });
  });

  describe('bad OCSP requests', () => {
    const post = (body: Buffer, type = 'application/ocsp-request') =>
      fetch(ocspUrl(), { method: 'POST', headers: { 'Content-Type': type }, body });

    it('answers malformedRequest to garbage, an empty body, a 100 KB body and a JSON body', async () => {
      for (const [body, type] of [
        [Buffer.from('not an OCSP request'), undefined],
        [randomBytes(300), undefined],
        [Buffer.alloc(0), undefined],
        [randomBytes(100 * 1024), undefined],
        [Buffer.from('{"serial":"01"}'), 'application/json'],
      ] as const) {
        const res = await post(body, type);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^application\/ocsp-response/);
        expect(ocspStatusOf(Buffer.from(await res.arrayBuffer()))).toBe(OCSPResponseStatus.malformedRequest);
      }
    });

    it('answers malformedRequest to a request with bytes after it, and to a GET that is not base64', async () => {
      await openssl(
        'ocsp',
        '-issuer',
        file('issuing.pem'),
        '-cert',
        file('old.pem'),
        '-reqout',
        file('r.der'),
      );
      const good = readFileSync(file('r.der'));
      expect(ocspStatusOf(Buffer.from(await (await post(good)).arrayBuffer()))).toBe(
        OCSPResponseStatus.successful,
      );
      const trailing = await post(Buffer.concat([good, Buffer.from([0, 0])]));
      expect(ocspStatusOf(Buffer.from(await trailing.arrayBuffer()))).toBe(
        OCSPResponseStatus.malformedRequest,
      );
      for (const path of ['not*base64!', 'AAAA', 'MAMCAQE%3D', good.toString('base64').slice(0, 40)]) {
        const res = await fetch(`${ocspUrl()}/${path}`);
        expect(res.status).toBe(200);
        expect(ocspStatusOf(Buffer.from(await res.arrayBuffer()))).toBe(OCSPResponseStatus.malformedRequest);
      }
      // A path that is not even percent-encoded properly is refused by the HTTP layer, in the error shape.
      const broken = await fetch(`${ocspUrl()}/%E0%A4%A`);
      expect(broken.status).toBe(400);
      expect(await broken.json()).toMatchObject({ statusCode: 400, code: 'MALFORMED_REQUEST' });
    });

    it("answers unauthorized when asked about another issuer's certificate", async () => {
      await openssl(
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-keyout',
        file('other.key'),
        '-out',
        file('other.pem'),
        '-subj',
        '/CN=Another CA',
        '-days',
        '1',
      );
      const { stdout, stderr } = await openssl(
        'ocsp',
        '-issuer',
        file('other.pem'),
        '-serial',
        '0x01',
        '-url',
        ocspUrl(),
        '-CAfile',
        file('chain.pem'),
      );
      expect(stdout + stderr).toContain('Responder Error: unauthorized (6)');
    });

    it('refuses a body beyond the limit with 413 in the error shape, never a 5xx', async () => {
      const res = await post(randomBytes(1024 * 1024));
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    });
  });

  // Last: it moves the app's clock.
  it("re-signs the root's CRL once half of its life has passed, as the issuing CA's", async () => {
    const rootCrl = t.app.get(RootCrlService);
    const number = async () => (await rootCrl.current()).state.crlNumber;
    const first = await number();
    expect(await rootCrl.refreshIfDue()).toBe(false);
    t.clock.advanceDays(4);
    expect(await rootCrl.refreshIfDue()).toBe(true);
    expect(await rootCrl.refreshIfDue()).toBe(false);
    expect(await number()).toBe(first + 1);
    const served = new x509.X509Crl((await t.api('get', '/ca/root/crl?format=pem')).text);
    expect(served.thisUpdate.getTime()).toBeGreaterThan(Date.now() + 3 * 86_400_000);
  });
});
