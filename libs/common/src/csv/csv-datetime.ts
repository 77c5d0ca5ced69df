/**
 * Instants written as local time of a zone (APP_TIMEZONE) for CSV cells and file names, fast enough for a million
 * rows: the zone's UTC offset is looked up through Intl once per quarter hour of UTC time (every zone's offset is a
 * multiple of 15 minutes and changes only on such boundaries) and the fields are then computed arithmetically.
 */
// Stryker disable next-line ArithmeticOperator: the bucket size of the cache; any size gives the same offsets
const QUARTER_HOUR_MS = 15 * 60_000;
const MAX_CACHED = 4096;

export class ZonedDateTimeFormat {
  private readonly parts: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>();

  constructor(readonly timeZone: string) {
    this.parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  }

  /** The zone's offset from UTC at `instant`, in milliseconds (Asia/Tokyo: +9 h). */
  offsetMs(instant: number): number {
    const bucket = Math.floor(instant / QUARTER_HOUR_MS);
    let offset = this.offsets.get(bucket);
    // Stryker disable next-line ConditionalExpression: only the cache; a fresh lookup answers the same
    if (offset === undefined) {
      const at = bucket * QUARTER_HOUR_MS;
      const p: Record<string, number> = {};
      for (const part of this.parts.formatToParts(at)) p[part.type] = Number(part.value);
      offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - at;
      // Stryker disable next-line ConditionalExpression,EqualityOperator: bounds the cache's memory, not its answers
      if (this.offsets.size >= MAX_CACHED) this.offsets.clear();
      this.offsets.set(bucket, offset);
    }
    return offset;
  }

  /** `YYYY/MM/DD HH:mm:ss`, the way Japanese spreadsheets show a date and time. */
  format(instant: Date): string {
    const d = new Date(instant.getTime() + this.offsetMs(instant.getTime()));
    return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(
      d.getUTCMinutes(),
    )}:${pad(d.getUTCSeconds())}`;
  }

  /** `YYYYMMDDHHmmss`, for file names such as `operation_history_login_20261122103000.csv`. */
  compact(instant: Date): string {
    const d = new Date(instant.getTime() + this.offsetMs(instant.getTime()));
    return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(
      d.getUTCMinutes(),
    )}${pad(d.getUTCSeconds())}`;
  }

  /** The instant at which the calendar day `YYYY-MM-DD` begins in the zone. */
  startOfDay(date: string): Date {
    const [y, m, d] = date.split('-').map(Number);
    const localMidnightAsUtc = Date.UTC(y, m - 1, d);
    // Two passes settle the offset on either side of a transition (a day starting just after a DST change).
    let instant = localMidnightAsUtc - this.offsetMs(localMidnightAsUtc);
    instant = localMidnightAsUtc - this.offsetMs(instant);
    return new Date(instant);
  }
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
