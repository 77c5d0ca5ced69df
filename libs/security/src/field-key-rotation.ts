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

/** What a rotation needs of the audit trail: AuditRecorder.runAsSystem. */
export interface SystemAudit {
  runAsSystem<T>(
    job: { name: string; screen: string; operation: 'update'; details?: unknown },
    work: () => Promise<T>,
  ): Promise<T>;
}

/** One module's rotation: its rows, and how its runs are named in job_runs, the audit trail and the log. */
export interface FieldKeyRotationPlan<Row extends { id: string }> extends SealedRows<Row> {
  /** The job's name (job_runs, and the audit row's job). */
  name: string;
  /** 画面名 of the system row in the operation history. */
  screen: string;
  /** What is sealed, for the log ("TOTP secrets"). */
  what: string;
  /** Id of the key everything is sealed under now. */
  sealedWith: string;
  /** Rows still sealed under another key. */
  pendingCount(): Promise<number>;
}

/**
 * A rotation run: nothing to do is silent; otherwise every pending row is sealed again (resealAll) inside one system
 * row of the operation history, whose details name the current key and how many rows were pending. (`key…` names
 * are masked in audit details; a key id is no secret, so it goes as `sealedWith`.) Answers the rows rewritten.
 */
export async function rotateFieldKey<Row extends { id: string }>(
  plan: FieldKeyRotationPlan<Row>,
  audit: SystemAudit,
  logger: { log(message: string): void; warn(message: string): void },
): Promise<number> {
  const pending = await plan.pendingCount();
  if (!pending) return 0;
  return audit.runAsSystem(
    {
      name: plan.name,
      screen: plan.screen,
      operation: 'update',
      details: { sealedWith: plan.sealedWith, pending },
    },
    async () => {
      const { done, unreadable } = await resealAll(plan);
      logger.log(`re-encrypted ${done} ${plan.what} under key ${plan.sealedWith}`);
      if (unreadable)
        logger.warn(
          `${unreadable} ${plan.what} cannot be opened with the configured keys and stay as they are`,
        );
      return done;
    },
  );
}
