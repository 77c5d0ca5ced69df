/**
 * Retention of retirees' numbers (manual: 退職者のマイナンバー情報(社員・家族)削除機能). Numbers may be kept only as
 * long as the tax and social-insurance records that carry them must be kept, and must then be deleted without
 * delay (マイナンバー法 第20条, PPC guideline). The longest common case is 7 years (e.g. 扶養控除等申告書 under
 * 所得税法施行規則 第76条の3), so PERSONAL_NUMBER_RETENTION_YEARS defaults to 7; an employer with other duties
 * sets its own.
 *
 * A retiree's records are deleted once `retiredOn + years < today` (APP_TIMEZONE): on the first day after the
 * anniversary. `today − years` gives the same comparison as a cutoff (`retiredOn < cutoff`) that the database can
 * use with an index; when `today` is 29 February and the target year has none, the cutoff is 1 March, so that a
 * retirement on 28 February of that year is due, exactly as `retiredOn + years < today` says.
 */
export function retentionCutoff(today: string, years: number): string {
  const [y, m, d] = today.split('-').map(Number);
  const year = y - years;
  if (m === 2 && d === 29 && !isLeapYear(year)) return `${String(year).padStart(4, '0')}-03-01`;
  return `${String(year).padStart(4, '0')}-${pad(m)}-${pad(d)}`;
}

/** Whether a retirement on `retiredOn` is past its retention on `today`. */
export function isRetentionOver(retiredOn: string, today: string, years: number): boolean {
  return retiredOn < retentionCutoff(today, years);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
