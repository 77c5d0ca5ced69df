import type { StreamEvent, TestEvent } from './stream-event';

/** RFC 5424 structured-data id under the documentation enterprise number (RFC 5612). */
export const SD_ID = 'kanri@32473';
/** Facility 13 (log audit). */
const FACILITY = 13;

function sdValue(value: string): string {
  // RFC 5424 §6.3.3: `"`, `\` and `]` are escaped inside PARAM-VALUE.
  return value.replace(/[\\"\]]/g, (ch) => `\\${ch}`);
}

function severityOf(event: StreamEvent | TestEvent): number {
  if (event.type !== 'operation') return 6; // informational
  const outcome = (event.record as { outcome: string }).outcome;
  return outcome === 'success' ? 6 : 5; // refused and failed operations: notice
}

/**
 * One event as an RFC 5424 message: `<PRI>1 TIMESTAMP HOSTNAME kanri - MSGID [kanri@32473 ...] BOM JSON`. The
 * structured data repeats the envelope's id, chain, sequence and hashes so a collector can index them without
 * parsing the JSON message, which is the same event a webhook receives.
 */
export function syslogMessage(event: StreamEvent | TestEvent, hostname: string): string {
  const pri = FACILITY * 8 + severityOf(event);
  const params: [string, string][] = [
    ['id', event.id],
    ['org', event.organizationId ?? 'system'],
  ];
  if (event.type !== 'test') {
    params.push(['chain', event.chain], ['seq', String(event.sequence)]);
    params.push(['prev', event.previousHash], ['hash', event.hash]);
  }
  const sd = `[${SD_ID} ${params.map(([k, v]) => `${k}="${sdValue(v)}"`).join(' ')}]`;
  const host = hostname.replace(/[^\x21-\x7e]/g, '').slice(0, 255) || '-';
  return `<${pri}>1 ${event.occurredAt} ${host} kanri - ${event.type} ${sd} \uFEFF${JSON.stringify(event)}`;
}

/** Octet-counting framing (RFC 6587 §3.4.1, RFC 5425 §4.3): `MSG-LEN SP SYSLOG-MSG`, the length in bytes. */
export function octetCounted(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body]);
}

/** Splits a stream of octet-counted frames (the receiver's side; used by tests). Returns frames and the rest. */
export function readFrames(buffer: Buffer): { frames: string[]; rest: Buffer } {
  const frames: string[] = [];
  let offset = 0;
  for (;;) {
    const space = buffer.indexOf(0x20, offset);
    if (space < 0) break;
    const length = Number(buffer.subarray(offset, space).toString('ascii'));
    if (!Number.isInteger(length) || length <= 0) throw new Error('bad syslog frame length');
    if (buffer.length < space + 1 + length) break;
    frames.push(buffer.subarray(space + 1, space + 1 + length).toString('utf8'));
    offset = space + 1 + length;
  }
  return { frames, rest: buffer.subarray(offset) };
}
