import { randomInt } from 'node:crypto';

/**
 * 組織コード (SPEC §2): 12 characters from 31 that cannot be mistaken for one another when read aloud or copied
 * from paper (no 0/O, 1/I/L). 31^12 ≈ 7.9 × 10^17 codes (≈ 59 bits) drawn with `crypto.randomInt`, so a code
 * cannot be found by enumeration; uniqueness is kept by the database's unique index and a retry.
 */
export const ORGANIZATION_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const ORGANIZATION_CODE_LENGTH = 12;

export function generateOrganizationCode(): string {
  let code = '';
  for (let i = 0; i < ORGANIZATION_CODE_LENGTH; i++) {
    code += ORGANIZATION_CODE_ALPHABET[randomInt(ORGANIZATION_CODE_ALPHABET.length)];
  }
  return code;
}

/**
 * What a person typed, in the form codes are stored: surrounding spaces, hyphens and lower case are forgiven
 * (people copy codes out of mail and paper), anything else is kept so that it simply does not match.
 */
export function normalizeOrganizationCode(typed: string): string {
  // Stryker disable next-line MethodExpression: trim removes only what [\s] removes anyway; kept for the reader
  return typed.trim().replace(/[\s-]/g, '').toUpperCase();
}
