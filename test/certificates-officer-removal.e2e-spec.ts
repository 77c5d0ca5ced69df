import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditRecorder } from '../src/audit/audit-recorder.service';
import { DEFAULT_CONFIRMATION } from './support/factories';
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
import { ocspAnswer } from './support/ocsp-query';
import { createTestApp, OPERATOR, type TestApp } from './support/test-app';
import { createSharedTestDatabase, sameDatabase, type TestDatabase } from './support/test-database';

/**
 * 登録担当者の削除 (SPEC §7, src/certificates/README.md "Registration officers"): the system operator ends an
 * officer's role. In one transaction the open links are voided, the officer certificates revoked
 * (cessationOfOperation, in the CRL and the OCSP answers at once) and the officer kept as removed; the old link, renewal and
 * certificate sign-in are refused afterwards. Like test/certificates-officers.e2e-spec.ts, `a` serves plain HTTP
 * for the set-up and `b` HTTPS asking for client certificates, on one database.
 */
describe('Registration officers: removal (登録担当者の削除)', () => {
  let database: TestDatabase;
  let a: TestApp;
  let b: TestApp;
  let port: number;
  let chainPem: string;
  let orgId: string;
  let manager: OrgMember;
  let officerUser: OrgMember;
  let operator: string;
  let operatorId: string;
  const dir = mkdtempSync(join(tmpdir(), 'kanri-officer-removal-'));
  const officerEmail = `leaver-${randomBytes(3).toString('hex')}@example.jp`;

  /** The serving officer: id, certificate and key, and a link reissued but not used yet. */
  let officerId: string;
  let officerCert: { id: string; serialNumber: string; pem: string };
  let officerCsr: TestCsr;
  let openLink: { token: string; pin: string; enrolmentId: string };
  /** A client certificate the member holds as a member, not as the officer. */
  let memberCertId: string;

  beforeAll(async () => {
    database = await createSharedTestDatabase(dir);
    a = await createTestApp({ database: sameDatabase(database) });
    const org = await createOrgWithMembers(a, [{ email: 'removal-manager@example.jp' }]);
    orgId = org.orgId;
    manager = org.members[0];
    officerUser = await addMember(a, orgId, { email: officerEmail, familyName: '佐藤', givenName: '次郎' });
    chainPem = (await a.api('get', '/ca/certificates')).text;
    operator = await operatorToken(a);
    operatorId = (await a.api('get', '/auth/me', operator)).body.user.id;
    const confirmation = await a
      .api('put', '/auth/confirmation-password', operator)
      .send({ password: OPERATOR.password, confirmationPassword: DEFAULT_CONFIRMATION });
    expect(confirmation.status).toBeLessThan(300);

    // The officer enrols, then gets a new link (left open) as after a lost certificate.
    const registered = await a
      .api('post', '/registration-officers', operator)
      .send({ organizationId: orgId, userId: officerUser.id, nameRomaji: 'Jiro Sato' });
    expect(registered.status).toBe(201);
    officerId = registered.body.officer.id;
    officerCsr = await makeCsr({ key: 'p256' });
    const enrolled = await a
      .api('post', `/enrolment/${tokenFrom((await outbox(officerEmail))[0])}`)
      .send({ accessPin: registered.body.accessPin, csr: officerCsr.pem });
    expect(enrolled.status).toBe(201);
    officerCert = {
      id: enrolled.body.id,
      serialNumber: enrolled.body.serialNumber,
      pem: enrolled.body.certificatePem,
    };
    const reissued = await a.api('post', `/registration-officers/${officerId}/enrolments`, operator);
    expect(reissued.status).toBe(201);
    openLink = {
      token: tokenFrom((await outbox(officerEmail))[0]),
      pin: reissued.body.accessPin,
      enrolmentId: reissued.body.enrolment.id,
    };
    const memberCsr = await makeCsr({ key: 'p256' });
    const memberCert = await a
      .api('post', `/organizations/${orgId}/certificates`, manager.token)
      .send({ type: 'client', csr: memberCsr.pem, subjectUserId: officerUser.id });
    expect(memberCert.status).toBe(201);
    memberCertId = memberCert.body.id;

    // HTTPS with client certificates, the server certificate from Kanri's CA for localhost.
    ({ app: b, port } = await startHttpsTwin(a, {
      orgId,
      managerToken: manager.token,
      chainPem,
      dir,
      database,
    }));
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await database?.drop();
  });

  async function outbox(to: string): Promise<{ subject: string; text: string }[]> {
    const res = await a.api('get', `/system/outbox?to=${encodeURIComponent(to)}`, operator);
    if (res.status !== 200) throw new Error(`outbox: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.items;
  }
  const tokenFrom = (mail: { text: string }) =>
    /\/api\/v1\/enrolment\/([A-Za-z0-9_-]{43})/.exec(mail.text)![1];
  const remove = (id: string, token: string, body: Record<string, unknown> = {}) =>
    a
      .api('delete', `/registration-officers/${id}`, token)
      .send({ confirmationPassword: DEFAULT_CONFIRMATION, ...body });
  const signIn = (cert: string, key: string) =>
    tlsRequest(port, 'POST', '/auth/certificate-login', { ca: chainPem, cert, key });
  async function officerRow() {
    const [row] = await a.dataSource.query(
      'SELECT removed_at, removed_by FROM registration_officers WHERE id = ?',
      [officerId],
    );
    return row as { removed_at: unknown; removed_by: string | null };
  }
  async function certificateStatus(id: string) {
    const [row] = await a.dataSource.query(
      'SELECT status, revocation_reason FROM certificates WHERE id = ?',
      [id],
    );
    return row as { status: string; revocation_reason: string | null };
  }
  async function currentCrl(): Promise<x509.X509Crl> {
    return new x509.X509Crl((await a.api('get', '/ca/crl?format=pem')).text);
  }

  it('is refused to anyone but the system operator, and to the operator without the confirmation password; nothing changes', async () => {
    expect((await signIn(officerCert.pem, officerCsr.privateKeyPem)).status).toBe(200);
    const byManager = await remove(officerId, manager.token);
    expect(byManager.status).toBe(403);
    const byOfficer = await remove(officerId, officerUser.token);
    expect(byOfficer.status).toBe(403);
    const unconfirmed = await a.api('delete', `/registration-officers/${officerId}`, operator).send({});
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.code).toBe('VALIDATION_FAILED');
    expect(await officerRow()).toMatchObject({ removed_at: null, removed_by: null });
    expect(await certificateStatus(officerCert.id)).toMatchObject({ status: 'active' });
    const [link] = await a.dataSource.query('SELECT state FROM officer_enrolments WHERE id = ?', [
      openLink.enrolmentId,
    ]);
    expect(link.state).toBe('open');
    expect((await currentCrl()).findRevoked(officerCert.serialNumber)).toBeNull();
    expect(await ocspAnswer(a, chainPem, officerCert.serialNumber)).toEqual({ status: 'good' });
  });

  it('answers 404 in the error shape for an unknown officer', async () => {
    const res = await remove('0190a000-0000-7000-8000-000000000000', operator);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'NOT_FOUND', message: expect.any(String) });
  });

  it('voids the open link, revokes the officer certificate in the CRL and OCSP at once, and keeps the officer as removed', async () => {
    const res = await remove(officerId, operator);
    expect(res.status).toBe(204);

    expect(await certificateStatus(officerCert.id)).toEqual({
      status: 'revoked',
      revocation_reason: 'cessationOfOperation',
    });
    const entry = (await currentCrl()).findRevoked(officerCert.serialNumber);
    expect(entry).not.toBeNull();
    expect(entry!.reason).toBe(x509.X509CrlReason.cessationOfOperation);
    // Relying parties that ask the OCSP responder instead of reading the CRL hear the same, at once.
    expect(await ocspAnswer(a, chainPem, officerCert.serialNumber)).toEqual({
      status: 'revoked',
      reason: 'cessationOfOperation',
      revokedAt: expect.any(Date),
    });
    const seen = await a.api('get', `/organizations/${orgId}/certificates/${officerCert.id}`, manager.token);
    expect(seen.body).toMatchObject({
      status: 'revoked',
      revocationReason: 'cessationOfOperation',
      officerId,
    });
    // The member's own client certificate is not the officer's and stays.
    expect(await certificateStatus(memberCertId)).toMatchObject({ status: 'active' });

    const [link] = await a.dataSource.query('SELECT state FROM officer_enrolments WHERE id = ?', [
      openLink.enrolmentId,
    ]);
    expect(link.state).toBe('void');
    const row = await officerRow();
    expect(row.removed_at).not.toBeNull();
    expect(row.removed_by).toBe(operatorId);

    const list = await a.api('get', `/registration-officers?organizationId=${orgId}`, operator);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([
      expect.objectContaining({ id: officerId, status: 'removed', removedAt: expect.any(String) }),
    ]);

    await a.app.get(AuditRecorder).drain();
    const audit = await a.dataSource.query(
      'SELECT screen, operation, operator_user_id, outcome, details FROM operation_history WHERE request_id = ?',
      [res.headers['x-request-id']],
    );
    expect(audit).toEqual([
      expect.objectContaining({
        screen: '登録担当者登録',
        operation: 'delete',
        operator_user_id: operatorId,
        outcome: 'success',
      }),
    ]);
    expect(JSON.stringify(audit)).not.toContain(DEFAULT_CONFIRMATION);
  });

  it('refuses the old link with its PIN, a new link, renewal and sign-in with the revoked certificate', async () => {
    const csr = await makeCsr({ key: 'p256' });
    const enrol = await a
      .api('post', `/enrolment/${openLink.token}`)
      .send({ accessPin: openLink.pin, csr: csr.pem });
    expect(enrol.status).toBe(410);
    expect(enrol.body.code).toBe('ENROLMENT_VOID');
    const reissue = await a.api('post', `/registration-officers/${officerId}/enrolments`, operator);
    expect(reissue.status).toBe(404);
    expect(reissue.body.details).toEqual({ removedAt: expect.any(String) });

    const renewal = await tlsRequest(port, 'POST', '/officer-renewal', {
      ca: chainPem,
      cert: officerCert.pem,
      key: officerCsr.privateKeyPem,
      body: { csr: csr.pem },
    });
    expect(renewal.status).toBe(401);
    expect(renewal.body).toMatchObject({
      code: 'CLIENT_CERTIFICATE_INVALID',
      details: { reason: 'revoked' },
    });
    const login = await signIn(officerCert.pem, officerCsr.privateKeyPem);
    expect(login.status).toBe(401);
    expect(login.body).toMatchObject({ code: 'CLIENT_CERTIFICATE_INVALID', details: { reason: 'revoked' } });
    const [{ n }] = await a.dataSource.query(
      "SELECT COUNT(*) AS n FROM certificates WHERE officer_id = ? AND status = 'active'",
      [officerId],
    );
    expect(Number(n)).toBe(0);
  });

  it('answers 404 (naming when it was removed) to a second removal and changes nothing', async () => {
    const before = await officerRow();
    const again = await remove(officerId, operator);
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('removed'),
      details: { removedAt: expect.any(String) },
    });
    expect(await officerRow()).toEqual(before);
  });

  it('lets the operator designate the member again under the same officer, with a new link', async () => {
    const again = await a
      .api('post', '/registration-officers', operator)
      .send({ organizationId: orgId, userId: officerUser.id, nameRomaji: 'Jiro Sato' });
    expect(again.status).toBe(201);
    expect(again.body.officer).toMatchObject({ id: officerId, status: 'active', removedAt: null });
    const csr = await makeCsr({ key: 'p256' });
    const enrolled = await a
      .api('post', `/enrolment/${tokenFrom((await outbox(officerEmail))[0])}`)
      .send({ accessPin: again.body.accessPin, csr: csr.pem });
    expect(enrolled.status).toBe(201);
    expect(await certificateStatus(officerCert.id)).toMatchObject({ status: 'revoked' });
    expect((await signIn(enrolled.body.certificatePem, csr.privateKeyPem)).status).toBe(200);
  });
});
