import { Injectable } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { Semaphore } from '@kanri/common/concurrency/semaphore';

/** `Algorithm.Argon2id` (an ambient const enum, which isolated modules cannot inline). */
const ARGON2ID = 2 as Algorithm.Argon2id;

/** argon2id with the OWASP minimum (m=19 MiB, t=2, p=1), SPEC §3.1. The parameters live in the hash itself. */
export const ARGON2_OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

/**
 * Hashes run at most one per core. More would not finish sooner (each keeps a core busy), but each extra one is
 * another CPU-bound thread that the event loop has to share the cores with: with libuv's four threads on a
 * two-core machine the HTTP thread got two fifths of a core and became the bottleneck of sign-in. The bound also
 * caps hashing memory (19 MiB each) under a flood of sign-in attempts.
 */
export const HASHING_SLOTS = Math.max(1, availableParallelism());
const hashingSlots = new Semaphore(HASHING_SLOTS);

@Injectable()
export class PasswordHasher {
  private dummyHash: Promise<string> | undefined;

  hash(password: string): Promise<string> {
    return hashingSlots.run(() => hash(password, ARGON2_OPTIONS));
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await hashingSlots.run(() => verify(passwordHash, password));
    } catch {
      return false;
    }
  }

  /**
   * Spends the same time as a real verification and always fails: used when the login ID does not exist, so
   * that timing does not reveal which IDs are registered (SPEC §3.2 step 1).
   */
  async verifyAgainstNothing(password: string): Promise<false> {
    this.dummyHash ??= this.hash('kanri-timing-equalizer');
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
