/**
 * One holder of data sealed with FieldCipher (TOTP secrets, CA private keys, individual numbers), as a key rotation
 * sees it. Each module implements it over its own table; `resealAll` runs it.
 */
export interface SealedRows<Row extends { id: string }> {
  /** Up to `limit` rows with something sealed under a key other than the current one, after `afterId` in id order. */
  pendingAfter(afterId: string, limit: number): Promise<Row[]>;
  /**
   * Seals one chunk again under the current key, in one transaction, compare-and-set on each old ciphertext (a row
   * changed meanwhile was sealed under the current key anyway, and is left alone). Answers how many rows it rewrote
   * and how many ciphertexts no key of the ring opens (left as they are).
   */
  reseal(rows: Row[]): Promise<{ done: number; unreadable: number }>;
}

/** Rows per transaction: short transactions, so a rotation never holds many row locks for long. */
export const RESEAL_CHUNK = 200;

/**
 * Re-encrypts everything a holder has pending under the current key, a chunk at a time. Idempotent and resumable:
 * each chunk is read anew from what is still pending, so a run that stops half-way (a crash, a deploy) is finished by
 * the next one, and a second run finds nothing.
 */
export async function resealAll<Row extends { id: string }>(
  rows: SealedRows<Row>,
): Promise<{ done: number; unreadable: number }> {
  const totals = { done: 0, unreadable: 0 };
  let after = '';
  for (;;) {
    const chunk = await rows.pendingAfter(after, RESEAL_CHUNK);
    if (!chunk.length) return totals;
    const result = await rows.reseal(chunk);
    totals.done += result.done;
    totals.unreadable += result.unreadable;
    after = chunk[chunk.length - 1].id;
  }
}
