import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TransactionService } from '@kanri/common/database/transaction.service';
import { FieldCipher } from '@kanri/security/field-cipher';
import { OtpService } from '@kanri/security/otp.service';
import { AuditRecorder } from '../src/audit/audit-recorder.service';
import { TotpKeyRotation } from '../src/auth/second-factor/totp-key-rotation.service';
import { pendingTotpSecretContext } from '../src/auth/second-factor/totp-secret';
import { CaKeyRotation } from '../src/certificates/ca/ca-key-rotation.service';
import { KeyRotationService } from '../src/personal-numbers/rotation/key-rotation.service';
import { addMailableMember, login, totpCode } from './support/auth-helpers';
import { createOrgWithMembers, makeCsr, x509 } from './support/certificate-helpers';
import { loginAs } from './support/factories';
import { type OrgMember } from './support/org-factories';
import { createRecord, rowsOf, validNumbers } from './support/personal-number-helpers';
import { createTestApp, type TestApp } from './support/test-app';
import {
  createTestDatabase,
  sameDatabase,
  testDatabaseKind,
  type TestDatabase,
} from './support/test-database';

jest.setTimeout(120_000);

const key = (fill: number) => Buffer.alloc(32, fill).toString('base64');
const OLD_ONLY = `old:${key(1)}`;
const NEW_AND_OLD = `new:${key(2)},old:${key(1)}`;
const NEW_ONLY = `new:${key(2)}`;

/** A database app instances can share one after the other (an SQLite file: in-memory ones are per app). */
async function sharedDatabase(): Promise<TestDatabase> {
  if (testDatabaseKind === 'mysql') return createTestDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'kanri-field-key-'));
  return {
    url: `sqlite:${join(dir, 'kanri.sqlite')}`,
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * The operator's procedure for retiring a field key (README "Rotating the field key"; SPEC §3.3, §7, §8 "keys can
 * rotate"), end to end over every holder of data sealed with FIELD_ENCRYPTION_KEY: TOTP secrets (active and
 * pending), the CA private keys and individual numbers are written under `old`; the app restarts with `new:…,old:…`
 * and every rotation runs; the app restarts with `new` alone, and everything still works. Apps are started one after
 * another on one database (only the latest app of a process may serve requests: passport keeps one JWT strategy).
 */
describe('Field key rotation: after every rotation job has run, the old key can leave the ring', () => {
  const [number] = validNumbers(41, 1);
  let db: TestDatabase;
  let orgId: string;
  let manager: OrgMember;
  let enrolled: OrgMember;
  let enrolledSecret: string;
  let settingUp: OrgMember;
  let settingUpSecret: string;
  let recordId: string;
  let firstCertificatePem: string;

  async function withApp<T>(fieldKey: string, work: (app: TestApp) => Promise<T>): Promise<T> {
    const app = await createTestApp({ database: sameDatabase(db), env: { FIELD_ENCRYPTION_KEY: fieldKey } });
    // Two TOTP steps after anything an earlier app accepted: every code in the ±1 window is fresh.
    app.clock.advance(60_000);
    try {
      return await work(app);
    } finally {
      await app.close();
    }
  }

  async function issue(app: TestApp, token: string, host: string) {
    const csr = await makeCsr({ key: 'p256' });
    const res = await app
      .api('post', `/organizations/${orgId}/certificates`, token)
      .send({ type: 'server', csr: csr.pem, dnsNames: [host] });
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
    return res.body as { id: string; serialNumber: string; certificatePem: string };
  }

  const crlNumber = (crl: x509.X509Crl) =>
    parseInt(Buffer.from(crl.getExtension('2.5.29.20')!.value).toString('hex').slice(4), 16);

  async function issuingCa(app: TestApp): Promise<x509.X509Certificate> {
    const chain = x509.PemConverter.decode((await app.api('get', '/ca/certificates')).text);
    return new x509.X509Certificate(chain[0]);
  }

  const sealedColumns = (app: TestApp) =>
    rowsOf<{ holder: string; sealed: string }>(
      app,
      `SELECT 'totp_secret' AS holder, totp_secret AS sealed FROM user_otp WHERE totp_secret IS NOT NULL
       UNION ALL SELECT 'totp_pending_secret', totp_pending_secret FROM user_otp WHERE totp_pending_secret IS NOT NULL
       UNION ALL SELECT 'certificate_authorities', private_key FROM certificate_authorities
       UNION ALL SELECT 'personal_number_records', number_cipher FROM personal_number_records
         WHERE number_cipher IS NOT NULL`,
    );
  const keyIdsByHolder = async (app: TestApp) => {
    const byHolder: Record<string, string[]> = {};
    for (const { holder, sealed } of await sealedColumns(app)) {
      const keyId = sealed.split('.')[1];
      byHolder[holder] = [...new Set([...(byHolder[holder] ?? []), keyId])].sort();
    }
    return byHolder;
  };

  beforeAll(async () => {
    db = await sharedDatabase();
    // Before: the ring holds `old` only. A user enrols an authenticator app, another starts to and stops before
    // activating (the pending secret stays), the CA is created and issues a certificate, a number is stored.
    const app = await createTestApp({ database: sameDatabase(db), env: { FIELD_ENCRYPTION_KEY: OLD_ONLY } });
    try {
      const org = await createOrgWithMembers(app, [{}]);
      orgId = org.orgId;
      manager = org.members[0];
      enrolled = await addMailableMember(app, org.org);
      const setup = await app.api('post', '/auth/totp/setup', enrolled.token).expect(200);
      enrolledSecret = setup.body.secret as string;
      await app
        .api('post', '/auth/totp/activate', enrolled.token)
        .send({ code: totpCode(app, enrolledSecret) })
        .expect(200);
      settingUp = await addMailableMember(app, org.org);
      settingUpSecret = (await app.api('post', '/auth/totp/setup', settingUp.token).expect(200)).body.secret;

      await app
        .api('post', `/organizations/${orgId}/domains`, manager.token)
        .send({ domain: 'rotation.example' })
        .expect(201);
      firstCertificatePem = (await issue(app, manager.token, 'www.rotation.example')).certificatePem;
      recordId = (await createRecord(app, orgId, manager.token, { employeeCode: 'ROT1', number })).id;

      expect(await keyIdsByHolder(app)).toEqual({
        totp_secret: ['old'],
        totp_pending_secret: ['old'],
        certificate_authorities: ['old'],
        personal_number_records: ['old'],
      });
    } finally {
      await app.close();
    }
  });
  afterAll(() => db.drop());

  it('step 1–2: with `new:…,old:…` every rotation re-encrypts its own rows once, skips a row changed meanwhile, and a second run changes nothing', async () => {
    await withApp(NEW_AND_OLD, async (app) => {
      const totp = app.app.get(TotpKeyRotation);
      const ca = app.app.get(CaKeyRotation);
      const vault = app.app.get(KeyRotationService);
      expect([await totp.pendingCount(), await ca.pendingCount(), await vault.pendingCount()]).toEqual([
        2, 2, 1,
      ]);

      // While the TOTP rotation runs, the user who was setting up starts again (a new pending secret, sealed under
      // `new`), between the chunk's read and its transaction: the compare-and-set leaves their new secret alone.
      const cipher = app.app.get(FieldCipher);
      const replacement = app.app.get(OtpService).newTotpSecret();
      const tx = app.app.get(TransactionService);
      const run = tx.run.bind(tx);
      jest.spyOn(tx, 'run').mockImplementationOnce(async (work) => {
        await app.dataSource.query('UPDATE user_otp SET totp_pending_secret = ? WHERE user_id = ?', [
          cipher.encrypt(replacement, pendingTotpSecretContext(settingUp.id)),
          settingUp.id,
        ]);
        return run(work);
      });
      expect(await totp.reencryptAll()).toBe(1);
      jest.restoreAllMocks();
      settingUpSecret = app.app.get(OtpService).base32(replacement);
      expect(await ca.reencryptAll()).toBe(2);
      expect(await vault.reencryptAll()).toBe(1);
      expect([await totp.pendingCount(), await ca.pendingCount(), await vault.pendingCount()]).toEqual([
        0, 0, 0,
      ]);

      const before = await sealedColumns(app);
      expect([await totp.reencryptAll(), await ca.reencryptAll(), await vault.reencryptAll()]).toEqual([
        0, 0, 0,
      ]);
      expect(await sealedColumns(app)).toEqual(before);
      expect(await keyIdsByHolder(app)).toEqual({
        totp_secret: ['new'],
        totp_pending_secret: ['new'],
        certificate_authorities: ['new'],
        personal_number_records: ['new'],
      });
      expect(before.every((r) => r.sealed.startsWith('v1.new.'))).toBe(true);

      // Each rotation that had work is one system operation; the runs that found nothing left no row.
      await app.app.get(AuditRecorder).drain();
      const audit = await rowsOf<{
        screen: string;
        operator_login_id: string;
        operation: string;
        details: string;
      }>(
        app,
        `SELECT screen, operator_login_id, operation, details FROM operation_history
         WHERE screen IN ('ワンタイムパスワード暗号鍵更新', '認証局秘密鍵暗号鍵更新', 'マイナンバー暗号鍵更新')
         ORDER BY screen`,
      );
      expect(
        audit.map((a) => ({
          screen: a.screen,
          operator: a.operator_login_id,
          operation: a.operation,
          details: JSON.parse(a.details),
        })),
      ).toEqual([
        {
          screen: 'マイナンバー暗号鍵更新',
          operator: 'system',
          operation: 'update',
          details: { body: { sealedWith: 'new', pending: 1 } },
        },
        {
          screen: 'ワンタイムパスワード暗号鍵更新',
          operator: 'system',
          operation: 'update',
          details: { body: { sealedWith: 'new', pending: 2 } },
        },
        {
          screen: '認証局秘密鍵暗号鍵更新',
          operator: 'system',
          operation: 'update',
          details: { body: { sealedWith: 'new', pending: 2 } },
        },
      ]);
    });
  });

  it('step 3: with `new` alone the TOTP user signs in, the pending setup activates, the CA issues and re-signs its CRL, and the number reveals', async () => {
    await withApp(NEW_ONLY, async (app) => {
      // Second factor: the enrolled user's authenticator app still works.
      const first = await login(app, enrolled.loginId);
      expect(first.body).toMatchObject({ otpRequired: true, method: 'totp' });
      const verified = await app
        .api('post', '/auth/otp/verify')
        .send({ otpToken: first.body.otpToken, code: totpCode(app, enrolledSecret) });
      expect({ status: verified.status, token: typeof verified.body.accessToken }).toEqual({
        status: 200,
        token: 'string',
      });
      // The setup that was pending before the rotation can still be finished with the app that scanned it.
      const settingUpToken = await loginAs(app, settingUp.loginId);
      const activated = await app
        .api('post', '/auth/totp/activate', settingUpToken)
        .send({ code: totpCode(app, settingUpSecret) });
      expect({ status: activated.status, body: activated.body }).toEqual({
        status: 200,
        body: { twoFactorEnabled: true },
      });

      // The CA (loaded at start from keys sealed under `new`) is the same CA and still signs.
      const managerToken = await loginAs(app, manager.loginId);
      const issuing = await issuingCa(app);
      expect(
        await new x509.X509Certificate(firstCertificatePem).verify({ publicKey: issuing.publicKey }),
      ).toBe(true);
      const cert = await issue(app, managerToken, 'api.rotation.example');
      expect(
        await new x509.X509Certificate(cert.certificatePem).verify({ publicKey: issuing.publicKey }),
      ).toBe(true);
      const crlBefore = new x509.X509Crl((await app.api('get', '/ca/crl?format=pem')).text);
      await app
        .api('post', `/organizations/${orgId}/certificates/${cert.id}/revoke`, managerToken)
        .send({ reason: 'superseded' })
        .expect(200);
      const crl = new x509.X509Crl((await app.api('get', '/ca/crl?format=pem')).text);
      expect(crl.findRevoked(cert.serialNumber)).not.toBeNull();
      expect(crlNumber(crl)).toBe(crlNumber(crlBefore) + 1);
      expect(await crl.verify({ publicKey: issuing.publicKey })).toBe(true);

      // Individual numbers.
      const revealed = await app
        .api('post', `/organizations/${orgId}/personal-numbers/${recordId}/reveal`, managerToken)
        .send({});
      expect({ status: revealed.status, number: revealed.body.number }).toEqual({ status: 200, number });

      // Nothing the app wrote meanwhile is under another key, and no rotation has anything to do.
      expect(new Set(Object.values(await keyIdsByHolder(app)).flat())).toEqual(new Set(['new']));
      expect([
        await app.app.get(TotpKeyRotation).pendingCount(),
        await app.app.get(CaKeyRotation).pendingCount(),
        await app.app.get(KeyRotationService).pendingCount(),
      ]).toEqual([0, 0, 0]);
    });
  });
});
