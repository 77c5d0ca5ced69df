import { execFileSync } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Permission } from '@kanri/access/permission';
import { AuditRecorder } from '../src/audit/audit-recorder.service';
import { createOrgWithMembers, type OrgMember } from './support/certificate-helpers';
import { scannableDatabase } from './support/scannable-database';
import { captureOutput } from './support/captured-output';
import { testDatabaseKind } from './support/test-database';
import { createTestApp, type TestApp } from './support/test-app';

/**
 * Every way a private key could sit in storage or a log: its PKCS#8 DER, pieces of that DER's base64 (a PEM body
 * split anywhere still contains them), and its secret numbers (EC d; RSA d, p, q) as bytes, hex and base64url.
 */
function keyForms(privateKeyPem: string): { name: string; bytes: Buffer }[] {
  const key = createPrivateKey(privateKeyPem);
  const der = key.export({ type: 'pkcs8', format: 'der' });
  const b64 = der.toString('base64');
  const jwk = key.export({ format: 'jwk' }) as Record<string, string | undefined>;
  const secrets = (['d', 'p', 'q'] as const).flatMap((k) => (jwk[k] ? [[k, jwk[k]!] as const] : []));
  return [
    { name: 'pkcs8 der', bytes: der },
    ...[0.2, 0.45, 0.7].map((at) => {
      const start = Math.floor(b64.length * at);
      return { name: `pkcs8 base64 @${at}`, bytes: Buffer.from(b64.slice(start, start + 32)) };
    }),
    ...secrets.flatMap(([k, value]) => {
      const raw = Buffer.from(value, 'base64url');
      return [
        { name: `${k} bytes`, bytes: raw },
        { name: `${k} hex`, bytes: Buffer.from(raw.toString('hex')) },
        { name: `${k} HEX`, bytes: Buffer.from(raw.toString('hex').toUpperCase()) },
        { name: `${k} base64url`, bytes: Buffer.from(value) },
      ];
    }),
  ];
}

function found(haystack: Buffer | string, needles: { name: string; bytes: Buffer }[]): string[] {
  const bytes = Buffer.isBuffer(haystack) ? haystack : Buffer.from(haystack, 'utf8');
  return needles.filter((n) => bytes.includes(n.bytes)).map((n) => n.name);
}

/**
 * SPEC §15: a key Kanri generates is handed once in the PKCS#12 and never stored. After two collections (an RSA
 * and an EC key) and refused attempts, neither private key — nor the PKCS#12 password — is anywhere in the
 * database (SQLite file and WAL, or a mysqldump), the operation history, or the captured log output.
 */
describe('Server-generated keys: no private key anywhere after the PKCS#12 is handed out', () => {
  const logs: string[] = [];
  const passwords = ['Kanri-p12-pass-RSA-7f3a', 'Kanri-p12-pass-EC-91bd'];
  const dir = mkdtempSync(join(tmpdir(), 'kanri-p12-'));
  const keys: string[] = [];
  let db: Awaited<ReturnType<typeof scannableDatabase>>;
  let t: TestApp;
  let officer: OrgMember;
  let requester: OrgMember;
  let orgId: string;
  let restoreOutput: () => void;

  beforeAll(async () => {
    db = await scannableDatabase('kanri-p12-plaintext');
    t = await createTestApp({ database: db });
    restoreOutput = captureOutput(t.app, logs);
    const org = await createOrgWithMembers(t, [
      { email: 'p12-officer@example.jp' },
      { permissions: [Permission.CertificatesRequest], email: 'p12-requester@example.jp' },
    ]);
    orgId = org.orgId;
    [officer, requester] = org.members;
  });

  afterAll(async () => {
    restoreOutput();
    await t.close();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('collects an RSA and an EC key once each (and refuses bad and repeated attempts)', async () => {
    const apps = `/organizations/${orgId}/certificate-applications`;
    for (const [i, keyAlgorithm] of (['RSA-2048', 'EC-P256'] as const).entries()) {
      const app = await t.api('post', apps, requester.token).send({ type: 'client', keyAlgorithm });
      expect(app.status).toBe(201);
      expect((await t.api('post', `${apps}/${app.body.id}/approve`, officer.token)).status).toBe(200);
      const bad = await t
        .api('post', `${apps}/${app.body.id}/pkcs12`, requester.token)
        .send({ password: 'パスワード-not-ascii' });
      expect(bad.status).toBe(400);
      const res = await t
        .api('post', `${apps}/${app.body.id}/pkcs12`, requester.token)
        .send({ password: passwords[i] })
        .buffer(true)
        .parse((r, done) => {
          const chunks: Buffer[] = [];
          r.on('data', (c: Buffer) => chunks.push(c));
          r.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(res.status).toBe(200);
      const file = join(dir, `${i}.p12`);
      writeFileSync(file, res.body as Buffer);
      const pem = execFileSync(
        'openssl',
        ['pkcs12', '-in', file, '-passin', `pass:${passwords[i]}`, '-nodes', '-nocerts'],
        { encoding: 'utf8' },
      );
      keys.push(pem.slice(pem.indexOf('-----BEGIN PRIVATE KEY-----')));
      const again = await t
        .api('post', `${apps}/${app.body.id}/pkcs12`, requester.token)
        .send({ password: passwords[i] });
      expect(again.status).toBe(409);
    }
    expect(keys).toHaveLength(2);
    expect(createPrivateKey(keys[0]).asymmetricKeyType).toBe('rsa');
    expect(createPrivateKey(keys[1]).asymmetricKeyType).toBe('ec');
    await t.app.get(AuditRecorder).drain();
  });

  it('the scan sees what it looks for (a key is found where it is)', () => {
    const forms = keyForms(keys[0]);
    expect(found(Buffer.from(keys[0]), forms)).toEqual(expect.arrayContaining(['pkcs8 base64 @0.45']));
    expect(
      found(createPrivateKey(keys[1]).export({ type: 'pkcs8', format: 'der' }), keyForms(keys[1])),
    ).toContain('d bytes');
  });

  it(`the database ${testDatabaseKind === 'mysql' ? '(a mysqldump)' : 'file and its WAL'} holds no private key and no password`, async () => {
    const dump = db.dump();
    const [issued] = await t.dataSource.query(
      "SELECT certificate_pem FROM certificates WHERE requested_by = ? AND type = 'client' ORDER BY created_at LIMIT 1",
      [requester.id],
    );
    // The scan reads the database: the issued certificate is in it.
    expect(dump.includes(Buffer.from(String(issued.certificate_pem).split('\n')[1]))).toBe(true);
    expect(dump.includes(Buffer.from('PRIVATE KEY'))).toBe(false);
    for (const key of keys) expect(found(dump, keyForms(key))).toEqual([]);
    for (const password of passwords) expect(dump.includes(Buffer.from(password))).toBe(false);
  });

  it('operation history and the log output hold no private key and no password', async () => {
    const rows = await t.dataSource.query('SELECT details FROM operation_history WHERE details IS NOT NULL');
    const details = rows.map((r: { details: string }) => r.details).join('\n');
    expect(details).toContain('***'); // the password field was there, masked
    const text = `${details}\n${logs.join('\n')}`;
    expect(text).not.toContain('PRIVATE KEY');
    for (const key of keys) expect(found(text, keyForms(key))).toEqual([]);
    for (const password of passwords) expect(text).not.toContain(password);
  });
});
