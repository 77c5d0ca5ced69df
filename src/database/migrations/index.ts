import { Foundation1763800000000 } from './1763800000000-foundation';

/**
 * Every migration, in order, for both drivers. Append new ones at the end (one file per change, named
 * `<timestamp>-<what>.ts`); never edit one that has landed.
 */
export const MIGRATIONS = [Foundation1763800000000];
