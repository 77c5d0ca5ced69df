/** Kanri's business time zone (APP_TIMEZONE on the server); the console shows every instant in it. */
export const APP_TIMEZONE = 'Asia/Tokyo';

const dateTime = new Intl.DateTimeFormat('ja-JP', {
  timeZone: APP_TIMEZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hour12: false,
});

/** An ISO instant as 2026/12/05 21:53:19 in APP_TIMEZONE; '' for none. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

/** Today's date (YYYY-MM-DD) in APP_TIMEZONE. */
export function todayInAppZone(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: APP_TIMEZONE }).format(now);
}
