import type { RecordState } from './personal-number-fields';

export type StateOutcome = { state: RecordState } | { field: 'number' | 'state'; message: string };

/**
 * The state of a record after a change (SPEC §8 collected / not submitted / refused), one rule for the API and the
 * import:
 * - a record holds a number exactly when it is `collected`; giving a number makes it collected;
 * - a number is only ever removed on purpose (`number: null`), never as a side effect of another state: asking for
 *   `refused` or `not_submitted` while the number stays is refused;
 * - `collected` without a number is refused;
 * - otherwise the state asked for, else the current one, else (a new record, or a number just removed)
 *   `not_submitted`.
 */
export function resolveState(input: {
  hasNumberAfter: boolean;
  requested: RecordState | undefined;
  current: RecordState | undefined;
}): StateOutcome {
  const { hasNumberAfter, requested, current } = input;
  if (hasNumberAfter) {
    if (requested === undefined || requested === 'collected') return { state: 'collected' };
    return {
      field: 'state',
      message:
        'a record that holds a number is collected; remove the number (number: null) to change its state',
    };
  }
  if (requested === 'collected') return { field: 'number', message: 'a collected record needs its number' };
  if (requested) return { state: requested };
  if (current && current !== 'collected') return { state: current };
  return { state: 'not_submitted' };
}
