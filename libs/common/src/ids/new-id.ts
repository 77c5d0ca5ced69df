import { randomFillSync } from 'node:crypto';

const POOL_IDS = 256;
const pool = Buffer.alloc(16 * POOL_IDS);
let next = POOL_IDS;

/** The shape of an id (a UUID in lowercase hex, as newId writes it): what an id field of a request must match. */
export const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A UUIDv7 (RFC 9562): 48-bit millisecond time, then random bits. Time-ordered ids keep InnoDB primary-key
 * inserts sequential (no page splits on bulk import) while staying unguessable enough for URLs; tenancy checks,
 * not id secrecy, protect resources. Random bytes come from a pool refilled 256 ids at a time (as Node's own
 * randomUUID does), because one system call per id showed up on the sign-in path.
 */
export function newId(now = Date.now()): string {
  if (next === POOL_IDS) {
    randomFillSync(pool);
    next = 0;
  }
  const bytes = pool.subarray(next * 16, ++next * 16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
