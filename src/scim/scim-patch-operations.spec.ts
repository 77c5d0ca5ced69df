import { ScimError, type ScimType } from './scim-error';
import { assertPlainPath, filteredPath, patchOperations } from './scim-patch-operations';

/** The refusal `run` throws: a ScimError's status and scimType. */
function refusal(run: () => unknown): { status: number; scimType: ScimType | undefined } {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(ScimError);
    return { status: (e as ScimError).status, scimType: (e as ScimError).scimType };
  }
  throw new Error('not refused');
}

const syntax = { status: 400, scimType: 'invalidSyntax' };
const op = (entry: Record<string, unknown>) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: [entry],
});

describe('patchOperations (RFC 7644 §3.5.2)', () => {
  it('reads op in any case, trims the path and keeps the value', () => {
    expect(
      patchOperations({
        operations: [
          { Op: 'Add', Path: ' name.givenName ', Value: 'Taro' },
          { op: 'REPLACE', value: { active: false } },
          { op: 'remove', path: 'emails[type eq "work"]' },
          { op: 'add', path: null, value: 1 },
        ],
      }),
    ).toEqual([
      { op: 'add', path: 'name.givenName', value: 'Taro' },
      { op: 'replace', path: null, value: { active: false } },
      { op: 'remove', path: 'emails[type eq "work"]', value: undefined },
      { op: 'add', path: null, value: 1 },
    ]);
  });

  it('refuses a body that is not a JSON object with invalidSyntax', () => {
    const ops = [{ op: 'add', path: 'x', value: 1 }];
    expect(refusal(() => patchOperations(null))).toEqual(syntax);
    expect(refusal(() => patchOperations('Operations'))).toEqual(syntax);
    expect(refusal(() => patchOperations(Object.assign([], { Operations: ops })))).toEqual(syntax);
    expect(refusal(() => patchOperations(Object.assign(() => undefined, { Operations: ops })))).toEqual(
      syntax,
    );
  });

  it('needs between 1 and 1000 operations', () => {
    expect(refusal(() => patchOperations({}))).toEqual(syntax);
    expect(refusal(() => patchOperations({ Operations: {} }))).toEqual(syntax);
    expect(refusal(() => patchOperations({ Operations: [] }))).toEqual(syntax);
    const entry = { op: 'replace', path: 'active', value: true };
    expect(patchOperations({ Operations: Array(1000).fill(entry) })).toHaveLength(1000);
    expect(refusal(() => patchOperations({ Operations: Array(1001).fill(entry) }))).toEqual(syntax);
  });

  it('refuses an operation that is not an object, or whose op is unknown or missing', () => {
    expect(refusal(() => patchOperations({ Operations: [null] }))).toEqual(syntax);
    expect(refusal(() => patchOperations({ Operations: ['add'] }))).toEqual(syntax);
    expect(
      refusal(() =>
        patchOperations({ Operations: [Object.assign(() => undefined, { op: 'add', path: 'x' })] }),
      ),
    ).toEqual(syntax);
    expect(refusal(() => patchOperations(op({ op: 'move', path: 'x' })))).toEqual(syntax);
    expect(refusal(() => patchOperations(op({ path: 'x', value: 1 })))).toEqual(syntax);
  });

  it('refuses a path that is not a non-empty string with invalidPath', () => {
    const invalidPath = { status: 400, scimType: 'invalidPath' };
    expect(refusal(() => patchOperations(op({ op: 'add', path: 5, value: 1 })))).toEqual(invalidPath);
    expect(refusal(() => patchOperations(op({ op: 'add', path: '  ', value: 1 })))).toEqual(invalidPath);
    expect(refusal(() => patchOperations(op({ op: 'add', path: '', value: 1 })))).toEqual(invalidPath);
  });

  it('refuses a remove without a path with noTarget', () => {
    const noTarget = { status: 400, scimType: 'noTarget' };
    expect(refusal(() => patchOperations(op({ op: 'remove' })))).toEqual(noTarget);
    expect(refusal(() => patchOperations(op({ op: 'Remove', path: null })))).toEqual(noTarget);
  });
});

describe('filteredPath', () => {
  it('reads attribute[attr eq "value"] and its sub-attribute, lower-casing the names', () => {
    expect(filteredPath('Emails[Type eq "Work"].Value')).toEqual({
      attribute: 'emails',
      filterAttribute: 'type',
      filterValue: 'Work',
      subAttribute: 'value',
    });
    expect(filteredPath('members[value eq "a\\"b"]')).toEqual({
      attribute: 'members',
      filterAttribute: 'value',
      filterValue: 'a"b',
      subAttribute: null,
    });
  });

  it('reads a boolean filter value in any case', () => {
    expect(filteredPath('emails[primary EQ True]')).toEqual({
      attribute: 'emails',
      filterAttribute: 'primary',
      filterValue: 'true',
      subAttribute: null,
    });
    expect(filteredPath('emails[primary eq false].value')?.filterValue).toBe('false');
  });

  it('accepts whitespace inside the brackets', () => {
    expect(filteredPath('emails[ type  eq  "work" ]')).toEqual({
      attribute: 'emails',
      filterAttribute: 'type',
      filterValue: 'work',
      subAttribute: null,
    });
    expect(filteredPath('addresses[type eq "work"].street-address')?.subAttribute).toBe('street-address');
    expect(filteredPath('x-y[name.sub-x eq ""]')).toEqual({
      attribute: 'x-y',
      filterAttribute: 'name.sub-x',
      filterValue: '',
      subAttribute: null,
    });
  });

  it('is null for anything else', () => {
    for (const path of [
      'emails',
      '.emails[type eq "work"]',
      '1emails[type eq "work"]',
      'emails[type eq "work"].value.x',
      'emails[type eq "work"]x',
      'emails[type eq "work"].',
      'emails[type eq "work"].1x',
      'emails[type co "work"]',
      'emails[typeeq "work"]',
      'emails[type eq"work"]',
      'emails[type eq work]',
      'emails[type eq "work"',
      'emails[1type eq "work"]',
      'emails[.type eq "work"]',
      'emails[type eq "a"b"]',
      'emails[type eq "work"] ',
      ' emails[type eq "work"]',
      'e.mails[type eq "work"]',
      'emails[ty:pe eq "work"]',
      'emails[type eq "work"].va.lue',
    ]) {
      expect([path, filteredPath(path)]).toEqual([path, null]);
    }
  });
});

describe('assertPlainPath', () => {
  it('accepts attribute paths, with a schema URN in front', () => {
    for (const path of [
      'active',
      'name.givenName',
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber',
      'a$ref',
      'x-y_z1',
    ]) {
      expect(() => assertPlainPath(path)).not.toThrow();
    }
  });

  it('refuses anything else with invalidPath', () => {
    for (const path of ['1name', ' name', 'name ', 'emails[type eq "work"]', 'name/x', '.name', '']) {
      expect([path, refusal(() => assertPlainPath(path))]).toEqual([
        path,
        { status: 400, scimType: 'invalidPath' },
      ]);
    }
  });
});
