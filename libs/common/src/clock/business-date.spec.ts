import { addDays, businessDate, isValidDateString } from './business-date';

describe('business dates (SPEC §0 "Time")', () => {
  it('counts days in APP_TIMEZONE, not UTC', () => {
    expect(businessDate(new Date('2026-11-22T14:59:59.999Z'), 'Asia/Tokyo')).toBe('2026-11-22');
    expect(businessDate(new Date('2026-11-22T15:00:00.000Z'), 'Asia/Tokyo')).toBe('2026-11-23');
    expect(businessDate(new Date('2026-11-22T15:00:00.000Z'), 'UTC')).toBe('2026-11-22');
    // Asked again (the formatter is kept per zone), and for a zone behind UTC.
    expect(businessDate(new Date('2026-11-22T15:00:00.000Z'), 'Asia/Tokyo')).toBe('2026-11-23');
    expect(businessDate(new Date('2026-01-01T04:00:00.000Z'), 'America/New_York')).toBe('2025-12-31');
  });

  it('adds days across month and leap-year ends', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('accepts only real calendar dates', () => {
    expect(isValidDateString('2026-02-28')).toBe(true);
    expect(isValidDateString('2026-02-29')).toBe(false);
    expect(isValidDateString('2026-2-28')).toBe(false);
    expect(isValidDateString('tomorrow')).toBe(false);
    expect(isValidDateString('2028-02-29')).toBe(true);
    expect(isValidDateString('2026-13-01')).toBe(false);
    expect(isValidDateString('2026-00-10')).toBe(false);
    expect(isValidDateString('2026-04-31')).toBe(false);
    expect(isValidDateString('2026-02-28T00:00:00Z')).toBe(false);
    expect(isValidDateString(' 2026-02-28')).toBe(false);
    expect(isValidDateString('02026-02-28')).toBe(false);
  });
});
