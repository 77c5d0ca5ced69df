import { resolveState } from './record-policy';

describe('record state rules (収集済 / 未提出 / 提出拒否)', () => {
  it('a new record with a number is collected; without one it is not submitted unless refused', () => {
    expect(resolveState({ hasNumberAfter: true, requested: undefined, current: undefined })).toEqual({
      state: 'collected',
    });
    expect(resolveState({ hasNumberAfter: false, requested: undefined, current: undefined })).toEqual({
      state: 'not_submitted',
    });
    expect(resolveState({ hasNumberAfter: false, requested: 'refused', current: undefined })).toEqual({
      state: 'refused',
    });
  });

  it('refuses collected without a number', () => {
    expect(resolveState({ hasNumberAfter: false, requested: 'collected', current: undefined })).toMatchObject(
      {
        field: 'number',
      },
    );
  });

  it('never drops a number as a side effect of a state change', () => {
    for (const requested of ['refused', 'not_submitted'] as const)
      expect(resolveState({ hasNumberAfter: true, requested, current: 'collected' })).toMatchObject({
        field: 'state',
      });
  });

  it('keeps a refusal when other fields change, and falls back to not submitted when the number is removed', () => {
    expect(resolveState({ hasNumberAfter: false, requested: undefined, current: 'refused' })).toEqual({
      state: 'refused',
    });
    expect(resolveState({ hasNumberAfter: false, requested: undefined, current: 'collected' })).toEqual({
      state: 'not_submitted',
    });
  });

  it('a number given for a refused record collects it', () => {
    expect(resolveState({ hasNumberAfter: true, requested: undefined, current: 'refused' })).toEqual({
      state: 'collected',
    });
  });

  it('keeps a number when collected is asked for again, and takes a requested state over the current one', () => {
    expect(resolveState({ hasNumberAfter: true, requested: 'collected', current: 'collected' })).toEqual({
      state: 'collected',
    });
    expect(resolveState({ hasNumberAfter: false, requested: 'not_submitted', current: 'refused' })).toEqual({
      state: 'not_submitted',
    });
    expect(resolveState({ hasNumberAfter: false, requested: 'refused', current: 'not_submitted' })).toEqual({
      state: 'refused',
    });
    expect(resolveState({ hasNumberAfter: false, requested: undefined, current: 'not_submitted' })).toEqual({
      state: 'not_submitted',
    });
    expect(
      resolveState({ hasNumberAfter: false, requested: 'collected', current: 'collected' }),
    ).toMatchObject({
      field: 'number',
    });
    expect(resolveState({ hasNumberAfter: true, requested: 'refused', current: undefined })).toMatchObject({
      field: 'state',
    });
  });
});
