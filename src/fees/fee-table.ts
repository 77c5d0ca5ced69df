import { type FeeRow, TRANSFER_PATTERNS, type TransferPattern } from './fee-types';

/**
 * Fee tables as data (SPEC §6 "Thresholds, bands and dates are data, never constants"). A table is valid when, for
 * every transfer pattern, its bands start at 0, follow each other without gap or overlap (`to` of one band is `from`
 * of the next) and end with an open band (`to` null): then every amount from 0 up has exactly one fee.
 */

/** The problems of a table, one message each; empty when the table is valid. */
export function feeTableProblems(rows: readonly FeeRow[]): string[] {
  const problems: string[] = [];
  for (const pattern of TRANSFER_PATTERNS) {
    const bands = bandsOf(rows, pattern);
    if (!bands.length) {
      problems.push(`${pattern}: no bands (every pattern needs bands from 0 up)`);
      continue;
    }
    if (bands[0].from !== 0) problems.push(`${pattern}: the first band must start at 0`);
    for (const [i, band] of bands.entries()) {
      if (band.to !== null && band.to <= band.from) {
        problems.push(`${pattern}: the band from ${band.from} must end above its start`);
      }
      const next = bands[i + 1];
      if (!next) {
        if (band.to !== null) problems.push(`${pattern}: the last band must be open (to: null)`);
      } else if (band.to === null) {
        problems.push(`${pattern}: only the last band may be open; another starts at ${next.from}`);
      } else if (next.from !== band.to) {
        problems.push(
          // Stryker disable next-line EqualityOperator: next.from !== band.to here, so > and >= agree
          next.from > band.to
            ? `${pattern}: gap between ${band.to} and ${next.from}`
            : `${pattern}: bands overlap from ${next.from}`,
        );
      }
    }
  }
  return problems;
}

/** The bands of one pattern in amount order. */
export function bandsOf(rows: readonly FeeRow[], pattern: TransferPattern): FeeRow[] {
  return rows.filter((r) => r.pattern === pattern).sort((a, b) => a.from - b.from || a.fee - b.fee);
}

/** The fee of the band that `amount` falls in (the table must be valid and `amount` ≥ 0). */
export function bandFee(rows: readonly FeeRow[], pattern: TransferPattern, amount: number): number {
  const band = bandsOf(rows, pattern).find((b) => amount >= b.from && (b.to === null || amount < b.to));
  if (!band) throw new RangeError(`no ${pattern} band holds ${amount}`);
  return band.fee;
}

/** Rows in a stable order (pattern as listed in TRANSFER_PATTERNS, then amount), for storing and showing. */
export function sortedRows(rows: readonly FeeRow[]): FeeRow[] {
  return TRANSFER_PATTERNS.flatMap((p) =>
    bandsOf(rows, p).map((r) => ({ from: r.from, to: r.to, pattern: r.pattern, fee: r.fee })),
  );
}
