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
});
