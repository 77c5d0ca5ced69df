import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { toDataURL } from 'qrcode';
import speakeasy from 'speakeasy';

/** RFC 6238 parameters Kanri uses: 30-second steps, 6 digits, SHA-1 (what authenticator apps expect). */
export const TOTP_STEP_SECONDS = 30;
const DIGITS = 6;
/** Steps accepted on either side of the current one (clock drift between server and phone). */
const WINDOW = 1;
const SECRET_BYTES = 20;

/**
 * One-time passwords (SPEC §3.3), the one place that knows about speakeasy so it can be replaced.
 *
 * - Secrets come from `crypto.randomBytes` (never speakeasy's generator) and are handled as raw bytes; the base32
 *   text exists only for the user's authenticator app. Callers store them encrypted (FieldCipher).
 * - Codes are compared with `crypto.timingSafeEqual`, never `===`.
 * - `verifyTotp` returns the matched step, and accepts only steps after `lastAcceptedStep`, so a code works once.
 * - Email codes are 6 random digits from `crypto.randomInt`, stored as a SHA-256 digest bound to their challenge.
 */
@Injectable()
export class OtpService {
  newTotpSecret(): Buffer {
    return randomBytes(SECRET_BYTES);
  }

  /** The RFC 4648 base32 form an authenticator app is given. */
  base32(secret: Buffer): string {
    return base32Encode(secret);
  }

  otpauthUrl(secret: Buffer, account: string, issuer: string): string {
    return speakeasy.otpauthURL({
      secret: base32Encode(secret),
      encoding: 'base32',
      label: `${issuer}:${account}`,
      issuer,
      digits: DIGITS,
      period: TOTP_STEP_SECONDS,
    });
  }

  qrCodeDataUrl(otpauthUrl: string): Promise<string> {
    return toDataURL(otpauthUrl, { errorCorrectionLevel: 'M', margin: 2 });
  }

  stepAt(now: Date): number {
    return Math.floor(now.getTime() / 1000 / TOTP_STEP_SECONDS);
  }

  /** The code for one step (tests and the authenticator app compute the same thing). */
  totpAt(secret: Buffer, step: number): string {
    return speakeasy.totp({
      secret: secret.toString('hex'),
      encoding: 'hex',
      time: step * TOTP_STEP_SECONDS,
      step: TOTP_STEP_SECONDS,
      digits: DIGITS,
    });
  }

  /**
   * The step whose code matches, within ±1 step of `now` and strictly after `lastAcceptedStep`; null otherwise.
   * Every candidate is computed and compared, so the time taken does not depend on which one matched.
   */
  verifyTotp(secret: Buffer, code: string, now: Date, lastAcceptedStep: number | null): number | null {
    if (!/^\d{6}$/.test(code)) return null;
    const current = this.stepAt(now);
    let matched: number | null = null;
    for (let step = current - WINDOW; step <= current + WINDOW; step++) {
      const equal = constantTimeEqual(this.totpAt(secret, step), code);
      if (equal && matched === null && (lastAcceptedStep === null || step > lastAcceptedStep)) matched = step;
    }
    return matched;
  }

  /** A fresh 6-digit email code. */
  newEmailCode(): string {
    return String(randomInt(0, 10 ** DIGITS)).padStart(DIGITS, '0');
  }

  /** What is stored for an email code: bound to its challenge, so a digest cannot be reused elsewhere. */
  emailCodeDigest(challengeId: string, code: string): string {
    return createHash('sha256').update(`${challengeId}:${code}`).digest('hex');
  }

  emailCodeMatches(storedDigest: string, challengeId: string, code: string): boolean {
    if (!/^\d{6}$/.test(code)) return false;
    return constantTimeEqual(storedDigest, this.emailCodeDigest(challengeId, code));
  }
}

export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 without padding (what otpauth:// URLs carry). */
export function base32Encode(data: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of data) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32_ALPHABET[(value << (5 - bits)) & 31];
  return out;
}
