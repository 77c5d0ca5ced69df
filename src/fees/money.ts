import type { ValueTransformer } from 'typeorm';

/**
 * Money in Kanri is integer yen (SPEC §0 "Money"): never floats, stored as BIGINT. Fifteen digits (account limits,
 * amounts) stay far below 2^53, so a JS number holds every value exactly.
 */

/** The largest amount of 15 digits (口座一日当たりの限度額, request amounts, fee bands). */
export const YEN_15_DIGITS = 999_999_999_999_999;

/**
 * BIGINT columns read back as numbers on both drivers: mysql2 answers numbers with `supportBigNumbers` and
 * `bigNumberStrings: false`, but a string if a value ever exceeded 2^53; better-sqlite3 answers numbers. Converting
 * explicitly keeps arithmetic on yen from ever concatenating strings.
 */
export const yenColumn: ValueTransformer = {
  from: (value: unknown) => (value === null || value === undefined ? value : Number(value)),
  to: (value: unknown) => value,
};
