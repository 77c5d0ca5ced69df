import { applyUserPatch } from './scim-user-patch';
import { ScimError } from './scim-error';
import { USER_SCHEMA as USER } from './scim-schemas';
import type { ScimUserState } from './scim-user-state';

const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const base: ScimUserState = {
  userName: 'tanaka01',
  familyName: '田中',
  givenName: '太郎',
  email: 'taro@example.jp',
  subEmail: null,
  phone: null,
  department: null,
  active: true,
};
const patch = (...Operations: Record<string, unknown>[]) =>
  applyUserPatch(base, { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations });

describe('applyUserPatch', () => {
  it('reads Entra ID\'s operations: capitalised ops, filtered paths, the string "False"', () => {
    expect(
      patch(
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'new@example.jp' },
        { op: 'Add', path: 'phoneNumbers[type eq "work"].value', value: '03-0000-0000' },
        { op: 'Replace', path: `${ENTERPRISE}:department`, value: '営業部' },
        { op: 'Replace', path: 'name.givenName', value: '次郎' },
        { op: 'Replace', path: 'active', value: 'False' },
      ),
    ).toEqual({
      ...base,
      email: 'new@example.jp',
      phone: '03-0000-0000',
      department: '営業部',
      givenName: '次郎',
      active: false,
    });
  });

  it('applies path-less value objects (Okta), with nested name and dotted keys', () => {
    expect(patch({ op: 'replace', value: { active: false, name: { familyName: '佐藤' } } })).toMatchObject({
      active: false,
      familyName: '佐藤',
    });
    expect(patch({ op: 'replace', value: { 'name.givenName': '花子', userName: 'sato0001' } })).toMatchObject(
      {
        givenName: '花子',
        userName: 'sato0001',
      },
    );
  });

  it('remove clears optional attributes and refuses required ones', () => {
    expect(patch({ op: 'remove', path: 'emails[type eq "work"].value' }).email).toBeNull();
    expect(patch({ op: 'remove', path: 'emails' }).email).toBeNull();
    expect(() => patch({ op: 'remove', path: 'userName' })).toThrow(/userName cannot be removed/);
    expect(() => patch({ op: 'remove', path: 'active' })).toThrow(/active cannot be removed/);
    expect(() => patch({ op: 'remove' })).toThrow(/remove needs a path/);
  });

  it('ignores attributes Kanri does not keep, refuses malformed requests', () => {
    expect(
      patch({ op: 'add', path: 'title', value: 'x' }, { op: 'replace', path: 'displayName', value: 'y' }),
    ).toEqual(base);
    expect(() => patch({ op: 'move', path: 'active', value: true })).toThrow(
      /must be add, replace or remove/,
    );
    expect(() => applyUserPatch(base, { Operations: [] })).toThrow(/non-empty array/);
    expect(() => patch({ op: 'replace', path: 'emails[type eq work', value: 'x' })).toThrow(
      /Unsupported path/,
    );
    expect(() => patch({ op: 'replace', path: 'active', value: 'maybe' })).toThrow(
      /active must be a boolean/,
    );
    expect(() => patch({ op: 'replace', path: 'name.familyName', value: 3 })).toThrow(/must be a string/);
  });

  it('replacing emails as a whole sets work and other by type and clears the rest', () => {
    expect(
      patch({ op: 'replace', path: 'emails', value: [{ type: 'other', value: 'sub@example.jp' }] }),
    ).toMatchObject({ email: null, subEmail: 'sub@example.jp' });
  });
});

/** The refusal a patch gets: a ScimError's status, scimType and the attribute its detail names. */
function refusal(...Operations: Record<string, unknown>[]) {
  try {
    patch(...Operations);
  } catch (e) {
    expect(e).toBeInstanceOf(ScimError);
    const err = e as ScimError;
    return { status: err.status, scimType: err.scimType, attribute: err.message.replace(/ must .*$/s, '') };
  }
  throw new Error('not refused');
}

const invalidValue = { status: 400, scimType: 'invalidValue' };

describe('applyUserPatch paths (RFC 7644 §3.5.2)', () => {
  it('reads a path with the core User schema URN in front, in any case', () => {
    expect(patch({ op: 'replace', path: `${USER}:userName`, value: 'sato01' }).userName).toBe('sato01');
    expect(patch({ op: 'replace', path: `${USER.toUpperCase()}:userName`, value: 'sato02' }).userName).toBe(
      'sato02',
    );
  });

  it('sets, clears and nulls the optional name parts, and refuses a non-string', () => {
    expect(
      patch(
        { op: 'remove', path: 'name.familyName' },
        { op: 'replace', path: 'name.givenName', value: null },
      ),
    ).toEqual({ ...base, familyName: null, givenName: null });
    expect(refusal({ op: 'add', path: 'name.givenName', value: 1 })).toEqual({
      ...invalidValue,
      attribute: 'name.givenName',
    });
    expect(refusal({ op: 'add', path: 'name.familyName', value: 1 })).toEqual({
      ...invalidValue,
      attribute: 'name.familyName',
    });
  });

  it('sets name from an object, clears it on remove, refuses anything else', () => {
    expect(patch({ op: 'replace', path: 'name', value: { givenName: '花子', formatted: 'x' } })).toEqual({
      ...base,
      givenName: '花子',
    });
    expect(patch({ op: 'remove', path: 'Name' })).toEqual({ ...base, familyName: null, givenName: null });
    expect(refusal({ op: 'replace', path: 'name', value: '佐藤 花子' })).toMatchObject(invalidValue);
    expect(refusal({ op: 'replace', path: 'name', value: ['佐藤'] })).toMatchObject(invalidValue);
  });

  it('names the attribute of a value that is not a string', () => {
    expect(refusal({ op: 'replace', path: 'userName', value: 1 })).toEqual({
      ...invalidValue,
      attribute: 'userName',
    });
    expect(refusal({ op: 'replace', path: 'password', value: 1 })).toEqual({
      ...invalidValue,
      attribute: 'password',
    });
    expect(refusal({ op: 'replace', path: `${ENTERPRISE}:department`, value: 1 })).toEqual({
      ...invalidValue,
      attribute: 'department',
    });
  });

  it('sets a password on add or replace; a remove leaves it', () => {
    expect(patch({ op: 'add', path: 'password', value: 'S3cret!pass' })).toEqual({
      ...base,
      password: 'S3cret!pass',
    });
    expect(patch({ op: 'remove', path: 'Password' })).toEqual(base);
  });

  it('keeps department only of the enterprise extension, clears it on remove', () => {
    expect(patch({ op: 'replace', path: `${ENTERPRISE}:employeeNumber`, value: 'E1' })).toEqual(base);
    expect(
      applyUserPatch(
        { ...base, department: '営業部' },
        { Operations: [{ op: 'remove', path: `${ENTERPRISE}:department` }] },
      ),
    ).toEqual(base);
  });
});

describe('applyUserPatch path-less values', () => {
  it('reads the enterprise extension object, its URN in any case', () => {
    expect(
      patch({ op: 'replace', value: { [ENTERPRISE]: { department: '総務部', manager: { value: 'm' } } } }),
    ).toEqual({
      ...base,
      department: '総務部',
    });
    expect(
      patch({ op: 'add', value: { [ENTERPRISE.toLowerCase()]: { Department: '人事部' } } }).department,
    ).toBe('人事部');
    expect(refusal({ op: 'replace', value: { [ENTERPRISE]: 'x' } })).toMatchObject(invalidValue);
  });

  it('needs an object value', () => {
    for (const value of [
      null,
      'active',
      Object.assign([], { active: false }),
      Object.assign(() => undefined, { active: false }),
    ]) {
      expect(refusal({ op: 'replace', value })).toMatchObject(invalidValue);
    }
  });
});

describe('applyUserPatch emails and phoneNumbers as a whole', () => {
  it('add sets entries by type (untyped is work) and keeps the others', () => {
    expect(
      patch({
        op: 'add',
        path: 'emails',
        value: [{ type: 'Other', value: 's@example.jp' }, 'x', { type: 'home', value: 'h' }],
      }),
    ).toEqual({ ...base, subEmail: 's@example.jp' });
    expect(patch({ op: 'add', path: 'emails', value: { value: 'w@example.jp' } })).toEqual({
      ...base,
      email: 'w@example.jp',
    });
  });

  it('an entry with a null or no value clears its field; a non-string value is refused', () => {
    expect(patch({ op: 'add', path: 'emails', value: [{ type: 'work', value: null }] })).toEqual({
      ...base,
      email: null,
    });
    expect(patch({ op: 'add', path: 'emails', value: [{ type: 'work' }] })).toEqual({ ...base, email: null });
    expect(refusal({ op: 'add', path: 'emails', value: [{ value: 1 }] })).toEqual({
      ...invalidValue,
      attribute: 'emails.value',
    });
    expect(refusal({ op: 'add', path: 'phoneNumbers', value: [{ value: 1 }] })).toEqual({
      ...invalidValue,
      attribute: 'phoneNumbers.value',
    });
  });

  it('replaces and removes phoneNumbers (work only)', () => {
    const withPhone = { ...base, phone: '03-1111-1111' };
    const apply = (...Operations: Record<string, unknown>[]) => applyUserPatch(withPhone, { Operations });
    expect(
      apply({ op: 'replace', path: 'PhoneNumbers', value: [{ type: 'work', value: '03-2222-2222' }] }),
    ).toEqual({
      ...base,
      phone: '03-2222-2222',
    });
    expect(apply({ op: 'replace', path: 'phoneNumbers', value: [{ type: 'other', value: '090' }] })).toEqual(
      base,
    );
    expect(apply({ op: 'remove', path: 'phoneNumbers' })).toEqual(base);
  });
});

describe('applyUserPatch filtered paths', () => {
  it('sets other and work entries, the primary one as work', () => {
    expect(
      patch(
        { op: 'add', path: 'emails[type eq "other"].value', value: 's@example.jp' },
        { op: 'replace', path: 'emails[primary eq true].value', value: 'p@example.jp' },
      ),
    ).toEqual({ ...base, subEmail: 's@example.jp', email: 'p@example.jp' });
  });

  it('ignores other filters, types, sub-attributes and attributes', () => {
    expect(
      patch(
        { op: 'replace', path: 'emails[primary eq false].value', value: 'a' },
        { op: 'replace', path: 'emails[display eq "true"].value', value: 'b' },
        { op: 'replace', path: 'emails[type eq "home"].value', value: 'c' },
        { op: 'replace', path: 'emails[type eq "work"].display', value: 'd' },
        { op: 'replace', path: 'addresses[type eq "work"].value', value: 'e' },
      ),
    ).toEqual(base);
  });

  it('reads the value of an entry object when the path has no sub-attribute', () => {
    expect(
      patch({ op: 'replace', path: 'emails[type eq "work"]', value: { value: 'o@example.jp' } }).email,
    ).toBe('o@example.jp');
    expect(
      refusal({ op: 'replace', path: 'emails[type eq "work"].value', value: { value: 'o@example.jp' } }),
    ).toEqual({
      ...invalidValue,
      attribute: 'emails[type eq "work"].value',
    });
  });

  it('clears on remove (whatever value comes along), on a null and on a missing value', () => {
    expect(patch({ op: 'remove', path: 'emails[type eq "work"].value', value: 'x@example.jp' })).toEqual({
      ...base,
      email: null,
    });
    expect(patch({ op: 'replace', path: 'emails[type eq "work"].value', value: null })).toEqual({
      ...base,
      email: null,
    });
    expect(patch({ op: 'replace', path: 'emails[type eq "work"].value' })).toEqual({ ...base, email: null });
  });
});
