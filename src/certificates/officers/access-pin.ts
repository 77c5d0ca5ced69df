import { createHash, randomBytes, randomInt } from 'node:crypto';

/** Letters and digits a person can read off a FAX or a phone call without confusing them (no 0/O, 1/I/L). */
const PIN_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const PIN_LENGTH = 10;

/** アクセスPIN: 10 characters (≈ 49 bits); with 5 attempts per link, guessing is hopeless. */
export function newAccessPin(): string {
  let pin = '';
  for (let i = 0; i < PIN_LENGTH; i++) pin += PIN_ALPHABET[randomInt(PIN_ALPHABET.length)];
  return pin;
}

/** Accepts what a person types: case, spaces and hyphens do not matter. */
export function normalizeAccessPin(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase();
}

/** The secret part of an enrolment link (証明書取得URL): 256 random bits. */
export function newEnrolmentToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Links are looked up by the SHA-256 of their token; the token itself is never stored. */
export function hashEnrolmentToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
