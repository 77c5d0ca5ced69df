import { daysBetween, dueThreshold } from './expiry-notices.service';

describe('expiry notice thresholds (30, 14 and 7 days, once each)', () => {
  it('picks the smallest threshold not below the days left', () => {
    expect(dueThreshold(31)).toBeNull();
    expect(dueThreshold(30)).toBe(30);
    expect(dueThreshold(15)).toBe(30);
    expect(dueThreshold(14)).toBe(14);
    expect(dueThreshold(10)).toBe(14);
    expect(dueThreshold(7)).toBe(7);
    expect(dueThreshold(0)).toBe(7);
  });

  it('counts calendar days between business dates', () => {
    expect(daysBetween('2026-11-22', '2026-12-22')).toBe(30);
    expect(daysBetween('2027-02-27', '2027-03-01')).toBe(2);
  });
});
