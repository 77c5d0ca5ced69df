import { scimBoolean } from './scim-boolean';

describe('scimBoolean', () => {
  it('reads JSON booleans and Entra ID string booleans in any case', () => {
    expect(scimBoolean(true, 'active')).toBe(true);
    expect(scimBoolean(false, 'active')).toBe(false);
    expect(scimBoolean('False', 'active')).toBe(false);
    expect(scimBoolean('True', 'active')).toBe(true);
    expect(scimBoolean(' false ', 'active')).toBe(false);
  });

  it('refuses anything else with invalidValue', () => {
    for (const value of ['no', 0, 1, null, undefined, {}]) {
      expect(() => scimBoolean(value, 'active')).toThrow(/active must be a boolean/);
    }
  });
});
