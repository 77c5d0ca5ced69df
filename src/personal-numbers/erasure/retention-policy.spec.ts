import { isRetentionOver, retentionCutoff } from './retention-policy';

/** retiredOn + years, with 29 February becoming 28 February in a common year (the anniversary rule). */
function anniversary(retiredOn: string, years: number): string {
  const [y, m, d] = retiredOn.split('-').map(Number);
  const year = y + years;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const day = m === 2 && d === 29 && !leap ? 28 : d;
  return `${year}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

describe('retention of retirees’ numbers', () => {
  it('keeps the records through the anniversary and deletes them the day after', () => {
    expect(isRetentionOver('2019-03-31', '2026-03-31', 7)).toBe(false);
    expect(isRetentionOver('2019-03-31', '2026-04-01', 7)).toBe(true);
  });

  it('handles 29 February on either side', () => {
    expect(retentionCutoff('2031-03-01', 7)).toBe('2024-03-01');
    expect(isRetentionOver('2024-02-29', '2031-02-28', 7)).toBe(false);
    expect(isRetentionOver('2024-02-29', '2031-03-01', 7)).toBe(true);
    expect(retentionCutoff('2032-02-29', 7)).toBe('2025-03-01');
    expect(isRetentionOver('2025-02-28', '2032-02-29', 7)).toBe(true);
    expect(isRetentionOver('2025-03-01', '2032-02-29', 7)).toBe(false);
  });

  it('with 0 years, deletes from the day after the retirement date', () => {
    expect(isRetentionOver('2026-03-31', '2026-03-31', 0)).toBe(false);
    expect(isRetentionOver('2026-03-31', '2026-04-01', 0)).toBe(true);
  });

  it('agrees with "retiredOn + years < today" day by day over leap years', () => {
    const days: string[] = [];
    for (let t = Date.UTC(2023, 0, 1); t <= Date.UTC(2033, 11, 31); t += 86_400_000)
      days.push(new Date(t).toISOString().slice(0, 10));
    const retirements = days.filter(
      (d) =>
        d < '2026-12-31' &&
        (d.endsWith('-02-28') || d.endsWith('-02-29') || d.endsWith('-03-01') || d.endsWith('-12-31')),
    );
    const disagreements: unknown[] = [];
    for (const years of [1, 5, 7])
      for (const retiredOn of retirements)
        for (const today of days)
          if (isRetentionOver(retiredOn, today, years) !== anniversary(retiredOn, years) < today)
            disagreements.push({ retiredOn, today, years });
    expect(disagreements).toEqual([]);
  });

  it('knows the leap years of the Gregorian calendar, centuries included', () => {
    expect(retentionCutoff('2032-02-29', 4)).toBe('2028-02-29');
    expect(retentionCutoff('2004-02-29', 4)).toBe('2000-02-29');
    expect(retentionCutoff('2104-02-29', 4)).toBe('2100-03-01');
    expect(retentionCutoff('2028-02-29', 1)).toBe('2027-03-01');
  });

  it('writes two-digit months and days and four-digit years', () => {
    expect(retentionCutoff('2026-10-10', 7)).toBe('2019-10-10');
    expect(retentionCutoff('2026-09-09', 7)).toBe('2019-09-09');
    expect(retentionCutoff('2026-12-31', 7)).toBe('2019-12-31');
    expect(retentionCutoff('1005-01-01', 10)).toBe('0995-01-01');
    expect(retentionCutoff('1004-02-29', 5)).toBe('0999-03-01');
  });
});
