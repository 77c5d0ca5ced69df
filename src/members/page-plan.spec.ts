import { pagePlan } from './page-plan';

describe('pagePlan: walk the sort index or sort the matches', () => {
  it('walks when most members match: the page is met after a few hundred members', () => {
    // Status 有効 with one attribute: 5,517 of 100,001 members match; a walk reads ~450 of them for the first page.
    expect(pagePlan(1, 25, 100_001, 5_517)).toBe('walk');
  });

  it('sorts when few members match: a walk would read most of the organization to fill the page', () => {
    // 69 disabled members of one department.
    expect(pagePlan(1, 25, 100_001, 69)).toBe('sort');
  });

  it('sorts for a deep page that a walk would reach only after reading more members than match', () => {
    // 2,000 matches of 100,000: the first page walks (1,250 members read), the fortieth would read 50,000.
    expect(pagePlan(1, 25, 100_000, 2_000)).toBe('walk');
    expect(pagePlan(40, 25, 100_000, 2_000)).toBe('sort');
  });

  it('sorts at the balance, where both read as many members', () => {
    // page × perPage × members = matches²: 1 × 25 × 100 = 50².
    expect(pagePlan(1, 25, 100, 50)).toBe('sort');
    expect(pagePlan(1, 25, 100, 51)).toBe('walk');
    expect(pagePlan(1, 25, 101, 50)).toBe('sort');
    expect(pagePlan(2, 25, 100, 51)).toBe('sort');
    expect(pagePlan(1, 27, 100, 51)).toBe('sort');
  });

  it('weighs the walk against every member the sort reads: with an attribute filter, all who have the attributes', () => {
    // 472 matches of two attributes (11,372 members have either) in two departments: a walk reads ~5,300 members,
    // a sort the 11,372 attribute holders.
    expect(pagePlan(1, 25, 100_001, 472, 11_372)).toBe('walk');
    expect(pagePlan(1, 25, 100_001, 472)).toBe('sort');
    // 108 matches of one attribute in one department: the walk would read ~23,000.
    expect(pagePlan(1, 25, 100_001, 108, 5_686)).toBe('sort');
    // The balance: 1 × 25 × 100 = 10 × 250.
    expect(pagePlan(1, 25, 100, 10, 250)).toBe('sort');
    expect(pagePlan(1, 25, 100, 10, 251)).toBe('walk');
  });
});
