import { HttpStatus } from '@nestjs/common';
import { AppError } from '@kanri/common/errors/app-error';
import { ErrorCode } from '@kanri/common/errors/error-code';
import { normalizeDnsName } from './dns-names';

/** RFC 5280 ub-common-name. */
const CN_MAX = 64;
/** C0 and C1 control characters, which have no place in a name a person reads. */
function hasControlCharacters(text: string): boolean {
  for (const character of text) {
    const code = character.charCodeAt(0);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

const nameInvalid = (message: string, details?: Record<string, unknown>) =>
  new AppError(ErrorCode.CertificateNameInvalid, HttpStatus.UNPROCESSABLE_ENTITY, message, details);

/** A subject common name as Kanri writes it: trimmed, 1–64 characters, no control characters. */
// Stryker disable next-line StringLiteral: `what` only names the field in the error message
export function validCommonName(value: string, what = 'The common name'): string {
  const cn = value.trim();
  if (!cn || cn.length > CN_MAX || hasControlCharacters(cn)) {
    // Stryker disable next-line StringLiteral: the words of a CERTIFICATE_NAME_INVALID refusal, whose code and details the tests assert
    throw nameInvalid(`${what} must be 1 to ${CN_MAX} characters without control characters`);
  }
  return cn;
}

/**
 * Server names: the given list, else the CSR's requested dNSNames, else its CN; normalized (lower-case,
 * punycode, `*.` wildcard allowed), de-duplicated. Whether a registered domain covers them is checked when the
 * certificate is issued. The CN is the first name short enough to be one.
 */
export function serverNames(
  given: string[] | undefined,
  csr: { requestedDnsNames: string[]; commonName: string | null },
): { dnsNames: string[]; commonName: string } {
  const requested =
    given ?? (csr.requestedDnsNames.length ? csr.requestedDnsNames : csr.commonName ? [csr.commonName] : []);
  // Stryker disable next-line ConditionalExpression,StringLiteral: left out, no names fail the length check below with the same code; only the message differs
  if (!requested.length) throw nameInvalid('A server certificate needs at least one host name');
  const invalid = requested.filter((n) => !normalizeDnsName(n, { wildcard: true }));
  // Stryker disable next-line StringLiteral: the words of a CERTIFICATE_NAME_INVALID refusal, whose code and details the tests assert
  if (invalid.length) throw nameInvalid('Server names must be DNS host names', { names: invalid });
  const dnsNames = [...new Set(requested.map((n) => normalizeDnsName(n, { wildcard: true })!))];
  const commonName = dnsNames.find((n) => n.length <= CN_MAX);
  // Stryker disable next-line StringLiteral: the words of a CERTIFICATE_NAME_INVALID refusal, whose code and details the tests assert
  if (!commonName) throw nameInvalid(`At least one server name must be at most ${CN_MAX} characters`);
  return { dnsNames, commonName };
}
