import { Injectable } from '@nestjs/common';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as netConnect, type Socket } from 'node:net';
import { hostname } from 'node:os';
import { connect as tlsConnect } from 'node:tls';
import { newId } from '@kanri/common/ids/new-id';
import { AuditStreamSettings } from './audit-stream-settings';
import type { StreamEvent, TestEvent } from './stream-event';
import { octetCounted, syslogMessage } from './syslog-frame';
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signatureOf } from './webhook-signature';

/** What a transport needs of a destination (the secret already opened). */
export interface Target {
  kind: 'webhook' | 'syslog';
  url: string | null;
  host: string | null;
  port: number | null;
  tls: boolean;
  caCertificate: string | null;
  secret: string | null;
}

/** A delivery the receiver did not acknowledge; the message is short and carries nothing secret. */
export class DeliveryFailed extends Error {}

const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * Sends a batch of events and resolves only once the receiver acknowledged all of them: a webhook answered 2xx; a
 * syslog collector read the whole batch and closed its side of the connection after Kanri closed its own (TCP has no
 * application acknowledgment; a collector that has closed after reading to the end has everything).
 */
@Injectable()
export class AuditStreamTransport {
  private readonly hostname = hostname();

  constructor(private readonly settings: AuditStreamSettings) {}

  async send(target: Target, events: (StreamEvent | TestEvent)[]): Promise<{ statusCode?: number }> {
    return target.kind === 'webhook' ? this.post(target, events) : this.syslog(target, events);
  }

  private post(target: Target, events: (StreamEvent | TestEvent)[]): Promise<{ statusCode: number }> {
    if (!target.url || !target.secret) return Promise.reject(new DeliveryFailed('destination incomplete'));
    const body = Buffer.from(JSON.stringify({ events }), 'utf8');
    const timestamp = Math.floor(Date.now() / 1000);
    const url = new URL(target.url);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = send(
        url,
        {
          method: 'POST',
          timeout: this.settings.timeoutMs,
          ca: target.caCertificate ? [target.caCertificate] : undefined,
          headers: {
            'content-type': 'application/json',
            'content-length': body.length,
            'user-agent': 'Kanri-AuditStream/1',
            [TIMESTAMP_HEADER]: String(timestamp),
            [SIGNATURE_HEADER]: signatureOf(target.secret!, timestamp, body),
            [DELIVERY_HEADER]: newId(),
          },
        },
        (res) => {
          let seen = 0;
          res.on('data', (chunk: Buffer) => {
            seen += chunk.length;
            if (seen > MAX_ANSWER_BYTES) res.destroy();
          });
          res.on('error', () => undefined);
          res.on('close', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve({ statusCode: status });
            else reject(new DeliveryFailed(`HTTP ${status}`));
          });
        },
      );
      req.on('timeout', () => req.destroy(new DeliveryFailed('timed out')));
      req.on('error', (e: NodeJS.ErrnoException) => reject(failureOf(e)));
      req.end(body);
    });
  }

  private syslog(target: Target, events: (StreamEvent | TestEvent)[]): Promise<Record<string, never>> {
    if (!target.host || !target.port) return Promise.reject(new DeliveryFailed('destination incomplete'));
    const payload = Buffer.concat(events.map((e) => octetCounted(syslogMessage(e, this.hostname))));
    return new Promise((resolve, reject) => {
      let settled = false;
      const done = (error?: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        if (error) reject(error);
        else resolve({});
      };
      const onConnected = () => {
        socket.write(payload);
        socket.end();
      };
      const host = target.host!.replace(/^\[|\]$/g, '');
      const socket: Socket = target.tls
        ? tlsConnect(
            {
              host,
              port: target.port!,
              servername: /^[\d.:]+$/.test(host) ? undefined : host,
              ca: target.caCertificate ? [target.caCertificate] : undefined,
              rejectUnauthorized: true,
            },
            onConnected,
          )
        : netConnect({ host, port: target.port! }, onConnected);
      const timer = setTimeout(() => done(new DeliveryFailed('timed out')), this.settings.timeoutMs);
      socket.on('data', () => undefined);
      socket.on('error', (e: NodeJS.ErrnoException) => done(failureOf(e)));
      // The collector closed its side after our end: everything written was read.
      socket.on('end', () => done());
      socket.on('close', (hadError) => done(hadError ? new DeliveryFailed('connection reset') : undefined));
    });
  }
}

function failureOf(e: NodeJS.ErrnoException): DeliveryFailed {
  if (e instanceof DeliveryFailed) return e;
  if (e.code) return new DeliveryFailed(e.code);
  return new DeliveryFailed('delivery failed');
}
