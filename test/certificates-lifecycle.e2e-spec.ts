import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { Permission } from '@kanri/access/permission';
import { DEFAULT_CONFIRMATION } from './support/factories';
import { createOrgWithMembers, makeCsr, x509, type OrgMember } from './support/certificate-helpers';
import { createTestApp, type TestApp } from './support/test-app';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const itWithOpenssl = hasOpenssl() ? it : it.skip;

describe('Certificates: revoke, CRL, renew, list, export and statistics (SPEC §7)', () => {
  let t: TestApp;
  let orgId: string;
  let manager: OrgMember;
  let holder: OrgMember;
  let requester: OrgMember;
  const dir = mkdtempSync(join(tmpdir(), 'kanri-crl-'));

  beforeAll(async () => {
    t = await createTestApp();
    const org = await createOrgWithMembers(t, [
      { email: 'lifecycle-manager@example.jp' },
      { email: 'holder@example.jp' },
      { permissions: [Permission.CertificatesRequest], email: 'lifecycle-requester@example.jp' },
    ]);
    orgId = org.orgId;
    [manager, holder, requester] = org.members;
    await t.api('post', `/organizations/${orgId}/domains`, manager.token).send({ domain: 'kanri.example' });
    await t
      .api('post', `/organizations/${orgId}/domains`, manager.token)
      .send({ domain: 'intra.example.jp' });
    writeFileSync(join(dir, 'chain.pem'), (await t.api('get', '/ca/certificates')).text);
  });
  afterAll(() => t.close());

  const base = () => `/organizations/${orgId}/certificates`;
  async function issue(body: Record<string, unknown>, token = manager.token) {
    const csr = await makeCsr({ key: 'p256' });
    const res = await t.api('post', base(), token).send({ csr: csr.pem, ...body });
    if (res.status !== 201) throw new Error(`issue failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; serialNumber: string; certificatePem: string };
  }
  async function currentCrl(): Promise<x509.X509Crl> {
    const res = await t.api('get', '/ca/crl?format=pem');
    return new x509.X509Crl(res.text);
  }
  const crlNumber = (crl: x509.X509Crl) =>
    parseInt(Buffer.from(crl.getExtension('2.5.29.20')!.value).toString('hex').slice(4), 16);

  describe('revocation', () => {
    it('lists a revoked serial in the CRL answered right after the revoke request', async () => {
      const cert = await issue({ type: 'server', dnsNames: ['www.kanri.example'] });
      const before = await currentCrl();
      expect(before.findRevoked(cert.serialNumber)).toBeNull();
      const res = await t
        .api('post', `${base()}/${cert.id}/revoke`, manager.token)
        .send({ reason: 'keyCompromise' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'revoked',
        revocationReason: 'keyCompromise',
        revocationReasonCode: 1,
      });
      const after = await currentCrl();
      const entry = after.findRevoked(cert.serialNumber);
      expect(entry).not.toBeNull();
      expect(entry!.reason).toBe(x509.X509CrlReason.keyCompromise);
      expect(crlNumber(after)).toBe(crlNumber(before) + 1);
      const again = await t
        .api('post', `${base()}/${cert.id}/revoke`, manager.token)
        .send({ reason: 'superseded' });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('CERTIFICATE_ALREADY_REVOKED');
      const bad = await t
        .api('post', `${base()}/${cert.id}/revoke`, manager.token)
        .send({ reason: 'certificateHold' });
      expect(bad.status).toBe(400);
    });

    itWithOpenssl(
      'is seen by openssl: `openssl crl` lists the serial and `verify -crl_check` refuses the certificate',
      async () => {
        const kept = await issue({ type: 'server', dnsNames: ['kept.kanri.example'] });
        const gone = await issue({ type: 'server', dnsNames: ['gone.kanri.example'] });
        await t
          .api('post', `${base()}/${gone.id}/revoke`, manager.token)
          .send({ reason: 'cessationOfOperation' });
        const der = await t
          .api('get', '/ca/crl')
          .buffer(true)
          .parse((res, done) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => done(null, Buffer.concat(chunks)));
          });
        writeFileSync(join(dir, 'crl.der'), der.body as Buffer);
        const text = execFileSync('openssl', [
          'crl',
          '-inform',
          'DER',
          '-in',
          join(dir, 'crl.der'),
          '-noout',
          '-text',
        ]).toString();
        expect(text).toContain(`Serial Number: ${gone.serialNumber}`);
        expect(text).toContain('X509v3 CRL Number');
        expect(text).toContain('X509v3 Authority Key Identifier');
        expect(text).toContain('Cessation Of Operation');
        writeFileSync(join(dir, 'crl.pem'), (await t.api('get', '/ca/crl?format=pem')).text);
        writeFileSync(join(dir, 'kept.pem'), kept.certificatePem);
        writeFileSync(join(dir, 'gone.pem'), gone.certificatePem);
        const args = (file: string) => [
          'verify',
          '-crl_check',
          '-CAfile',
          join(dir, 'chain.pem'),
          '-CRLfile',
          join(dir, 'crl.pem'),
          file,
        ];
        expect(execFileSync('openssl', args(join(dir, 'kept.pem'))).toString()).toContain('OK');
        let refused = '';
        try {
          execFileSync('openssl', args(join(dir, 'gone.pem')), { stdio: 'pipe' });
        } catch (e) {
          refused = String((e as { stdout: Buffer }).stdout) + String((e as { stderr: Buffer }).stderr);
        }
        expect(refused).toContain('certificate revoked');
      },
    );

    it('keeps every concurrent revocation in the CRL and lets only one of a race on the same certificate win', async () => {
      const certs = [];
      for (let i = 0; i < 15; i++)
        certs.push(await issue({ type: 'server', dnsNames: [`r${i}.kanri.example`] }));
      const start = crlNumber(await currentCrl());
      const results = await Promise.all(
        certs.map((c) =>
          t.api('post', `${base()}/${c.id}/revoke`, manager.token).send({ reason: 'superseded' }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(certs.map(() => 200));
      const crl = await currentCrl();
      for (const c of certs) expect(crl.findRevoked(c.serialNumber)).not.toBeNull();
      expect(crlNumber(crl)).toBe(start + certs.length);

      const target = await issue({ type: 'server', dnsNames: ['race.kanri.example'] });
      const race = await Promise.all(
        Array.from({ length: 20 }, () =>
          t.api('post', `${base()}/${target.id}/revoke`, manager.token).send({ reason: 'keyCompromise' }),
        ),
      );
      expect(race.filter((r) => r.status === 200)).toHaveLength(1);
      expect(race.filter((r) => r.status === 409)).toHaveLength(19);
      const [row] = await t.dataSource.query('SELECT status FROM certificates WHERE id = ?', [target.id]);
      expect(row.status).toBe('revoked');
    });

    it('lets certificates.request revoke only what they requested or hold (others are 404)', async () => {
      // Requesters get certificates through an officer (SPEC §15); this one they hold.
      const theirs = await issue({ type: 'client', subjectUserId: requester.id });
      const notTheirs = await issue({ type: 'server', dnsNames: ['notmine.kanri.example'] });
      const other = await t
        .api('post', `${base()}/${notTheirs.id}/revoke`, requester.token)
        .send({ reason: 'unspecified' });
      expect(other.status).toBe(404);
      const own = await t
        .api('post', `${base()}/${theirs.id}/revoke`, requester.token)
        .send({ reason: 'unspecified' });
      expect(own.status).toBe(200);
    });
  });

  describe('renewal', () => {
    it('renews once with the same key and names, keeping the old certificate valid', async () => {
      const old = await issue({ type: 'server', dnsNames: ['renew.kanri.example', 'www.intra.example.jp'] });
      const res = await t.api('post', `${base()}/${old.id}/renew`, manager.token).send({ validityDays: 200 });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        renewedFromId: old.id,
        dnsNames: ['renew.kanri.example', 'www.intra.example.jp'],
      });
      const before = new X509Certificate(old.certificatePem);
      const after = new X509Certificate(res.body.certificatePem);
      expect(after.publicKey.export({ type: 'spki', format: 'der' })).toEqual(
        before.publicKey.export({ type: 'spki', format: 'der' }),
      );
      expect(after.serialNumber).not.toBe(before.serialNumber);
      expect(after.subjectAltName).toBe(before.subjectAltName);
      const oldView = await t.api('get', `${base()}/${old.id}`, manager.token);
      expect(oldView.body).toMatchObject({ status: 'active', renewedById: res.body.id });
      const twice = await t.api('post', `${base()}/${old.id}/renew`, manager.token).send({});
      expect(twice.status).toBe(409);
      expect(twice.body.code).toBe('CERTIFICATE_ALREADY_RENEWED');
    });

    it('renews for a new key from a CSR, refuses revoked certificates, and lets one of parallel renewals win', async () => {
      const old = await issue({ type: 'client', subjectUserId: holder.id });
      const csr = await makeCsr({ key: 'rsa2048', subject: 'CN=ignored on renewal' });
      const renewed = await t.api('post', `${base()}/${old.id}/renew`, manager.token).send({ csr: csr.pem });
      expect(renewed.status).toBe(201);
      // The renewed certificate keeps its subject: the new CSR's CN is not used.
      expect(renewed.body).toMatchObject({
        keyAlgorithm: 'RSA-2048',
        holderUserId: holder.id,
        commonName: 'test',
      });

      const revoked = await issue({ type: 'code_signing' });
      await t.api('post', `${base()}/${revoked.id}/revoke`, manager.token).send({ reason: 'keyCompromise' });
      const refused = await t.api('post', `${base()}/${revoked.id}/renew`, manager.token).send({});
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('CERTIFICATE_REVOKED');

      const raced = await issue({ type: 'server', dnsNames: ['parallel.kanri.example'] });
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          t.api('post', `${base()}/${raced.id}/renew`, manager.token).send({}),
        ),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      const [{ n }] = await t.dataSource.query(
        'SELECT COUNT(*) AS n FROM certificates WHERE renewed_from_id = ?',
        [raced.id],
      );
      expect(Number(n)).toBe(1);
    });
  });

  describe('download, list, bulk download and statistics', () => {
    it('downloads PEM (optionally with the issuing CA) and DER', async () => {
      const cert = await issue({ type: 'server', dnsNames: ['dl.kanri.example'] });
      const pem = await t.api('get', `${base()}/${cert.id}/download`, manager.token);
      expect(pem.status).toBe(200);
      expect(pem.headers['content-disposition']).toContain(`${cert.serialNumber}.pem`);
      expect(pem.text.trim()).toBe(cert.certificatePem.trim());
      const full = await t.api('get', `${base()}/${cert.id}/download?chain=true`, manager.token);
      expect(full.text.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
      const der = await t
        .api('get', `${base()}/${cert.id}/download?format=der`, manager.token)
        .buffer(true)
        .parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(der.headers['content-type']).toMatch(/application\/pkix-cert/);
      expect(new X509Certificate(der.body as Buffer).serialNumber).toBe(cert.serialNumber);
    });

    it('filters the list by type, status, domain and text', async () => {
      const list = (q: string) => t.api('get', `${base()}?perPage=100&${q}`, manager.token);
      const revoked = await list('status=revoked');
      expect(revoked.body.items.length).toBeGreaterThan(0);
      expect(revoked.body.items.every((c: { status: string }) => c.status === 'revoked')).toBe(true);
      const filed = await issue({ type: 'server', dnsNames: ['portal.intra.example.jp', 'x.kanri.example'] });
      const intra = await list('domain=intra.example.jp');
      // A certificate is filed under the registered domain of its first name.
      expect(intra.body.items.map((c: { id: string }) => c.id)).toEqual([filed.id]);
      const byName = await list('q=dl.kanri');
      expect(byName.body.items.map((c: { commonName: string }) => c.commonName)).toEqual([
        'dl.kanri.example',
      ]);
      const bySerial = await list(`q=${byName.body.items[0].serialNumber.toLowerCase()}`);
      expect(bySerial.body.total).toBe(1);
      const clients = await list('type=client');
      expect(clients.body.items.every((c: { type: string }) => c.type === 'client')).toBe(true);
      const wrong = await list('status=lost');
      expect(wrong.status).toBe(400);
    });

    it("exports TSV and CSV with the manual's columns, honouring filters", async () => {
      const tsv = await t.api('get', `${base()}/export?type=server&status=revoked`, manager.token);
      expect(tsv.status).toBe(200);
      expect(tsv.headers['content-type']).toMatch(/text\/tab-separated-values/);
      expect(tsv.headers['content-disposition']).toMatch(/certificates_\d{14}\.tsv/);
      const lines = tsv.text.trim().split('\r\n');
      expect(lines[0].split('\t')).toEqual([
        'シリアル番号',
        '証明書種別',
        '状態',
        'コモンネーム',
        'サブジェクト',
        'DNS名',
        'メールアドレス',
        'ドメイン',
        '鍵種別',
        '有効期間開始',
        '有効期限',
        '失効日時',
        '失効理由',
        '発行日時',
      ]);
      const [{ n }] = await t.dataSource.query(
        "SELECT COUNT(*) AS n FROM certificates WHERE organization_id = ? AND type = 'server' AND status = 'revoked'",
        [orgId],
      );
      expect(lines).toHaveLength(Number(n) + 1);
      expect(
        lines.slice(1).every((l) => l.split('\t')[1] === 'サーバ証明書' && l.split('\t')[2] === '失効'),
      ).toBe(true);
      const csv = await t.api('get', `${base()}/export?format=csv`, manager.token);
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      expect(csv.text.charCodeAt(0)).toBe(0xfeff);
      expect(csv.text).toContain('シリアル番号,証明書種別,状態');
      expect((await t.api('get', `${base()}/export`, requester.token)).status).toBe(403);
    });

    it('counts certificates per domain, type and status (発行証明書統計照会)', async () => {
      const res = await t.api('get', `${base()}/stats`, manager.token);
      expect(res.status).toBe(200);
      const rows: { n: number | string; state: string }[] = await t.dataSource.query(
        'SELECT status AS state, COUNT(*) AS n FROM certificates WHERE organization_id = ? GROUP BY status',
        [orgId],
      );
      const revokedInDb = Number(rows.find((r) => r.state === 'revoked')?.n ?? 0);
      expect(res.body.totals.revoked).toBe(revokedInDb);
      expect(res.body.totals.all).toBe(rows.reduce((sum, r) => sum + Number(r.n), 0));
      expect(res.body.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ domain: 'kanri.example', type: 'server', status: 'revoked' }),
          expect.objectContaining({ domain: null, type: 'client', status: 'active' }),
        ]),
      );
    });
  });

  describe("a member's client certificates", () => {
    it('lets an administrator revoke them with the confirmation password (電子証明書失効)', async () => {
      const cert = await issue({ type: 'client', subjectUserId: holder.id });
      const path = `/organizations/${orgId}/users/${holder.id}/client-certificates`;
      const shown = await t.api('get', path, manager.token);
      expect(shown.body.items.map((c: { id: string }) => c.id)).toContain(cert.id);
      const wrong = await t
        .api('post', `${path}/revoke`, manager.token)
        .send({ confirmationPassword: 'nope-1234' });
      expect(wrong.status).toBe(403);
      expect(wrong.body.code).toBe('CONFIRMATION_PASSWORD_INVALID');
      expect((await t.api('get', `${base()}/${cert.id}`, manager.token)).body.status).toBe('active');
      const ok = await t
        .api('post', `${path}/revoke`, manager.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION, reason: 'privilegeWithdrawn' });
      expect(ok.status).toBe(200);
      expect(ok.body.revoked.map((c: { id: string }) => c.id)).toContain(cert.id);
      expect(ok.body.revoked.every((c: { status: string }) => c.status === 'revoked')).toBe(true);
      expect((await currentCrl()).findRevoked(cert.serialNumber)?.reason).toBe(
        x509.X509CrlReason.privilegeWithdrawn,
      );
      const none = await t
        .api('post', `${path}/revoke`, manager.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION });
      expect(none.status).toBe(404);
      expect(
        (
          await t
            .api('post', `${path}/revoke`, requester.token)
            .send({ confirmationPassword: DEFAULT_CONFIRMATION })
        ).status,
      ).toBe(403);
    });

    it("revokes a deleted user's certificates inside the deleting transaction ('user.deleted')", async () => {
      const first = await issue({ type: 'client', subjectUserId: requester.id });
      const second = await issue({ type: 'client', subjectUserId: requester.id });
      // A server certificate the user requested (through an officer's approval, SPEC §15) stays.
      const applied = await t
        .api('post', `/organizations/${orgId}/certificate-applications`, requester.token)
        .send({ type: 'server', csr: (await makeCsr()).pem, dnsNames: ['kept-after-delete.kanri.example'] });
      const approved = await t
        .api(
          'post',
          `/organizations/${orgId}/certificate-applications/${applied.body.id}/approve`,
          manager.token,
        )
        .send();
      const server = approved.body.certificate as { id: string; requestedBy: string };
      expect(server.requestedBy).toBe(requester.id);
      await t.app
        .get(TransactionService)
        .run((em) =>
          t.app
            .get(EventEmitter2)
            .emitAsync('user.deleted', { em, userId: requester.id, organizationId: orgId }),
        );
      const rows: { id: string; status: string; revocation_reason: string | null }[] =
        await t.dataSource.query(
          'SELECT id, status, revocation_reason FROM certificates WHERE id IN (?, ?, ?) ORDER BY id',
          [first.id, second.id, server.id],
        );
      const byId = Object.fromEntries(rows.map((r) => [r.id, r]));
      expect(byId[first.id]).toMatchObject({ status: 'revoked', revocation_reason: 'cessationOfOperation' });
      expect(byId[second.id]).toMatchObject({ status: 'revoked', revocation_reason: 'cessationOfOperation' });
      expect(byId[server.id].status).toBe('active');
      const crl = await currentCrl();
      expect(crl.findRevoked(first.serialNumber)).not.toBeNull();
      expect(crl.findRevoked(second.serialNumber)).not.toBeNull();
    });

    it('leaves nothing revoked when the deleting transaction rolls back', async () => {
      const cert = await issue({ type: 'client', subjectUserId: holder.id });
      await expect(
        t.app.get(TransactionService).run(async (em) => {
          await t.app
            .get(EventEmitter2)
            .emitAsync('user.deleted', { em, userId: holder.id, organizationId: orgId });
          throw new Error('the deletion failed later on');
        }),
      ).rejects.toThrow('the deletion failed later on');
      expect((await t.api('get', `${base()}/${cert.id}`, manager.token)).body.status).toBe('active');
      expect((await currentCrl()).findRevoked(cert.serialNumber)).toBeNull();
    });
  });
});
