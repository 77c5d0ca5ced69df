import { equalityFilter, scimPage } from './scim-filter';
import { ScimError } from './scim-error';

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

describe('equalityFilter, RFC 7644 §3.4.2.2 as Kanri reads it', () => {
  const refused = (filter: unknown, supported = ['username']) => {
    try {
      equalityFilter(filter, supported);
    } catch (e) {
      expect(e).toBeInstanceOf(ScimError);
      return { status: (e as ScimError).status, scimType: (e as ScimError).scimType };
    }
    throw new Error('not refused');
  };
  const invalidFilter = { status: 400, scimType: 'invalidFilter' };

  it('reads no filter (absent, null or empty) as no filter', () => {
    expect(equalityFilter(null, ['username'])).toBeNull();
    expect(equalityFilter('', ['username'])).toBeNull();
  });

  it('refuses a filter that is not a string, even one that prints as a valid filter', () => {
    expect(refused(['userName eq "x"'])).toEqual(invalidFilter);
    expect(refused(42)).toEqual(invalidFilter);
  });

  it('accepts any run of whitespace around eq and after the value', () => {
    expect(equalityFilter('userName  eq \t"x"  ', ['username'])).toEqual({
      attribute: 'username',
      value: 'x',
    });
    expect(equalityFilter('  userName eq  "x"', ['username'])).toEqual({ attribute: 'username', value: 'x' });
  });

  it('drops the core schema URN in front of the attribute, and only in front', () => {
    expect(
      equalityFilter('urn:ietf:params:scim:schemas:core:2.0:User:userName eq "x"', ['username']),
    ).toEqual({
      attribute: 'username',
      value: 'x',
    });
    expect(
      equalityFilter('urn:ietf:params:scim:schemas:core:2.0:Group:displayName eq "g"', ['displayname']),
    ).toEqual({ attribute: 'displayname', value: 'g' });
    expect(
      refused('emails.urn:ietf:params:scim:schemas:core:2.0:user:value eq "x"', ['emails.value']),
    ).toEqual(invalidFilter);
  });

  it('refuses an unreadable expression and an unsupported attribute with 400 invalidFilter', () => {
    expect(refused('userName eq x')).toEqual(invalidFilter);
    expect(refused('externalId eq "x"')).toEqual(invalidFilter);
  });
});

describe('scimPage, RFC 7644 §3.4.2.4', () => {
  const refusal = (startIndex: unknown, count: unknown) => {
    try {
      scimPage(startIndex, count);
    } catch (e) {
      expect(e).toBeInstanceOf(ScimError);
      const err = e as ScimError;
      return { status: err.status, scimType: err.scimType, detail: err.message };
    }
    throw new Error('not refused');
  };

  it('reads null and empty parameters as absent', () => {
    expect(scimPage(null, null)).toEqual({ startIndex: 1, count: 100 });
    expect(scimPage('', '')).toEqual({ startIndex: 1, count: 100 });
  });

  it('reads query strings with surrounding spaces', () => {
    expect(scimPage(' 2 ', ' 10 ')).toEqual({ startIndex: 2, count: 10 });
    expect(scimPage('-3', '7')).toEqual({ startIndex: 1, count: 7 });
  });

  it('refuses non-strings and numbers beyond nine digits with invalidValue naming the parameter', () => {
    expect(refusal(5, '1')).toMatchObject({
      status: 400,
      scimType: 'invalidValue',
      detail: expect.stringMatching(/^startIndex/),
    });
    expect(refusal('1', 5)).toMatchObject({
      status: 400,
      scimType: 'invalidValue',
      detail: expect.stringMatching(/^count/),
    });
    expect(refusal('1234567890', '1')).toMatchObject({ scimType: 'invalidValue' });
    expect(refusal('1', '1234567890')).toMatchObject({ scimType: 'invalidValue' });
    expect(refusal('1', '1x')).toMatchObject({ scimType: 'invalidValue' });
  });
});
