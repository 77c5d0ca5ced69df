import { equalityFilter, scimPage } from './scim-filter';

describe('equalityFilter', () => {
  it('reads userName eq "x" in any case of the operator, with escaped quotes', () => {
    expect(equalityFilter('userName eq "tanaka01"', ['username'])).toEqual({
      attribute: 'username',
      value: 'tanaka01',
    });
    expect(equalityFilter('USERNAME EQ "a\\"b"', ['username'])).toEqual({
      attribute: 'username',
      value: 'a"b',
    });
    expect(equalityFilter(undefined, ['username'])).toBeNull();
  });

  it('refuses other attributes and operators with invalidFilter', () => {
    expect(() => equalityFilter('externalId eq "x"', ['username'])).toThrow(/Unsupported filter/);
    expect(() => equalityFilter('userName co "x"', ['username'])).toThrow(/Unsupported filter/);
    expect(() => equalityFilter('userName eq "x" or userName eq "y"', ['username'])).toThrow(/Unsupported/);
  });
});

describe('scimPage', () => {
  it('defaults, clamps and refuses non-integers', () => {
    expect(scimPage(undefined, undefined)).toEqual({ startIndex: 1, count: 100 });
    expect(scimPage('0', '-5')).toEqual({ startIndex: 1, count: 0 });
    expect(scimPage('3', '100000')).toEqual({ startIndex: 3, count: 500 });
    expect(() => scimPage('x', '1')).toThrow(/startIndex must be an integer/);
  });
});
