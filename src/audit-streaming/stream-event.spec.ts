import { createHash } from 'node:crypto';
import { canonicalOperation, chainHash } from '../audit/audit-chain';
import { canonicalOfRecord, type StreamEvent } from './stream-event';
import { signatureOf, verifyDelivery } from './webhook-signature';

/** The worked example of docs/api/audit-streaming.md, so the figures there cannot drift from the code. */
const ORG = '0193a0ff-0000-7000-8000-000000000001';
const PREV = 'a3f1c2e4b5d6978812345678901234567890abcdefabcdefabcdefabcdef0123';
const record = {
  format: 'op1' as const,
  id: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  chain: ORG,
  seq: 42,
  organizationId: ORG,
  operation: 'search',
  screen: '企業情報',
  httpMethod: 'GET',
  route: '/api/v1/organizations/:orgId',
  operatorUserId: '0193a0ff-0000-7000-8000-0000000000aa',
  operatorLoginId: 'yamada01',
  department: '総務部',
  occurredAt: '2026-12-06T01:23:45.678Z',
  durationMs: 12,
  ip: '203.0.113.7',
  userAgent: 'Mozilla/5.0',
  outcome: 'success',
  statusCode: 200,
  errorCode: null,
  requestId: 'req-7f3a',
  details: '{"query":{"familyName":"***"}}',
};
const HASH = '7ca2a2ad804a0cbe7c9fe3d2f9a002aebf653fcf8da8b2497eb61fba24d01513';

describe('the documented worked example', () => {
  it('rebuilds the canonical text the recorder hashes, and its hash', () => {
    const { format: _format, ...content } = record;
    const recorder = canonicalOperation({ ...content, occurredAt: new Date(record.occurredAt) });
    expect(canonicalOfRecord(record)).toBe(recorder);
    expect(chainHash(PREV, recorder)).toBe(HASH);
    expect(createHash('sha256').update(`${PREV}\n${recorder}`).digest('hex')).toBe(HASH);
  });

  it('signs the documented body as documented; a changed byte or an old timestamp is refused', () => {
    const event: StreamEvent = {
      v: 1,
      type: 'operation',
      id: record.id,
      organizationId: ORG,
      chain: `operations:${ORG}`,
      sequence: 42,
      previousHash: PREV,
      hash: HASH,
      occurredAt: record.occurredAt,
      record,
    };
    const body = JSON.stringify({ events: [event] });
    expect(Buffer.byteLength(body)).toBe(1029);
    const secret = 'kas_exampleexampleexampleexampleexampleexamp';
    const signature = signatureOf(secret, 1796520226, body);
    expect(signature).toBe('v1=10ac099555ea94e7e2b70ff994447a717d8311eef5a17be31968a54d3d41cc0f');
    const headers = { signature, timestamp: '1796520226' };
    expect(verifyDelivery(secret, headers, body, 1796520226)).toBe('valid');
    expect(verifyDelivery(secret, headers, body.replace('"success"', '"failure"'), 1796520226)).toBe(
      'bad-signature',
    );
    expect(verifyDelivery(secret, headers, body, 1796520226 + 3600)).toBe('stale');
    expect(verifyDelivery(secret, { signature, timestamp: 'x' }, body, 1796520226)).toBe('malformed');
  });
});
