import { createHmac } from 'node:crypto';
import {
  DEFAULT_TOLERANCE_SECONDS,
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  newSigningSecret,
  signatureOf,
  verifyDelivery,
} from './webhook-signature';

const SECRET = 'kas_test-secret';
const T = 1796520226;
const hmac = (text: string) => `v1=${createHmac('sha256', SECRET).update(text).digest('hex')}`;

describe('webhook signing', () => {
  it('names the documented headers and tolerance', () => {
    expect([SIGNATURE_HEADER, TIMESTAMP_HEADER, DELIVERY_HEADER]).toEqual([
      'kanri-signature',
      'kanri-timestamp',
      'kanri-delivery',
    ]);
    expect(DEFAULT_TOLERANCE_SECONDS).toBe(300);
  });

  it('makes secrets of 32 random bytes with the kas_ prefix', () => {
    const secret = newSigningSecret();
    expect(secret).toMatch(/^kas_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.slice(4), 'base64url')).toHaveLength(32);
    expect(newSigningSecret()).not.toBe(secret);
  });

  it('signs "timestamp.body" with HMAC-SHA256, for text and bytes alike', () => {
    expect(signatureOf(SECRET, T, '{"a":1}')).toBe(hmac(`${T}.{"a":1}`));
    expect(signatureOf(SECRET, T, Buffer.from('日本語'))).toBe(hmac(`${T}.日本語`));
    expect(signatureOf(SECRET, 0, '')).toBe(hmac('0.'));
  });
});

describe("the receiver's check", () => {
  const body = '{"events":[]}';
  const signature = signatureOf(SECRET, T, body);
  const check = (headers: { signature?: string; timestamp?: string }, now = T, tolerance?: number) =>
    verifyDelivery(
      SECRET,
      { signature: headers.signature, timestamp: headers.timestamp },
      body,
      now,
      tolerance,
    );

  it('is valid for the exact body, secret and timestamp, within the tolerance either way', () => {
    expect(check({ signature, timestamp: String(T) })).toBe('valid');
    expect(check({ signature, timestamp: String(T) }, T + 300)).toBe('valid');
    expect(check({ signature, timestamp: String(T) }, T - 300)).toBe('valid');
    expect(verifyDelivery(SECRET, { signature, timestamp: String(T) }, Buffer.from(body), T)).toBe('valid');
  });

  it('is stale beyond the tolerance, past or future', () => {
    expect(check({ signature, timestamp: String(T) }, T + 301)).toBe('stale');
    expect(check({ signature, timestamp: String(T) }, T - 301)).toBe('stale');
    expect(check({ signature, timestamp: String(T) }, T + 11, 10)).toBe('stale');
    expect(check({ signature, timestamp: String(T) }, T + 10, 10)).toBe('valid');
  });

  it('is malformed without a signature or with a timestamp that is not 1 to 12 digits', () => {
    const ts12 = '179652022600';
    const sig12 = signatureOf(SECRET, Number(ts12), body);
    expect(check({ signature: sig12, timestamp: ts12 }, Number(ts12))).toBe('valid');
    expect(check({ signature: signatureOf(SECRET, 7, body), timestamp: '7' }, 7)).toBe('valid');
    expect(check({ timestamp: String(T) })).toBe('malformed');
    expect(check({ signature: '', timestamp: String(T) })).toBe('malformed');
    expect(check({ signature })).toBe('malformed');
    for (const timestamp of ['', 'x', `${T}x`, `x${T}`, '1796520226000', '-1', '1.5', ' 1']) {
      expect([timestamp, check({ signature, timestamp })]).toEqual([timestamp, 'malformed']);
    }
  });

  it('is a bad signature for another body, secret or timestamp, or a signature of another length', () => {
    expect(verifyDelivery(SECRET, { signature, timestamp: String(T) }, `${body} `, T)).toBe('bad-signature');
    expect(verifyDelivery('kas_other', { signature, timestamp: String(T) }, body, T)).toBe('bad-signature');
    expect(check({ signature, timestamp: String(T + 1) })).toBe('bad-signature');
    expect(check({ signature: signature.slice(0, -1), timestamp: String(T) })).toBe('bad-signature');
    expect(check({ signature: `${signature}0`, timestamp: String(T) })).toBe('bad-signature');
    // A wrong signature is refused before the clock is looked at.
    expect(check({ signature: signature.replace('v1=', 'v2='), timestamp: String(T) }, T + 3600)).toBe(
      'bad-signature',
    );
  });
});
