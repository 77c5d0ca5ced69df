/**
 * Business dates (SPEC §0): calendar days in APP_TIMEZONE, as `YYYY-MM-DD` strings, which compare correctly as
 * strings. Daily limits, usage stop dates and expiry notices all count days this way.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  // Stryker disable next-line ConditionalExpression: only the cache; a new formatter answers the same
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f;
}

export function businessDate(instant: Date, timeZone: string): string {
  return formatter(timeZone).format(instant);
}

/** Adds whole days to a `YYYY-MM-DD` date (calendar arithmetic, no time zone involved). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function isValidDateString(date: string): boolean {
  // Stryker disable next-line ConditionalExpression,Regex: a fast refusal; the round trip below refuses the same strings
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const d = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === date;
}
