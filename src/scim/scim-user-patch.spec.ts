import { applyUserPatch } from './scim-user-patch';
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
