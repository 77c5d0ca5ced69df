import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Permission } from '@kanri/access/permission';
import { AuditRecorder } from '../src/audit/audit-recorder.service';
import { CERTIFICATE_EXPORT_HEADER, tsvLine } from '../src/certificates/certificate-export';
import { createOrgWithMembers, makeCsr, type OrgMember } from './support/certificate-helpers';
import { operatorToken } from './support/org-factories';
import { createTestApp, type TestApp } from './support/test-app';

/** A TSV line as 証明書情報一括ダウンロード writes it, with only the given cells filled in. */
function line(cells: Partial<Record<(typeof CERTIFICATE_EXPORT_HEADER)[number], string>>): string {
  return tsvLine(CERTIFICATE_EXPORT_HEADER.map((h) => cells[h] ?? ''));
}

describe('Certificate applications: apply, the officer approves or rejects, PKCS#12 and S/MIME (SPEC §15)', () => {
  let t: TestApp;
  let orgId: string;
  let officer: OrgMember;
  let requester: OrgMember;
  let colleague: OrgMember;
  const dir = mkdtempSync(join(tmpdir(), 'kanri-apps-'));
  const requesterEmail = `apps-requester-${Date.now()}@example.jp`;

  beforeAll(async () => {
    t = await createTestApp();
    const org = await createOrgWithMembers(t, [
      { email: 'apps-officer@example.jp' },
      {
        permissions: [Permission.CertificatesRequest],
        email: requesterEmail,
        familyName: '申請',
        givenName: '太郎',
      },
      { email: 'apps-colleague@example.jp' },
    ]);
    orgId = org.orgId;
    [officer, requester, colleague] = org.members;
    await t.api('post', `/organizations/${orgId}/domains`, officer.token).send({ domain: 'apps.example.jp' });
    writeFileSync(join(dir, 'chain.pem'), (await t.api('get', '/ca/certificates')).text);
  });
  afterAll(() => t.close());

  const apps = () => `/organizations/${orgId}/certificate-applications`;
  const certs = () => `/organizations/${orgId}/certificates`;
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await t.dataSource.query(sql, params))[0].n);
  async function outbox(to: string): Promise<{ subject: string; text: string }[]> {
    const res = await t.api('get', `/system/outbox?to=${encodeURIComponent(to)}`, await operatorToken(t));
    return res.body.items;
  }
  async function submit(body: Record<string, unknown>, token = requester.token) {
    const res = await t.api('post', apps(), token).send(body);
    if (res.status !== 201) throw new Error(`submit: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string; status: string };
  }

  describe('certificates.request alone never gets a certificate without an approval', () => {
    it('refuses the immediate issuing and renewing routes, writing nothing', async () => {
      const before = await count('SELECT COUNT(*) AS n FROM certificates WHERE organization_id = ?', [orgId]);
      const csr = await makeCsr({ dnsNames: ['www.apps.example.jp'] });
      for (const body of [
        { type: 'server', csr: csr.pem },
        { type: 'client', csr: csr.pem },
        { type: 'smime', csr: csr.pem },
      ]) {
        const res = await t.api('post', certs(), requester.token).send(body);
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
      const mine = await t
        .api('post', certs(), officer.token)
        .send({ type: 'client', csr: csr.pem, subjectUserId: requester.id });
      expect(mine.status).toBe(201);
      const renew = await t.api('post', `${certs()}/${mine.body.id}/renew`, requester.token).send({});
      expect(renew.status).toBe(403);
      expect(await count('SELECT COUNT(*) AS n FROM certificates WHERE organization_id = ?', [orgId])).toBe(
        before + 1,
      );
      expect(
        await count('SELECT COUNT(*) AS n FROM certificates WHERE requested_by = ?', [requester.id]),
      ).toBe(0);
    });
  });

  describe('one application', () => {
    it('is pending until the officer approves; then the certificate is issued and the applicant mailed', async () => {
      const csr = await makeCsr({ dnsNames: ['www.apps.example.jp'] });
      const app = await submit({ type: 'server', csr: csr.pem });
      expect(app).toMatchObject({
        status: 'pending',
        kind: 'new',
        keySource: 'csr',
        applicantId: requester.id,
      });
      expect(
        await count('SELECT COUNT(*) AS n FROM certificates WHERE requested_by = ?', [requester.id]),
      ).toBe(0);

      const queue = await t.api('get', `${apps()}?status=pending`, officer.token);
      expect(queue.status).toBe(200);
      expect(queue.body.items.map((a: { id: string }) => a.id)).toContain(app.id);
      // The applicant cannot approve their own application.
      expect((await t.api('post', `${apps()}/${app.id}/approve`, requester.token)).status).toBe(403);

      const approved = await t.api('post', `${apps()}/${app.id}/approve`, officer.token);
      expect(approved.status).toBe(200);
      expect(approved.body.application).toMatchObject({ status: 'issued', decidedBy: officer.id });
      expect(approved.body.certificate).toMatchObject({
        dnsNames: ['www.apps.example.jp'],
        requestedBy: requester.id,
        status: 'active',
      });
      const [row] = await t.dataSource.query(
        'SELECT status, certificate_id FROM certificate_applications WHERE id = ?',
        [app.id],
      );
      expect(row).toEqual({ status: 'issued', certificate_id: approved.body.certificate.id });
      const own = await t.api('get', `${certs()}/${approved.body.certificate.id}`, requester.token);
      expect(own.status).toBe(200);
      const mails = await outbox(requesterEmail);
      const mail = mails.find((m) => m.text.includes(app.id))!;
      expect(mail.subject).toBe('【Kanri】証明書申請承認のお知らせ');
      expect(mail.text).toContain(approved.body.certificate.serialNumber);

      const again = await t.api('post', `${apps()}/${app.id}/approve`, officer.token);
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('APPLICATION_NOT_PENDING');
    });

    it('is rejected with a reason the applicant reads; nothing is issued', async () => {
      const csr = await makeCsr({ dnsNames: ['rejected.apps.example.jp'] });
      const app = await submit({ type: 'server', csr: csr.pem });
      expect((await t.api('post', `${apps()}/${app.id}/reject`, officer.token).send({})).status).toBe(400);
      const res = await t
        .api('post', `${apps()}/${app.id}/reject`, officer.token)
        .send({ reason: 'ホスト名が運用規程に合いません' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        status: 'rejected',
        rejectionReason: 'ホスト名が運用規程に合いません',
      });
      const mail = (await outbox(requesterEmail)).find((m) => m.text.includes(app.id))!;
      expect(mail.subject).toBe('【Kanri】証明書申請却下のお知らせ');
      expect(mail.text).toContain('ホスト名が運用規程に合いません');
      expect((await t.api('post', `${apps()}/${app.id}/approve`, officer.token)).status).toBe(409);
      expect(
        await count("SELECT COUNT(*) AS n FROM certificates WHERE common_name = 'rejected.apps.example.jp'"),
      ).toBe(0);
    });

    it('refuses what the applicant may not hold, unregistered names, and both or neither key source', async () => {
      const csr = await makeCsr({ dnsNames: ['x.apps.example.jp'] });
      const post = (body: Record<string, unknown>) => t.api('post', apps(), requester.token).send(body);
      expect((await post({ type: 'code_signing', csr: csr.pem })).status).toBe(403);
      expect((await post({ type: 'client', csr: csr.pem, holderUserId: colleague.id })).status).toBe(403);
      const foreign = await post({
        type: 'server',
        keyAlgorithm: 'EC-P256',
        dnsNames: ['www.other.example'],
      });
      expect(foreign.status).toBe(422);
      expect(foreign.body.code).toBe('CERTIFICATE_DOMAIN_NOT_REGISTERED');
      expect((await post({ type: 'server', csr: csr.pem, keyAlgorithm: 'EC-P256' })).status).toBe(400);
      expect((await post({ type: 'server' })).status).toBe(400);
      expect(
        (await post({ type: 'server', keyAlgorithm: 'EC-P384', dnsNames: ['a.apps.example.jp'] })).status,
      ).toBe(400);
      // A member without a certificate permission has no queue to see.
      const others = await t.api('get', apps(), colleague.token);
      expect(others.status).toBe(403);
    });
  });

  describe('renewal applications', () => {
    it('renew the same subject once approved, with the same key', async () => {
      const csr = await makeCsr({ dnsNames: ['renew.apps.example.jp'] });
      const app = await submit({ type: 'server', csr: csr.pem });
      const first = await t.api('post', `${apps()}/${app.id}/approve`, officer.token);
      const res = await t
        .api('post', `${apps()}/renewals`, requester.token)
        .send({ certificateId: first.body.certificate.id });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ kind: 'renewal', keySource: 'same', status: 'pending' });
      const approved = await t.api('post', `${apps()}/${res.body.id}/approve`, officer.token);
      expect(approved.status).toBe(200);
      expect(approved.body.certificate).toMatchObject({
        renewedFromId: first.body.certificate.id,
        dnsNames: ['renew.apps.example.jp'],
      });
      const old = await t.api('get', `${certs()}/${first.body.certificate.id}`, requester.token);
      expect(old.body.renewedById).toBe(approved.body.certificate.id);
      const twice = await t
        .api('post', `${apps()}/renewals`, requester.token)
        .send({ certificateId: first.body.certificate.id });
      expect(twice.status).toBe(409);
      expect(twice.body.code).toBe('CERTIFICATE_ALREADY_RENEWED');
    });
  });

  describe('two officers approving the same application', () => {
    it('issue one certificate; the others get 409 (checked in SQL)', async () => {
      const csr = await makeCsr({ dnsNames: ['race.apps.example.jp'] });
      const app = await submit({ type: 'server', csr: csr.pem });
      const second = (await createOrgWithMembers(t, [{}])).members[0]; // a token of another organization
      const results = await Promise.all([
        ...Array.from({ length: 8 }, () => t.api('post', `${apps()}/${app.id}/approve`, officer.token)),
        t.api('post', `${apps()}/${app.id}/approve`, second.token),
      ]);
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(7);
      expect(statuses.filter((s) => s === 404)).toHaveLength(1);
      expect(
        await count("SELECT COUNT(*) AS n FROM certificates WHERE common_name = 'race.apps.example.jp'"),
      ).toBe(1);
      const [row] = await t.dataSource.query(
        'SELECT a.status, c.common_name FROM certificate_applications a JOIN certificates c ON c.id = a.certificate_id WHERE a.id = ?',
        [app.id],
      );
      expect(row).toEqual({ status: 'issued', common_name: 'race.apps.example.jp' });
      // Every attempt is in operation history (証明書申請承認): one success, the refusals with their code.
      await t.app.get(AuditRecorder).drain();
      const audited: { status_code: number; error_code: string | null }[] = await t.dataSource.query(
        "SELECT status_code, error_code FROM operation_history WHERE screen = '証明書申請承認' AND details LIKE ?",
        [`%${app.id}%`],
      );
      expect(audited.filter((a) => Number(a.status_code) === 200)).toHaveLength(1);
      expect(audited.filter((a) => a.error_code === 'APPLICATION_NOT_PENDING')).toHaveLength(7);
    });
  });

  describe('bulk applications in the export format', () => {
    it('refuses a file of 100 lines with one bad line whole, naming the line; nothing is written', async () => {
      const before = await count(
        'SELECT COUNT(*) AS n FROM certificate_applications WHERE organization_id = ?',
        [orgId],
      );
      const lines = Array.from({ length: 100 }, (_, i) =>
        line({ 証明書種別: 'サーバ証明書', DNS名: `h${i}.apps.example.jp`, 鍵種別: 'EC-P256' }),
      );
      lines[56] = line({ 証明書種別: 'サーバ証明書', DNS名: 'h56.elsewhere.example', 鍵種別: 'EC-P256' });
      const res = await t
        .api('post', `${apps()}/bulk`, requester.token)
        .send({ tsv: tsvLine(CERTIFICATE_EXPORT_HEADER) + lines.join('') });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('APPLICATION_FILE_INVALID');
      expect(res.body.message).toMatch(/^Line 58\b/);
      expect(res.body.details).toMatchObject({ errorCount: 1, errors: [{ line: 58 }] });
      expect(
        await count('SELECT COUNT(*) AS n FROM certificate_applications WHERE organization_id = ?', [orgId]),
      ).toBe(before);

      const good = await t
        .api('post', `${apps()}/bulk`, requester.token)
        .send({ tsv: tsvLine(CERTIFICATE_EXPORT_HEADER) + lines.filter((_, i) => i !== 56).join('') });
      expect(good.status).toBe(201);
      expect(good.body.created).toBe(99);
      expect(
        await count(
          "SELECT COUNT(*) AS n FROM certificate_applications WHERE organization_id = ? AND status = 'pending' AND key_source = 'server'",
          [orgId],
        ),
      ).toBeGreaterThanOrEqual(99);
    });

    it('re-imports the export itself as renewal applications', async () => {
      const csr = await makeCsr({ dnsNames: ['export.apps.example.jp'] });
      const issued = await t.api('post', certs(), officer.token).send({ type: 'server', csr: csr.pem });
      const exported = await t.api('get', `${certs()}/export?format=tsv&q=export.apps`, officer.token);
      expect(exported.status).toBe(200);
      const res = await t.api('post', `${apps()}/bulk`, officer.token).send({ tsv: exported.text });
      expect(res.status).toBe(201);
      expect(res.body.items).toEqual([
        expect.objectContaining({ kind: 'renewal', renewalOfId: issued.body.id, keySource: 'same' }),
      ]);
    });
  });

  describe('responsible person (利用管理者情報更新)', () => {
    it('moves a server certificate to another member, who then sees it; a client certificate does not move', async () => {
      const csr = await makeCsr({ dnsNames: ['moved.apps.example.jp'] });
      const cert = await t.api('post', certs(), officer.token).send({ type: 'server', csr: csr.pem });
      expect((await t.api('get', `${certs()}/${cert.body.id}`, requester.token)).status).toBe(404);
      const moved = await t
        .api('put', `${certs()}/${cert.body.id}/responsible-user`, officer.token)
        .send({ userId: requester.id });
      expect(moved.status).toBe(200);
      expect(moved.body.responsibleUserId).toBe(requester.id);
      const seen = await t.api('get', `${certs()}/${cert.body.id}`, requester.token);
      expect(seen.status).toBe(200);
      const [row] = await t.dataSource.query('SELECT responsible_user_id FROM certificates WHERE id = ?', [
        cert.body.id,
      ]);
      expect(row.responsible_user_id).toBe(requester.id);
      expect(
        (
          await t
            .api('put', `${certs()}/${cert.body.id}/responsible-user`, requester.token)
            .send({ userId: requester.id })
        ).status,
      ).toBe(403);
      const client = await t
        .api('post', certs(), officer.token)
        .send({ type: 'client', csr: csr.pem, subjectUserId: colleague.id });
      const refused = await t
        .api('put', `${certs()}/${client.body.id}/responsible-user`, officer.token)
        .send({ userId: requester.id });
      expect(refused.status).toBe(422);
    });
  });

  describe('server-generated keys as PKCS#12, and the S/MIME profile', () => {
    it('hands an approved S/MIME certificate once as a PKCS#12 that openssl opens and whose certificate verifies', async () => {
      const app = await submit({ type: 'smime', keyAlgorithm: 'RSA-2048' });
      const early = await t
        .api('post', `${apps()}/${app.id}/pkcs12`, requester.token)
        .send({ password: 'correct-horse-battery' });
      expect(early.status).toBe(409);
      const approved = await t.api('post', `${apps()}/${app.id}/approve`, officer.token);
      expect(approved.body).toMatchObject({ application: { status: 'approved' }, certificate: null });
      expect((await outbox(requesterEmail)).find((m) => m.text.includes(app.id))!.text).toContain('PKCS#12');

      const short = await t
        .api('post', `${apps()}/${app.id}/pkcs12`, requester.token)
        .send({ password: 'short' });
      expect(short.status).toBe(400);
      expect(
        (
          await t
            .api('post', `${apps()}/${app.id}/pkcs12`, officer.token)
            .send({ password: 'correct-horse-battery' })
        ).status,
      ).toBe(404);

      const password = 'correct-horse-battery';
      const res = await t
        .api('post', `${apps()}/${app.id}/pkcs12`, requester.token)
        .send({ password })
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/x-pkcs12/);
      expect(res.headers['cache-control']).toBe('no-store');
      const p12 = join(dir, 'smime.p12');
      writeFileSync(p12, res.body as Buffer);
      // Modern OpenSSL (3.x) opens it without -legacy: PBES2/AES-256-CBC and an HMAC-SHA256 MAC.
      const opened = execFileSync(
        'openssl',
        ['pkcs12', '-in', p12, '-passin', `pass:${password}`, '-nodes'],
        {
          encoding: 'utf8',
        },
      );
      expect(opened).toContain('-----BEGIN PRIVATE KEY-----');
      const leaf = opened.slice(opened.indexOf('-----BEGIN CERTIFICATE-----'));
      writeFileSync(
        join(dir, 'leaf.pem'),
        leaf.slice(0, leaf.indexOf('-----END CERTIFICATE-----') + 25) + '\n',
      );
      const verified = execFileSync(
        'openssl',
        ['verify', '-CAfile', join(dir, 'chain.pem'), '-purpose', 'smimesign', join(dir, 'leaf.pem')],
        { encoding: 'utf8' },
      );
      expect(verified.trim()).toBe(`${join(dir, 'leaf.pem')}: OK`);
      const text = execFileSync('openssl', ['x509', '-in', join(dir, 'leaf.pem'), '-noout', '-text'], {
        encoding: 'utf8',
      });
      expect(text).toMatch(/X509v3 Extended Key Usage:\s*\n\s*E-mail Protection/);
      expect(text).toMatch(new RegExp(`X509v3 Subject Alternative Name:\\s*\\n\\s*email:${requesterEmail}`));
      expect(text).toMatch(/Digital Signature, Key Encipherment/);
      expect(() =>
        execFileSync('openssl', ['pkcs12', '-in', p12, '-passin', 'pass:wrong-password-here', '-nodes'], {
          stdio: 'pipe',
        }),
      ).toThrow();

      const [row] = await t.dataSource.query(
        'SELECT a.status, c.type, c.email FROM certificate_applications a JOIN certificates c ON c.id = a.certificate_id WHERE a.id = ?',
        [app.id],
      );
      expect(row).toEqual({ status: 'issued', type: 'smime', email: requesterEmail });
      const again = await t.api('post', `${apps()}/${app.id}/pkcs12`, requester.token).send({ password });
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('APPLICATION_NOT_PENDING');
    });
  });
});
