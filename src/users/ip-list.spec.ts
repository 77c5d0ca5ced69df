import { parseIpList } from './ip-list';

describe('parseIpList (an allow-list column read with a plain statement)', () => {
  it('reads the JSON text of addresses', () => {
    expect(parseIpList('["192.0.2.1","198.51.100.0/24"]')).toEqual(['192.0.2.1', '198.51.100.0/24']);
    expect(parseIpList('[]')).toEqual([]);
  });

  it('turns every entry into a string', () => {
    expect(parseIpList('[1, null, "::1"]')).toEqual(['1', 'null', '::1']);
  });

  it('answers an empty list for no value, non-text, a non-array and broken JSON', () => {
    for (const value of [
      null,
      undefined,
      '',
      42,
      ['10.0.0.1'],
      '{"a":1}',
      '"10.0.0.1"',
      'null',
      '[',
      'not json',
    ]) {
      expect(parseIpList(value)).toEqual([]);
    }
  });
});
