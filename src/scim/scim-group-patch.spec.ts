import { groupPatch } from './scim-group-patch';

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
