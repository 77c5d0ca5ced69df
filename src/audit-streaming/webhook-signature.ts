import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signing: `Kanri-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>` with the Unix time in
 * seconds in `Kanri-Timestamp`. Binding the timestamp lets a receiver refuse an old delivery replayed to it; binding
 * the exact body bytes makes any change to them visible.
 */
export const SIGNATURE_HEADER = 'kanri-signature';
export const TIMESTAMP_HEADER = 'kanri-timestamp';
export const DELIVERY_HEADER = 'kanri-delivery';
/** How old a delivery a receiver should accept, in seconds (the documented default). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** A new signing secret: 32 random bytes, base64url, with a prefix that secret scanners can recognise. */
export function newSigningSecret(): string {
  return `kas_${randomBytes(32).toString('base64url')}`;
}

export function signatureOf(secret: string, timestamp: number, body: string | Buffer): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(body);
  return `v1=${mac.digest('hex')}`;
}

export type VerifyOutcome = 'valid' | 'bad-signature' | 'stale' | 'malformed';

/**
 * The receiver's check, exactly as documented: the signature over the raw body must match (compared in constant
 * time) and the timestamp must be within `toleranceSeconds` of the receiver's clock.
 */
export function verifyDelivery(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  rawBody: string | Buffer,
  nowSeconds: number,
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
): VerifyOutcome {
  if (!headers.signature || !headers.timestamp || !/^\d{1,12}$/.test(headers.timestamp)) return 'malformed';
  const timestamp = Number(headers.timestamp);
  const expected = Buffer.from(signatureOf(secret, timestamp, rawBody));
  const given = Buffer.from(headers.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad-signature';
  if (Math.abs(nowSeconds - timestamp) > toleranceSeconds) return 'stale';
  return 'valid';
}
