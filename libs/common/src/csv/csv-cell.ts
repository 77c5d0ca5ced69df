/**
 * One CSV cell and one CSV line (RFC 4180), with formula-injection protection (SPEC §4 export, §9).
 *
 * - A string that a spreadsheet would read as a formula — it begins with `=`, `+`, `-`, `@`, tab or CR — gets a
 *   leading `'`. So that the prefix can be taken off again without guessing (a file exported by Kanri imports back
 *   unchanged, SPEC §4), a string that already begins with `'`s followed by one of those characters gets one more
 *   `'`; `unguardCsvCell` removes exactly one.
 * - Numbers, booleans and bigints are data, never formulas, and are written as they are (a negative amount stays
 *   `-5`). Dates are written as ISO 8601 UTC; callers that want a local format pass the formatted string.
 * - null and undefined are empty cells.
 * - A cell is quoted when it contains `"`, `,`, CR or LF (doubling the `"`); lines end with CRLF.
 */
const GUARDED = /^'+[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;
const QUOTES = /"/g;

export function csvCell(value: unknown): string {
  if (typeof value === 'string') return csvText(value);
  if (value === null || value === undefined) return '';
  if (
    typeof value === 'number' ||
    typeof value === 'bigint' ||
    // Stryker disable next-line ConditionalExpression: a boolean left to the text path is written the same, as "true" or "false" is never a formula nor needs quotes
    typeof value === 'boolean'
  )
    return String(value);
  if (value instanceof Date) return value.toISOString();
  return csvText(String(value));
}

function csvText(value: string): string {
  let text = value;
  // The first character decides (charCodeAt(0) of '' is NaN, no case); the regular expression is only needed for
  // text that starts with quotes.
  switch (text.charCodeAt(0)) {
    case 39: // '
      // Quotes and then a guard character (a literal here, not a module constant, so that each test run sees it).
      if (/^'*[=+\-@\t\r]/.test(text)) text = `'${text}`;
      break;
    case 61: // =
    case 43: // +
    case 45: // -
    case 64: // @
    case 9: // tab
    case 13: // CR
      text = `'${text}`;
  }
  return NEEDS_QUOTES.test(text) ? `"${text.replace(QUOTES, '""')}"` : text;
}

/** The cells joined with commas and ended with CRLF. */
export function csvLine(cells: readonly unknown[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    if (i) line += ',';
    line += csvCell(cells[i]);
  }
  return line + '\r\n';
}

/** For importers: undoes the formula guard of `csvCell` on an already unquoted cell (removes one leading `'`). */
export function unguardCsvCell(text: string): string {
  return GUARDED.test(text) ? text.slice(1) : text;
}
