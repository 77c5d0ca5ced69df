import type { EffectiveOrganizationSettings } from '../../organizations/organization-settings';

export interface LockoutPolicy {
  /** Failed attempts in a row that lock the account (SPEC §3.2: default 3, 1–100). */
  threshold: number;
  /** Null = until an administrator unlocks; otherwise the length of a temporary lockout. */
  minutes: number | null;
}

export function lockoutPolicy(settings: EffectiveOrganizationSettings): LockoutPolicy {
  return {
    threshold: settings.lockoutThreshold,
    minutes: settings.lockoutMode === 'temporary' ? settings.lockoutMinutes : null,
  };
}

/**
 * An attempt is counted before its password is evaluated and settled after. A count at the threshold whose last
 * attempt is older than this cannot belong to an attempt still in flight (an argon2 verification takes
 * milliseconds): it was left by a request that died between the two steps, or by a threshold lowered since. The
 * next attempt then gets evaluated instead of being refused forever without the account showing as locked.
 */
export const IN_FLIGHT_ATTEMPT_MS = 60_000;

/**
 * How long an attempt waits for a free slot while the account is not locked but every slot is held by an attempt in
 * flight (LoginAttempts.reserve). Evaluations take milliseconds; this covers a queue of parallel requests by one user
 * on a loaded machine, after which the attempt is answered as locked.
 */
export const IN_FLIGHT_WAIT_MS = 5_000;
