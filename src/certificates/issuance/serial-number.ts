import { randomBytes } from 'node:crypto';

/**
 * A random 128-bit certificate serial (CA/B Forum asks for at least 64 bits of CSPRNG output) as 32 upper-case
 * hex digits, the form Node's `X509Certificate.serialNumber` prints. The first octet is never zero so that every
 * serial has the same length; the DER stays positive because @peculiar/x509 adds the 0x00 octet when the top bit
 * is set (17 octets at most, within RFC 5280's 20).
 */
export function randomSerialNumber(): string {
  for (;;) {
    const bytes = randomBytes(16);
    if (bytes[0] !== 0) return bytes.toString('hex').toUpperCase();
  }
}

/**
 * The canonical form of a serial from any source (OpenSSL's colon-separated, lower case, a leading sign octet):
 * upper-case, whole octets, no leading zero octets.
 */
export function canonicalSerial(serial: string): string {
  const hex = serial.replace(/:/g, '').toUpperCase().replace(/^0+/, '');
  return hex.length % 2 ? `0${hex}` : hex || '00';
}
