import 'reflect-metadata';
import { createHash, createHmac, timingSafeEqual, webcrypto } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import type { AddressInfo } from 'node:net';
import * as x509 from '@peculiar/x509';

/**
 * A SIEM on the loopback interface for the audit streaming tests: a webhook receiver and a syslog-over-TLS collector
 * that keep what they received, and the receiver's verification written from the documented procedure
 * (docs/api/audit-streaming.md) without Kanri's code, so the tests prove the documentation.
 */

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export interface Delivery {
  headers: IncomingHttpHeaders;
  raw: Buffer;
}

/** The documented check: v1=hex(HMAC-SHA256(secret, timestamp + "." + raw body)), timestamp within 300 s. */
export function receiverVerifies(
  secret: string,
  headers: IncomingHttpHeaders,
  raw: Buffer,
  nowSeconds = Math.floor(Date.now() / 1000),
): 'valid' | 'bad-signature' | 'stale' {
  const timestamp = String(headers['kanri-timestamp'] ?? '');
  const given = Buffer.from(String(headers['kanri-signature'] ?? ''));
  const expected = Buffer.from(
    `v1=${createHmac('sha256', secret).update(`${timestamp}.`).update(raw).digest('hex')}`,
  );
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad-signature';
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > 300) return 'stale';
  return 'valid';
}

export type WireEvent = Record<string, any>;

/** The documented canonical text of a record: a JSON array of its fields in the documented order. */
export function canonicalText(r: WireEvent): string {
  const fields =
    r.format === 'op1'
      ? [
          'id',
          'chain',
          'seq',
          'organizationId',
          'operation',
          'screen',
          'httpMethod',
          'route',
          'operatorUserId',
          'operatorLoginId',
          'department',
          'occurredAt',
          'durationMs',
          'ip',
          'userAgent',
          'outcome',
          'statusCode',
          'errorCode',
          'requestId',
          'details',
        ]
      : [
          'id',
          'chain',
          'seq',
          'organizationId',
          'loginIdTyped',
          'userId',
          'action',
          'screen',
          'occurredAt',
          'ip',
          'userAgent',
          'sessionSeconds',
        ];
  return JSON.stringify([r.format, ...fields.map((f) => r[f])]);
}

export function recomputedHash(event: WireEvent): string {
  return createHash('sha256')
    .update(event.previousHash)
    .update('\n')
    .update(canonicalText(event.record))
    .digest('hex');
}

export interface ChainReport {
  /** Distinct events per chain after de-duplication by id. */
  distinct: Map<string, WireEvent[]>;
  duplicates: number;
  /** Problems found: out of order, gap, hash mismatch, broken link. */
  problems: string[];
}

/**
 * The receiver's procedure: drop events whose id was seen; per chain, each new event must carry the next sequence,
 * link to the previous event's hash, and hash to what it claims.
 */
export function checkStream(
  events: WireEvent[],
  startAfter: Map<string, { seq: number; hash: string }> = new Map(),
) {
  const seen = new Set<string>();
  const distinct = new Map<string, WireEvent[]>();
  const last = new Map(startAfter);
  const problems: string[] = [];
  let duplicates = 0;
  for (const e of events) {
    if (e.type === 'test') continue;
    if (seen.has(e.id)) {
      duplicates += 1;
      continue;
    }
    seen.add(e.id);
    const list = distinct.get(e.chain) ?? [];
    list.push(e);
    distinct.set(e.chain, list);
    const prev = last.get(e.chain);
    if (prev && e.sequence !== prev.seq + 1) problems.push(`${e.chain}: ${e.sequence} after ${prev.seq}`);
    if (prev && e.previousHash !== prev.hash) problems.push(`${e.chain} ${e.sequence}: does not link`);
    if (recomputedHash(e) !== e.hash) problems.push(`${e.chain} ${e.sequence}: hash differs`);
    last.set(e.chain, { seq: e.sequence, hash: e.hash });
  }
  return { distinct, duplicates, problems } satisfies ChainReport;
}

export interface WebhookReceiver {
  url: string;
  port: number;
  deliveries: Delivery[];
  /** Events of acknowledged deliveries, in arrival order. */
  events: WireEvent[];
  /** Answer this status instead of 204 (e.g. 503: down). */
  answer: number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(port = 0): Promise<WebhookReceiver> {
  const receiver = {
    deliveries: [] as Delivery[],
    events: [] as WireEvent[],
    answer: 204,
  } as WebhookReceiver;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      if (receiver.answer >= 200 && receiver.answer < 300) {
        receiver.deliveries.push({ headers: req.headers, raw });
        receiver.events.push(...(JSON.parse(raw.toString('utf8')) as { events: WireEvent[] }).events);
      }
      res.statusCode = receiver.answer;
      res.end();
    });
  });
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${receiver.port}/siem`;
  receiver.close = () => new Promise((ok) => server.close(() => ok()));
  return receiver;
}

/** A self-signed certificate for 127.0.0.1, as a private SIEM would present. */
export async function loopbackCertificate(): Promise<{ certPem: string; keyPem: string }> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=siem.test',
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    keys: keys as unknown as x509.X509CertificateCreateSelfSignedParams['keys'],
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }]),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(pkcs8)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')}\n-----END PRIVATE KEY-----\n`;
  return { certPem: cert.toString('pem'), keyPem };
}

export interface SyslogCollector {
  port: number;
  /** Every frame received (octet-counted), in order. */
  frames: string[];
  close(): Promise<void>;
}

/** Syslog over TLS (RFC 5425): reads octet-counted frames until the sender closes, then closes its side. */
export async function startTlsSyslogCollector(certPem: string, keyPem: string): Promise<SyslogCollector> {
  const collector = { frames: [] as string[] } as SyslogCollector;
  const server: TlsServer = createTlsServer({ cert: certPem, key: keyPem }, (socket) => {
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const space = buffer.indexOf(0x20);
        if (space < 0) break;
        const length = Number(buffer.subarray(0, space).toString('ascii'));
        if (buffer.length < space + 1 + length) break;
        collector.frames.push(buffer.subarray(space + 1, space + 1 + length).toString('utf8'));
        buffer = buffer.subarray(space + 1 + length);
      }
    });
    socket.on('end', () => socket.end());
    socket.on('error', () => undefined);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  collector.port = (server.address() as AddressInfo).port;
  collector.close = () => new Promise((ok) => server.close(() => ok()));
  return collector;
}
