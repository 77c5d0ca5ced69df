import { randomBytes, X509Certificate } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PasswordHasher } from '@kanri/security/password-hasher';
import { AuditRecorder } from '../src/audit/audit-recorder.service';
import { DEFAULT_CONFIRMATION, loginAs } from './support/factories';
import { addMember, operatorToken } from './support/org-factories';
import {
  createOrgWithMembers,
  makeCsr,
  tlsRequest,
  x509,
  type OrgMember,
  type TestCsr,
} from './support/certificate-helpers';
import { startHttpsTwin } from './support/https-twin';
import { createTestApp, type TestApp } from './support/test-app';
import { createSharedTestDatabase, sameDatabase, type TestDatabase } from './support/test-database';

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const DAY = 86_400_000;

/**
 * Registration officers (manual 002 §2) end to end, and client-certificate sign-in over real HTTPS (SPEC §3.6).
 * Two app instances share one database: `a` over plain HTTP for the set-up, `b` serving HTTPS with a server
 * certificate that Kanri's own CA issued for `localhost`, asking for client certificates under Kanri's chain
 * (the TLS_CERT / TLS_KEY / TLS_CLIENT_CA configuration main.ts reads).
 */
describe('Registration officers and client-certificate sign-in', () => {
  let database: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let port: number;
  let chainPem: string;
  let orgId: string;
  let manager: OrgMember;
  let officerUser: OrgMember;
  let officerId: string;
  const dir = mkdtempSync(join(tmpdir(), 'kanri-officers-'));
  const officerEmail = `officer-${randomBytes(3).toString('hex')}@example.jp`;
  let officerCsr: TestCsr;
  let officerCertPem: string;
  let officerCertId: string;

  beforeAll(async () => {
    // An in-memory SQLite database cannot be shared by two instances; a file can.
    database = await createSharedTestDatabase(dir);
    a = await createTestApp({ database: sameDatabase(database) });
    const org = await createOrgWithMembers(a, [{ email: 'officers-manager@example.jp' }]);
    orgId = org.orgId;
    manager = org.members[0];
    officerUser = await addMember(a, orgId, { email: officerEmail, familyName: '鈴木', givenName: '花子' });
    chainPem = (await a.api('get', '/ca/certificates')).text;
  });
  afterAll(async () => {
    await b?.close();
    await a.close();
    await database.drop();
  });

  async function outbox(to: string): Promise<{ subject: string; text: string }[]> {
    const res = await a.api(
      'get',
      `/system/outbox?to=${encodeURIComponent(to)}`,
      await operatorToken(a, true),
    );
    if (res.status !== 200) throw new Error(`outbox: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.items;
  }
  /**
   * The two instances share one process, where passport keeps one 'jwt' strategy (the last instance's), so tokens
   * are checked with `b`'s clock whichever instance is asked: time moves for both at once.
   */
  function moveBothClocks(days: number): void {
    a.clock.advanceDays(days);
    b.clock.advanceDays(days);
  }
  const tokenFrom = (mail: { text: string }) =>
    /\/api\/v1\/enrolment\/([A-Za-z0-9_-]{43})/.exec(mail.text)![1];

  describe('enrolment (登録担当者用証明書取得)', () => {
    let token: string;
    let pin: string;

    it('lets the operator register an officer: the link goes by mail, the access PIN only to the operator', async () => {
      const res = await a
        .api('post', '/registration-officers', await operatorToken(a))
        .send({ organizationId: orgId, userId: officerUser.id, nameRomaji: 'Hanako Suzuki' });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        officer: {
          organizationId: orgId,
          userId: officerUser.id,
          nameRomaji: 'Hanako Suzuki',
          email: officerEmail,
        },
        enrolment: { id: expect.any(String), expiresAt: expect.any(String) },
        accessPin: expect.stringMatching(/^[A-HJKMNP-Z2-9]{10}$/),
      });
      officerId = res.body.officer.id;
      pin = res.body.accessPin;
      const [mail] = await outbox(officerEmail);
      expect(mail.subject).toBe('【Kanri】登録担当者用証明書発行受付通知');
      expect(mail.text).toContain('アクセスPIN');
      expect(mail.text).not.toContain(pin);
      token = tokenFrom(mail);
      // The link opens the console's public enrolment page (no sign-in) for the same token.
      expect(mail.text).toContain(`/officer-enrolment/${token}`);
      const [row] = await a.dataSource.query(
        'SELECT token_hash, pin_hash, state FROM officer_enrolments WHERE officer_id = ?',
        [officerId],
      );
      expect(row.state).toBe('open');
      expect(row.pin_hash).toMatch(/^\$argon2id\$/);
      expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(row)).not.toContain(token);
      const twice = await a
        .api('post', '/registration-officers', await operatorToken(a))
        .send({ organizationId: orgId, userId: officerUser.id, nameRomaji: 'Hanako Suzuki' });
      expect(twice.status).toBe(409);
      const notOperator = await a
        .api('post', '/registration-officers', manager.token)
        .send({ organizationId: orgId, userId: officerUser.id, nameRomaji: 'Hanako Suzuki' });
      expect(notOperator.status).toBe(403);
    });

    it('counts wrong PINs, keeps the link open for a bad CSR, and issues the officer certificate for the right PIN', async () => {
      officerCsr = await makeCsr({ key: 'rsa2048', subject: 'CN=whatever the browser put' });
      for (let remaining = 4; remaining >= 1; remaining--) {
        const wrong = await a
          .api('post', `/enrolment/${token}`)
          .send({ accessPin: 'WRONGPIN22', csr: officerCsr.pem });
        expect(wrong.status).toBe(401);
        expect(wrong.body).toMatchObject({
          code: 'ACCESS_PIN_INVALID',
          details: { remainingAttempts: remaining },
        });
      }
      const weak = await makeCsr({ key: 'rsa1024' });
      const refused = await a.api('post', `/enrolment/${token}`).send({ accessPin: pin, csr: weak.pem });
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('CSR_KEY_NOT_ALLOWED');
      const typed = `${pin.slice(0, 5).toLowerCase()}-${pin.slice(5)}`;
      const res = await a.api('post', `/enrolment/${token}`).send({ accessPin: typed, csr: officerCsr.pem });
      expect(res.status).toBe(201);
      const cert = new X509Certificate(res.body.certificatePem);
      expect(cert.subject).toContain('CN=Hanako Suzuki');
      expect(cert.keyUsage).toEqual([CLIENT_AUTH]);
      expect(cert.subjectAltName).toBe(`email:${officerEmail}`);
      expect(cert.verify(new X509Certificate(chainPem).publicKey)).toBe(true);
      expect(res.body).toMatchObject({
        type: 'client',
        holderUserId: officerUser.id,
        officerId,
        requestedBy: null,
      });
      officerCertPem = res.body.certificatePem;
      officerCertId = res.body.id;
      const [row] = await a.dataSource.query(
        'SELECT state, failed_attempts, certificate_id FROM officer_enrolments WHERE officer_id = ?',
        [officerId],
      );
      expect(row).toMatchObject({ state: 'used', certificate_id: officerCertId });
      expect(Number(row.failed_attempts)).toBe(4);
      const reused = await a.api('post', `/enrolment/${token}`).send({ accessPin: pin, csr: officerCsr.pem });
      expect(reused.status).toBe(410);
      expect(reused.body.code).toBe('ENROLMENT_USED');
      expect(
        (await a.api('post', `/enrolment/${'x'.repeat(43)}`).send({ accessPin: pin, csr: officerCsr.pem }))
          .status,
      ).toBe(404);
      // Neither the link token nor the PIN reaches the operation history (SPEC §9: secrets masked).
      await a.app.get(AuditRecorder).drain();
      const details: { details: string | null }[] = await a.dataSource.query(
        "SELECT details FROM operation_history WHERE screen IN ('登録担当者用証明書取得', '登録担当者登録')",
      );
      expect(details.length).toBeGreaterThan(0);
      expect(JSON.stringify(details)).not.toContain(token);
      expect(JSON.stringify(details)).not.toContain(pin);
    });

    it('voids a link after five wrong PINs, even when twenty guesses arrive at once', async () => {
      const reissued = await a.api(
        'post',
        `/registration-officers/${officerId}/enrolments`,
        await operatorToken(a),
      );
      expect(reissued.status).toBe(201);
      const [mail] = await outbox(officerEmail);
      const link = tokenFrom(mail);
      const csr = await makeCsr();
      const guesses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          a
            .api('post', `/enrolment/${link}`)
            .send({ accessPin: `GUESS${String(i).padStart(5, 'A')}`, csr: csr.pem }),
        ),
      );
      expect(guesses.filter((g) => g.status === 401)).toHaveLength(5);
      expect(guesses.filter((g) => g.status === 410 && g.body.code === 'ENROLMENT_VOID')).toHaveLength(15);
      const right = await a
        .api('post', `/enrolment/${link}`)
        .send({ accessPin: reissued.body.accessPin, csr: csr.pem });
      expect(right.status).toBe(410);
      expect(right.body.code).toBe('ENROLMENT_VOID');
      const [row] = await a.dataSource.query(
        'SELECT state, failed_attempts FROM officer_enrolments WHERE id = ?',
        [reissued.body.enrolment.id],
      );
      expect(row.state).toBe('void');
      expect(Number(row.failed_attempts)).toBe(5);
      expect(
        (await a.api('get', `/organizations/${orgId}/certificates/${officerCertId}`, manager.token)).body
          .status,
      ).toBe('active');
    });
  });

  describe('sign-in with the certificate over HTTPS (証明書によるログイン)', () => {
    beforeAll(async () => {
      // Kanri's CA issues the server certificate for localhost, like any server certificate of an organization.
      ({ app: b, port } = await startHttpsTwin(a, {
        orgId,
        managerToken: manager.token,
        chainPem,
        dir,
        database,
      }));
    });

    const login = (client?: { cert: string; key: string }) =>
      tlsRequest(port, 'POST', '/auth/certificate-login', { ca: chainPem, ...client });

    it('signs the holder in with a valid Kanri client certificate, and the token works', async () => {
      const res = await login({ cert: officerCertPem, key: officerCsr.privateKeyPem });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        accessToken: expect.any(String),
        expiresIn: 12 * 3600,
        passwordChangeRequired: false,
      });
      const me = await tlsRequest(port, 'GET', '/auth/me', { ca: chainPem, token: res.body.accessToken });
      expect(me.status).toBe(200);
      expect(me.body.user).toMatchObject({ id: officerUser.id, loginId: officerUser.loginId });
      const [history] = await b.dataSource.query(
        "SELECT action, screen, user_id FROM login_history WHERE user_id = ? AND screen = '証明書によるログイン'",
        [officerUser.id],
      );
      expect(history).toMatchObject({ action: 'LOGIN_SUCCESS', user_id: officerUser.id });
    });

    it('refuses connections without a certificate, with a foreign one, and over plain HTTP', async () => {
      const none = await login();
      expect(none.status).toBe(401);
      expect(none.body.code).toBe('CLIENT_CERTIFICATE_REQUIRED');
      const keys = await makeCsr({ key: 'p256' });
      const foreign = await x509.X509CertificateGenerator.createSelfSigned({
        name: 'CN=Hanako Suzuki',
        keys: keys.keys as unknown as x509.X509CertificateCreateSelfSignedParams['keys'],
        signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
        notBefore: new Date(Date.now() - 60_000),
        notAfter: new Date(Date.now() + DAY),
        extensions: [new x509.ExtendedKeyUsageExtension([CLIENT_AUTH])],
      });
      const forged = await login({ cert: foreign.toString('pem'), key: keys.privateKeyPem });
      expect(forged.status).toBe(401);
      expect(forged.body).toMatchObject({
        code: 'CLIENT_CERTIFICATE_INVALID',
        details: { reason: 'unknown' },
      });
      const http = await a.api('post', '/auth/certificate-login');
      expect(http.status).toBe(401);
      expect(http.body.code).toBe('CLIENT_CERTIFICATE_REQUIRED');
    });

    it('revokes the lost certificate when a new one is enrolled, and a revoked certificate no longer signs in', async () => {
      const reissued = await a.api(
        'post',
        `/registration-officers/${officerId}/enrolments`,
        await operatorToken(a),
      );
      const link = tokenFrom((await outbox(officerEmail))[0]);
      const next = await makeCsr({ key: 'p256' });
      // The other instance commits while `a` checks the PIN, between the enrolment's first read and its first
      // write (under load, `b`'s queued audit rows land there by chance): on SQLite `a`'s snapshot is then stale.
      const hasher = a.app.get(PasswordHasher);
      const verifyPin = hasher.verify.bind(hasher);
      const interleaved = jest.spyOn(hasher, 'verify').mockImplementationOnce(async (...args) => {
        expect((await login()).status).toBe(401);
        await b.app.get(AuditRecorder).drain();
        return verifyPin(...args);
      });
      const res = await a
        .api('post', `/enrolment/${link}`)
        .send({ accessPin: reissued.body.accessPin, csr: next.pem });
      interleaved.mockRestore();
      expect(res.status).toBe(201);
      const old = await a.api('get', `/organizations/${orgId}/certificates/${officerCertId}`, manager.token);
      expect(old.body).toMatchObject({ status: 'revoked', revocationReason: 'superseded' });
      const refused = await login({ cert: officerCertPem, key: officerCsr.privateKeyPem });
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({
        code: 'CLIENT_CERTIFICATE_INVALID',
        details: { reason: 'revoked' },
      });
      officerCertPem = res.body.certificatePem;
      officerCertId = res.body.id;
      officerCsr = next;
      expect((await login({ cert: officerCertPem, key: officerCsr.privateKeyPem })).status).toBe(200);
    });

    it('renews near expiry when the current certificate is presented, once', async () => {
      const csr = await makeCsr({ key: 'p384' });
      const renew = () =>
        tlsRequest(port, 'POST', '/officer-renewal', {
          ca: chainPem,
          cert: officerCertPem,
          key: officerCsr.privateKeyPem,
          body: { csr: csr.pem },
        });
      const early = await renew();
      expect(early.status).toBe(422);
      expect(early.body.code).toBe('RENEWAL_NOT_YET_ALLOWED');
      const anonymous = await tlsRequest(port, 'POST', '/officer-renewal', {
        ca: chainPem,
        body: { csr: csr.pem },
      });
      expect(anonymous.status).toBe(401);
      moveBothClocks(340);
      manager.token = await loginAs(a, manager.loginId, manager.password);
      const renewed = await renew();
      expect(renewed.status).toBe(201);
      expect(renewed.body).toMatchObject({
        renewedFromId: officerCertId,
        officerId,
        keyAlgorithm: 'EC-P384',
        commonName: 'Hanako Suzuki',
      });
      expect(
        new X509Certificate(renewed.body.certificatePem).checkIssued(new X509Certificate(chainPem)),
      ).toBe(true);
      const again = await renew();
      expect(again.status).toBe(409);
      expect(again.body.code).toBe('CERTIFICATE_ALREADY_RENEWED');
      const mail = await outbox(officerEmail);
      expect(mail[0].subject).toBe('【Kanri】登録担当者用証明書更新完了');
    });

    it('lets an administrator revoke the officer certificate, after which it cannot sign in', async () => {
      const revoke = await a
        .api(
          'post',
          `/organizations/${orgId}/users/${officerUser.id}/client-certificates/revoke`,
          manager.token,
        )
        .send({ confirmationPassword: DEFAULT_CONFIRMATION, reason: 'affiliationChanged' });
      expect(revoke.status).toBe(200);
      const res = await login({ cert: officerCertPem, key: officerCsr.privateKeyPem });
      expect(res.status).toBe(401);
      expect(res.body.details.reason).toBe('revoked');
    });
  });

  it('refuses an expired link', async () => {
    const reissued = await a.api(
      'post',
      `/registration-officers/${officerId}/enrolments`,
      await operatorToken(a),
    );
    const link = tokenFrom((await outbox(officerEmail))[0]);
    moveBothClocks(15);
    const csr = await makeCsr();
    const res = await a
      .api('post', `/enrolment/${link}`)
      .send({ accessPin: reissued.body.accessPin, csr: csr.pem });
    expect(res.status).toBe(410);
    expect(res.body.code).toBe('ENROLMENT_EXPIRED');
  });
});
