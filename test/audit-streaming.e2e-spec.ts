import { Permission } from '@kanri/access/permission';
import { AuditAppendQueue } from '../src/audit/audit-append.queue';
import { AuditStreamJob } from '../src/audit-streaming/audit-stream.job';
import { verifyDelivery } from '../src/audit-streaming/webhook-signature';
import {
  checkStream,
  loopbackCertificate,
  receiverVerifies,
  startTlsSyslogCollector,
  startWebhookReceiver,
  type SyslogCollector,
  type WebhookReceiver,
  type WireEvent,
} from './support/audit-stream-receiver';
import { DEFAULT_CONFIRMATION } from './support/factories';
import {
  addMember,
  createOrg,
  grantPermissions,
  operatorToken,
  type CreatedOrg,
  type OrgMember,
} from './support/org-factories';
import { createTestApp, OPERATOR, type TestApp } from './support/test-app';

/**
 * Audit streaming: destinations per organization (audit.read + company.manage, confirmation password) and for the
 * system (operator), the signing secret shown once, and the records delivered in chain order to a loopback webhook
 * receiver and a loopback syslog-over-TLS collector that check them with the documented procedure.
 */
describe('audit streaming', () => {
  let t: TestApp;
  let org: CreatedOrg;
  let other: CreatedOrg;
  let auditOnly: OrgMember;
  let companyOnly: OrgMember;
  let streamer: OrgMember;
  let receiver: WebhookReceiver;
  let job: AuditStreamJob;
  const path = () => `/organizations/${org.orgId}/audit/streams`;

  beforeAll(async () => {
    t = await createTestApp();
    job = t.app.get(AuditStreamJob);
    org = await createOrg(t);
    other = await createOrg(t, { name: '他社' });
    auditOnly = await addMember(t, org.orgId);
    companyOnly = await addMember(t, org.orgId);
    streamer = await addMember(t, org.orgId);
    await grantPermissions(t, org, auditOnly.id, [Permission.AuditRead]);
    await grantPermissions(t, org, companyOnly.id, [Permission.CompanyManage]);
    await grantPermissions(t, org, streamer.id, [Permission.AuditRead, Permission.CompanyManage]);
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.close();
  });

  /** Every queued audit row written, then one delivery round of this instance, finished. */
  async function deliverNow(): Promise<void> {
    await t.app.get(AuditAppendQueue).drain();
    await job.tick(0);
    await job.idle();
  }

  async function createWebhook(token = streamer.token, body: Record<string, unknown> = {}) {
    const res = await t.api('post', path(), token).send({
      confirmationPassword: DEFAULT_CONFIRMATION,
      name: 'SIEM',
      kind: 'webhook',
      url: receiver.url,
      ...body,
    });
    expect(res.status).toBe(201);
    return res.body as { destination: { id: string }; secret: string };
  }

  async function storedOperations(sinceSeq: number) {
    return (await t.dataSource.query(
      'SELECT id, seq, hash, details FROM operation_history WHERE chain = ? AND seq > ? ORDER BY seq',
      [org.orgId, sinceSeq],
    )) as { id: string; seq: number | string; hash: string; details: string | null }[];
  }

  describe('who may manage destinations', () => {
    it('needs both audit.read and company.manage; another organization gets 404', async () => {
      expect((await t.api('get', path(), auditOnly.token)).status).toBe(403);
      expect((await t.api('get', path(), companyOnly.token)).status).toBe(403);
      const ok = await t.api('get', path(), streamer.token);
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ items: [] });
      expect((await t.api('get', path(), other.manager.token)).status).toBe(404);
      const refused = await t
        .api('post', path(), companyOnly.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION, name: 'x', kind: 'webhook', url: receiver.url });
      expect(refused.status).toBe(403);
      const rows = await t.dataSource.query('SELECT id FROM audit_stream_destinations');
      expect(rows).toEqual([]);
    });

    it('needs the confirmation password to register', async () => {
      const missing = await t
        .api('post', path(), streamer.token)
        .send({ name: 'x', kind: 'webhook', url: receiver.url });
      expect(missing.status).toBe(400);
      const wrong = await t
        .api('post', path(), streamer.token)
        .send({ confirmationPassword: 'Wrong-999', name: 'x', kind: 'webhook', url: receiver.url });
      expect(wrong.status).toBe(403);
      expect(wrong.body.code).toBe('CONFIRMATION_PASSWORD_INVALID');
      expect(await t.dataSource.query('SELECT id FROM audit_stream_destinations')).toEqual([]);
    });

    it('keeps system destinations to the operator', async () => {
      const body = {
        confirmationPassword: DEFAULT_CONFIRMATION,
        name: 'x',
        kind: 'webhook',
        url: receiver.url,
      };
      expect((await t.api('post', '/system/audit/streams', org.manager.token).send(body)).status).toBe(403);
      expect((await t.api('get', '/system/audit/streams', streamer.token)).status).toBe(403);
    });
  });

  describe('bad input', () => {
    const cases: [string, Record<string, unknown>, string][] = [
      ['http to a non-loopback host', { kind: 'webhook', url: 'http://siem.example.jp/x' }, 'url'],
      ['another scheme', { kind: 'webhook', url: 'ftp://127.0.0.1/x' }, 'url'],
      ['credentials in the URL', { kind: 'webhook', url: 'https://u:p@siem.example.jp/x' }, 'url'],
      ['not a URL', { kind: 'webhook', url: 'siem' }, 'url'],
      ['a webhook without URL', { kind: 'webhook' }, 'url'],
      ['a webhook with a port', { kind: 'webhook', url: receiver?.url ?? 'https://a.jp', port: 514 }, 'port'],
      ['syslog without host', { kind: 'syslog', port: 6514 }, 'host'],
      ['syslog without port', { kind: 'syslog', host: 'syslog.example.jp' }, 'port'],
      [
        'plain TCP to a remote collector',
        { kind: 'syslog', host: '10.0.0.5', port: 514, tls: false },
        'host',
      ],
      ['a host that is no host', { kind: 'syslog', host: 'a b;rm', port: 514 }, 'host'],
      [
        'a CA that is no certificate',
        { kind: 'syslog', host: '127.0.0.1', port: 1, caCertificate: 'x' },
        'caCertificate',
      ],
    ];
    it.each(cases)('refuses %s with 400 VALIDATION_FAILED naming the field', async (_, body, field) => {
      const res = await t
        .api('post', path(), streamer.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION, name: 'bad', ...body });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(Object.keys(res.body.details.fields)).toContain(field);
      expect(await t.dataSource.query('SELECT id FROM audit_stream_destinations')).toEqual([]);
    });

    it('refuses an unknown kind, a port out of range and unknown fields', async () => {
      for (const body of [
        { kind: 'email', url: 'https://a.jp' },
        { kind: 'syslog', host: '127.0.0.1', port: 70000 },
        { kind: 'webhook', url: 'https://a.jp', secret: 'mine' },
      ]) {
        const res = await t
          .api('post', path(), streamer.token)
          .send({ confirmationPassword: DEFAULT_CONFIRMATION, name: 'bad', ...body });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
    });
  });

  describe('a webhook destination', () => {
    let id: string;
    let secret: string;

    it('is registered with a signing secret shown in that answer only', async () => {
      const created = await createWebhook();
      id = created.destination.id;
      secret = created.secret;
      expect(secret).toMatch(/^kas_[A-Za-z0-9_-]{43}$/);
      expect(created.destination).toMatchObject({ kind: 'webhook', url: receiver.url, enabled: true });
      const one = await t.api('get', `${path()}/${id}`, streamer.token);
      const list = await t.api('get', path(), streamer.token);
      expect(one.status).toBe(200);
      expect(JSON.stringify(one.body)).not.toContain(secret);
      expect(JSON.stringify(list.body)).not.toContain(secret);
      expect(list.body.items.map((d: { id: string }) => d.id)).toEqual([id]);
      const [row] = await t.dataSource.query(
        'SELECT secret_sealed FROM audit_stream_destinations WHERE id = ?',
        [id],
      );
      expect(row.secret_sealed).toMatch(/^v1\./);
      expect(row.secret_sealed).not.toContain(secret.slice(4));
      const audit = await t.dataSource.query('SELECT details FROM operation_history');
      expect(JSON.stringify(audit)).not.toContain(secret.slice(4));
      // Another organization cannot see it.
      expect(
        (await t.api('get', `/organizations/${other.orgId}/audit/streams/${id}`, other.manager.token)).status,
      ).toBe(404);
    });

    it('delivers every record after its registration, in chain order, signed, masked as stored', async () => {
      const [{ start }] = await t.dataSource.query(
        'SELECT operations_cursor AS start FROM audit_stream_destinations WHERE id = ?',
        [id],
      );
      await t.api('get', `/organizations/${org.orgId}`, streamer.token);
      await t.api(
        'get',
        `/organizations/${org.orgId}/audit/operations?familyName=123456789012345`,
        streamer.token,
      );
      await t.api('get', `/organizations/${org.orgId}/accounts`, auditOnly.token); // refused: 403
      await deliverNow();

      const stored = await storedOperations(Number(start));
      expect(stored.length).toBeGreaterThanOrEqual(4); // the registration itself, then the three calls
      const delivered = receiver.events.filter((e) => e.chain === `operations:${org.orgId}`);
      expect(delivered.map((e) => e.id)).toEqual(stored.map((r) => r.id));
      expect(delivered.map((e) => e.hash)).toEqual(stored.map((r) => r.hash));
      expect(delivered.map((e) => e.record.details)).toEqual(stored.map((r) => r.details));
      expect(JSON.stringify(receiver.events)).not.toContain('123456789012345');
      expect(delivered.some((e) => e.record.outcome === 'refused')).toBe(true);
      const report = checkStream(receiver.events);
      expect(report.problems).toEqual([]);
      expect(report.duplicates).toBe(0);
      for (const d of receiver.deliveries) expect(receiverVerifies(secret, d.headers, d.raw)).toBe('valid');

      const view = await t.api('get', `${path()}/${id}`, streamer.token);
      expect(view.body.delivery.operations.deliveredSequence).toBe(Number(stored[stored.length - 1].seq));
      expect(view.body.delivery).toMatchObject({ consecutiveFailures: 0, failing: false, lastError: null });
    });

    it('lets a receiver reject a tampered body and detect a replayed old delivery', () => {
      const { headers, raw } = receiver.deliveries[0];
      const body = JSON.parse(raw.toString('utf8')) as { events: WireEvent[] };
      body.events[0].record.outcome = body.events[0].record.outcome === 'success' ? 'failure' : 'success';
      const tampered = Buffer.from(JSON.stringify(body));
      expect(receiverVerifies(secret, headers, tampered)).toBe('bad-signature');
      expect(receiverVerifies('kas_someone-elses-secret', headers, raw)).toBe('bad-signature');
      const sentAt = Number(headers['kanri-timestamp']);
      expect(receiverVerifies(secret, headers, raw, sentAt + 301)).toBe('stale');
      expect(receiverVerifies(secret, headers, raw, sentAt + 299)).toBe('valid');
      // Kanri's own helper (what docs/api/audit-streaming.md shows) agrees with the independent receiver.
      const h = {
        signature: headers['kanri-signature'] as string,
        timestamp: headers['kanri-timestamp'] as string,
      };
      expect(verifyDelivery(secret, h, raw, sentAt)).toBe('valid');
      expect(verifyDelivery(secret, h, tampered, sentAt)).toBe('bad-signature');
      expect(verifyDelivery(secret, h, raw, sentAt + 301)).toBe('stale');
    });

    it('has a test-delivery action that reports what the receiver answered', async () => {
      const before = receiver.deliveries.length;
      const ok = await t.api('post', `${path()}/${id}/test`, streamer.token).send({});
      expect(ok.status).toBe(200);
      expect(ok.body).toEqual({ delivered: true, statusCode: 204, error: null });
      const test = receiver.deliveries[before];
      expect(JSON.parse(test.raw.toString()).events[0]).toMatchObject({
        type: 'test',
        organizationId: org.orgId,
      });
      expect(receiverVerifies(secret, test.headers, test.raw)).toBe('valid');
      receiver.answer = 503;
      const down = await t.api('post', `${path()}/${id}/test`, streamer.token).send({});
      receiver.answer = 204;
      expect(down.body).toEqual({ delivered: false, statusCode: 503, error: 'HTTP 503' });
      expect((await t.api('post', `${path()}/${id}/test`, auditOnly.token).send({})).status).toBe(403);
    });

    it('backs off while the receiver is down, flags it after the configured time, then resumes losing nothing', async () => {
      receiver.answer = 503;
      await t.api('get', `/organizations/${org.orgId}`, streamer.token);
      await deliverNow();
      let view = (await t.api('get', `${path()}/${id}`, streamer.token)).body;
      expect(view.delivery).toMatchObject({ consecutiveFailures: 1, lastError: 'HTTP 503', failing: false });
      const firstWait =
        new Date(view.delivery.nextAttemptAt).getTime() - new Date(view.delivery.failingSince).getTime();
      expect(firstWait).toBeGreaterThanOrEqual(800);
      expect(firstWait).toBeLessThanOrEqual(1000);
      // Inside the backoff nothing is attempted.
      await deliverNow();
      expect((await t.api('get', `${path()}/${id}`, streamer.token)).body.delivery.consecutiveFailures).toBe(
        1,
      );
      t.clock.advance(901_000); // AUDIT_STREAM_FAILING_SECONDS defaults to 900
      await deliverNow();
      view = (await t.api('get', `${path()}/${id}`, streamer.token)).body;
      expect(view.delivery).toMatchObject({ consecutiveFailures: 2, failing: true });
      const secondWait = new Date(view.delivery.nextAttemptAt).getTime() - t.clock.now().getTime();
      expect(secondWait).toBeGreaterThan(1000); // doubled: 1.6–2 s
      receiver.answer = 204;
      t.clock.advance(3_000);
      await deliverNow();
      view = (await t.api('get', `${path()}/${id}`, streamer.token)).body;
      expect(view.delivery).toMatchObject({ consecutiveFailures: 0, failing: false, failingSince: null });
      expect(view.delivery.operations.deliveredSequence).toBe(view.delivery.operations.latestSequence);
      const report = checkStream(receiver.events);
      expect(report.problems).toEqual([]);
    });

    it('runs one delivery at a time however many try at once', async () => {
      for (let i = 0; i < 5; i++) await t.api('get', `/organizations/${org.orgId}`, streamer.token);
      await t.app.get(AuditAppendQueue).drain();
      const [{ epoch }] = await t.dataSource.query(
        'SELECT epoch FROM audit_stream_destinations WHERE id = ?',
        [id],
      );
      const before = receiver.events.length;
      const outcomes = await Promise.all(Array.from({ length: 6 }, () => job.deliver(id, Number(epoch), 0)));
      expect(outcomes.filter((o) => o === 'ran')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'skipped')).toHaveLength(5);
      const report = checkStream(receiver.events);
      expect(report.duplicates).toBe(0);
      expect(report.problems).toEqual([]);
      expect(receiver.events.length).toBeGreaterThanOrEqual(before + 5);
    });

    it('rotates the secret: shown once, the next deliveries signed with the new one only', async () => {
      const res = await t.api('post', `${path()}/${id}/rotate-secret`, streamer.token).send({
        confirmationPassword: DEFAULT_CONFIRMATION,
      });
      expect(res.status).toBe(200);
      const fresh = res.body.secret as string;
      expect(fresh).not.toBe(secret);
      const before = receiver.deliveries.length;
      await t.api('get', `/organizations/${org.orgId}`, streamer.token);
      await deliverNow();
      const after = receiver.deliveries.slice(before);
      expect(after.length).toBeGreaterThan(0);
      for (const d of after) {
        expect(receiverVerifies(fresh, d.headers, d.raw)).toBe('valid');
        expect(receiverVerifies(secret, d.headers, d.raw)).toBe('bad-signature');
      }
      expect(JSON.stringify((await t.api('get', `${path()}/${id}`, streamer.token)).body)).not.toContain(
        fresh,
      );
    });

    it('is changed and removed with the confirmation password; then nothing more is sent', async () => {
      const patched = await t
        .api('patch', `${path()}/${id}`, streamer.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION, name: 'SIEM 2' });
      expect(patched.status).toBe(200);
      expect(patched.body.name).toBe('SIEM 2');
      const badPatch = await t
        .api('patch', `${path()}/${id}`, streamer.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION, url: 'http://example.jp/' });
      expect(badPatch.status).toBe(400);
      expect(
        (
          await t
            .api('delete', `${path()}/${id}`, other.manager.token)
            .send({ confirmationPassword: DEFAULT_CONFIRMATION })
        ).status,
      ).toBe(404);
      const removed = await t
        .api('delete', `${path()}/${id}`, streamer.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION });
      expect(removed.status).toBe(204);
      expect((await t.api('get', `${path()}/${id}`, streamer.token)).status).toBe(404);
      const before = receiver.events.length;
      await t.api('get', `/organizations/${org.orgId}`, streamer.token);
      await deliverNow();
      expect(receiver.events.length).toBe(before);
    });
  });

  describe('a syslog destination over TLS', () => {
    let collector: SyslogCollector;
    let certPem: string;
    beforeAll(async () => {
      const cert = await loopbackCertificate();
      certPem = cert.certPem;
      collector = await startTlsSyslogCollector(cert.certPem, cert.keyPem);
    });
    afterAll(() => collector?.close());

    it('delivers RFC 5424 messages, octet-counted, in chain order, to a collector trusted by its CA', async () => {
      const res = await t.api('post', path(), streamer.token).send({
        confirmationPassword: DEFAULT_CONFIRMATION,
        name: 'syslog',
        kind: 'syslog',
        host: '127.0.0.1',
        port: collector.port,
        caCertificate: certPem,
      });
      expect(res.status).toBe(201);
      expect(res.body.secret).toBeNull();
      const id = res.body.destination.id as string;
      const test = await t.api('post', `${path()}/${id}/test`, streamer.token).send({});
      expect(test.body).toEqual({ delivered: true, statusCode: null, error: null });

      await t.api('get', `/organizations/${org.orgId}`, streamer.token);
      await t.api('get', `/organizations/${org.orgId}/audit/login-history`, streamer.token);
      await deliverNow();
      const messages = collector.frames.filter((f) => !f.includes(' test [kanri@32473'));
      expect(messages.length).toBeGreaterThanOrEqual(3);
      const events: WireEvent[] = [];
      for (const m of messages) {
        const match =
          /^<(\d+)>1 (\S+) (\S+) kanri - (operation|login) \[kanri@32473 ([^\]]*)\] \uFEFF(.*)$/s.exec(m);
        expect(match).not.toBeNull();
        const event = JSON.parse(match![6]) as WireEvent;
        expect(match![5]).toContain(`seq="${event.sequence}"`);
        expect(match![5]).toContain(`hash="${event.hash}"`);
        expect(Number(match![1])).toBe(
          event.record.outcome && event.record.outcome !== 'success' ? 109 : 110,
        );
        events.push(event);
      }
      const report = checkStream(events);
      expect(report.problems).toEqual([]);
      expect(report.duplicates).toBe(0);
      const view = await t.api('get', `${path()}/${id}`, streamer.token);
      expect(view.body.delivery.operations.deliveredSequence).toBe(
        view.body.delivery.operations.latestSequence,
      );
      await t
        .api('delete', `${path()}/${id}`, streamer.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION });
    });

    it('refuses a collector whose certificate does not chain to a trusted CA', async () => {
      const res = await t.api('post', path(), streamer.token).send({
        confirmationPassword: DEFAULT_CONFIRMATION,
        name: 'untrusted',
        kind: 'syslog',
        host: '127.0.0.1',
        port: collector.port,
      });
      expect(res.status).toBe(201);
      const id = res.body.destination.id as string;
      const test = await t.api('post', `${path()}/${id}/test`, streamer.token).send({});
      expect(test.body.delivered).toBe(false);
      expect(test.body.error).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
      await t
        .api('delete', `${path()}/${id}`, streamer.token)
        .send({ confirmationPassword: DEFAULT_CONFIRMATION });
    });
  });

  describe('the system destination', () => {
    it("streams the system chains (sign-ins with unknown login IDs) to the operator's receiver", async () => {
      const op = await operatorToken(t);
      await t
        .api('put', '/auth/confirmation-password', op)
        .send({ password: OPERATOR.password, confirmationPassword: DEFAULT_CONFIRMATION })
        .expect((r) => expect(r.status).toBeLessThan(300));
      const res = await t.api('post', '/system/audit/streams', op).send({
        confirmationPassword: DEFAULT_CONFIRMATION,
        name: 'operator SIEM',
        kind: 'webhook',
        url: receiver.url,
      });
      if (res.status !== 201) throw new Error(JSON.stringify(res.body));
      const { secret } = res.body as { secret: string };
      const before = receiver.deliveries.length;
      await t.api('post', '/auth/login').send({ loginId: 'nobody999', password: 'Whatever-123' });
      await deliverNow();
      const after = receiver.deliveries.slice(before);
      const events = after.flatMap((d) => (JSON.parse(d.raw.toString()) as { events: WireEvent[] }).events);
      expect(events.some((e) => e.chain === 'login:system' && e.record.loginIdTyped === 'nobody999')).toBe(
        true,
      );
      expect(events.every((e) => e.organizationId === null)).toBe(true);
      for (const d of after) expect(receiverVerifies(secret, d.headers, d.raw)).toBe('valid');
      expect(checkStream(events).problems).toEqual([]);
      const list = await t.api('get', '/system/audit/streams', op);
      expect(list.body.items).toHaveLength(1);
      expect(JSON.stringify(list.body)).not.toContain(secret);
    });
  });
});
