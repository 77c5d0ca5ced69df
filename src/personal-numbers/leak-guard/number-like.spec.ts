import { looksLikeIndividualNumber, scrubNumberLike } from './number-like';

describe('texts that read as an individual number', () => {
  it.each([
    '123456789018',
    '1234-5678-9018',
    '1234 5678 9018',
    '１２３４５６７８９０１８',
    '１２３４－５６７８－９０１８',
    'my number is 1234-5678-9018!',
  ])('recognises %j', (text) => expect(looksLikeIndividualNumber(text)).toBe(true));

  it.each([
    '12345678901',
    '2026-03-31',
    'E0001',
    '山田',
    '01a20143-1160-7661-a3dc-724847db21a4',
    '01a20143-1160-7661-a3dc-047567296386',
    '03-1234-5678',
  ])('leaves %j alone', (text) => expect(looksLikeIndividualNumber(text)).toBe(false));

  it('scrubs bodies and queries in place, except under keys operation history masks whole', () => {
    const body = {
      memo: '1234-5678-9018',
      nested: { list: ['ok', '１２３４５６７８９０１８'] },
      number: '1234-5678-9018',
      employeeCode: '1234-5678-9018',
      confirmationPassword: '123456789018',
      familyName: '山田',
    };
    expect(scrubNumberLike(body)).toEqual(['memo', 'nested.list.1']);
    expect(body).toEqual({
      memo: '***',
      nested: { list: ['ok', '***'] },
      number: '1234-5678-9018',
      employeeCode: '1234-5678-9018',
      confirmationPassword: '123456789018',
      familyName: '山田',
    });
  });

  it('scrubs a few levels deep, and stops below', () => {
    const number = '1234-5678-9018';
    // Six objects below the top: still scrubbed (depth 6); a seventh is beyond what JSON bodies and queries hold.
    const deep = { a: { b: { c: { d: { e: { f: { g: number, h: { i: number } } } } } } } };
    expect(scrubNumberLike(deep)).toEqual(['a.b.c.d.e.f.g']);
    expect(deep.a.b.c.d.e.f).toEqual({ g: '***', h: { i: number } });
  });

  it('walks arrays by index and leaves what is not an object or a text alone', () => {
    const list = ['123456789018', 42, null, true, ['1234 5678 9018']];
    expect(scrubNumberLike(list, 'ids')).toEqual(['ids.0', 'ids.4.0']);
    expect(list).toEqual(['***', 42, null, true, ['***']]);
    expect(scrubNumberLike('123456789018')).toEqual([]);
    expect(scrubNumberLike(null)).toEqual([]);
    expect(scrubNumberLike(undefined)).toEqual([]);
    const nested = { q: { tokenHint: '123456789018', memo: '123456789018' } };
    expect(scrubNumberLike(nested, 'query')).toEqual(['query.q.memo']);
    expect(nested.q.tokenHint).toBe('123456789018');
  });

  it('reads every separator people put between the groups, and ids only when whole', () => {
    for (const sep of [' ', '\u3000', '-', '‐', '‑', '‒', '–', '—', '−', 'ー', '－'])
      expect(looksLikeIndividualNumber(`1234${sep}5678${sep}9018`)).toBe(true);
    expect(looksLikeIndividualNumber('1234.5678.9018')).toBe(false);
    expect(looksLikeIndividualNumber('x01a20143-1160-7661-a3dc-724847db21a4')).toBe(true);
    expect(looksLikeIndividualNumber('01a20143-1160-7661-a3dc-724847db21a4x')).toBe(true);
    expect(looksLikeIndividualNumber('01a20143-1160-7661-a3dc-724847db21a4 123456789018')).toBe(true);
    expect(looksLikeIndividualNumber('123456789018 01a20143-1160-7661-a3dc-724847db21a4')).toBe(true);
    expect(looksLikeIndividualNumber('01A20143-1160-7661-A3DC-724847DB21A4')).toBe(false);
  });
});
