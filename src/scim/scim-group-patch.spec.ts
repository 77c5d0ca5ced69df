import { groupPatch } from './scim-group-patch';
import { ScimError, type ScimType } from './scim-error';

const ops = (...Operations: Record<string, unknown>[]) =>
  groupPatch({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations });

describe('groupPatch', () => {
  it('reads member adds and removes in the forms Entra ID and Okta send', () => {
    expect(
      ops(
        { op: 'Add', path: 'members', value: [{ $ref: null, value: 'u1' }, { value: 'u2' }] },
        { op: 'Remove', path: 'members', value: [{ value: 'u1' }] },
        { op: 'remove', path: 'members[value eq "u2"]' },
      ).steps,
    ).toEqual([
      { kind: 'add', userIds: ['u1', 'u2'] },
      { kind: 'remove', userIds: ['u1'] },
      { kind: 'remove', userIds: ['u2'] },
    ]);
  });

  it('remove of members without a value empties the group; replace sets the whole set', () => {
    expect(ops({ op: 'remove', path: 'members' }).steps).toEqual([{ kind: 'replace', userIds: [] }]);
    expect(ops({ op: 'replace', path: 'members', value: [{ value: 'u3' }] }).steps).toEqual([
      { kind: 'replace', userIds: ['u3'] },
    ]);
  });

  it('renames by path or by a path-less value object; ignores externalId', () => {
    expect(ops({ op: 'Replace', path: 'displayName', value: '営業部' }).displayName).toBe('営業部');
    expect(ops({ op: 'replace', value: { id: 'g1', displayName: '総務部', externalId: 'x' } })).toEqual({
      displayName: '総務部',
      steps: [],
    });
  });

  it('refuses what it cannot apply', () => {
    expect(() => ops({ op: 'add', path: 'members', value: [{ display: 'no id' }] })).toThrow(
      /members\[0\]\.value/,
    );
    expect(() => ops({ op: 'add', path: 'members[value eq "u1"]', value: [] })).toThrow(/Unsupported path/);
    expect(() => ops({ op: 'remove', path: 'displayName' })).toThrow(/cannot be removed/);
    expect(() => ops({ op: 'replace', path: 'displayName', value: '' })).toThrow(/1-100 characters/);
  });
});

/** The refusal a patch gets: a ScimError's status and scimType. */
function refusal(...Operations: Record<string, unknown>[]): {
  status: number;
  scimType: ScimType | undefined;
} {
  try {
    ops(...Operations);
  } catch (e) {
    expect(e).toBeInstanceOf(ScimError);
    return { status: (e as ScimError).status, scimType: (e as ScimError).scimType };
  }
  throw new Error('not refused');
}

const invalidValue = { status: 400, scimType: 'invalidValue' };
const invalidPath = { status: 400, scimType: 'invalidPath' };

describe('groupPatch members (RFC 7644 §3.5.2)', () => {
  it('reads one member object as a list of one, and no value as no members', () => {
    expect(ops({ op: 'add', path: 'members', value: { Value: 'u1' } }).steps).toEqual([
      { kind: 'add', userIds: ['u1'] },
    ]);
    expect(ops({ op: 'add', path: 'members' }, { op: 'add', path: 'members', value: null }).steps).toEqual([
      { kind: 'add', userIds: [] },
      { kind: 'add', userIds: [] },
    ]);
  });

  it('empties the group on a remove of members with a null value', () => {
    expect(ops({ op: 'remove', path: 'Members', value: null }).steps).toEqual([
      { kind: 'replace', userIds: [] },
    ]);
  });

  it('refuses a member that is not an object with a non-empty string value', () => {
    for (const entry of [
      null,
      'u1',
      Object.assign(['u1'], { value: 'u1' }),
      Object.assign(() => undefined, { value: 'u1' }),
      { value: 5 },
      { value: '' },
    ]) {
      expect(refusal({ op: 'add', path: 'members', value: [entry] })).toEqual(invalidValue);
    }
  });

  it('removes one member by members[value eq "…"] and refuses other filtered paths', () => {
    expect(ops({ op: 'remove', path: 'members[value eq "u9"]' }).steps).toEqual([
      { kind: 'remove', userIds: ['u9'] },
    ]);
    expect(refusal({ op: 'remove', path: 'emails[value eq "u9"]' })).toEqual(invalidPath);
    expect(refusal({ op: 'remove', path: 'members[display eq "u9"]' })).toEqual(invalidPath);
    expect(refusal({ op: 'replace', path: 'members[value eq "u9"]', value: [] })).toEqual(invalidPath);
    expect(refusal({ op: 'add', path: 'members]' })).toEqual(invalidPath);
  });

  it('reads members of a path-less value: replace sets the set, add adds', () => {
    expect(
      ops(
        { op: 'replace', value: { Members: [{ value: 'u1' }] } },
        { op: 'add', value: { members: [{ value: 'u2' }] } },
      ).steps,
    ).toEqual([
      { kind: 'replace', userIds: ['u1'] },
      { kind: 'add', userIds: ['u2'] },
    ]);
  });
});

describe('groupPatch displayName', () => {
  it('takes 1 to 100 characters, by path or in a path-less value', () => {
    expect(ops({ op: 'add', path: 'DISPLAYNAME', value: 'a'.repeat(100) }).displayName).toBe('a'.repeat(100));
    expect(ops({ op: 'replace', value: { DisplayName: ' 人事部 ' } }).displayName).toBe(' 人事部 ');
    expect(refusal({ op: 'replace', path: 'displayName', value: 'a'.repeat(101) })).toEqual(invalidValue);
    expect(refusal({ op: 'replace', path: 'displayName', value: '   ' })).toEqual(invalidValue);
    expect(refusal({ op: 'replace', path: 'displayName', value: 5 })).toEqual(invalidValue);
    expect(refusal({ op: 'replace', value: { displayName: null } })).toEqual(invalidValue);
  });

  it('refuses to remove it with mutability', () => {
    expect(refusal({ op: 'remove', path: 'displayName' })).toEqual({ status: 400, scimType: 'mutability' });
  });

  it('needs an object as the value of a path-less operation', () => {
    for (const value of [null, 'displayName', ['x'], Object.assign([], { displayName: 'x' })]) {
      expect(refusal({ op: 'replace', value })).toEqual(invalidValue);
    }
  });

  it('ignores other attributes, by path or in a path-less value', () => {
    expect(
      ops(
        { op: 'replace', path: 'externalId', value: 'x' },
        { op: 'replace', value: { externalId: 'y', schemas: [] } },
      ),
    ).toEqual({ steps: [] });
  });
});
