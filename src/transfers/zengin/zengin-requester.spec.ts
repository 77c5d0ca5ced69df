import { isZenginText, storedZenginRequester } from './zengin-requester';

const ok = {
  requesterCode: '1234567890',
  requesterName: 'ｶ)ｶﾝﾘ',
  bankCode: '0009',
  bankName: 'ｶﾝﾘｷﾞﾝｺｳ',
  branchCode: '081',
  branchName: '',
};

describe('an organization Zengin header as stored', () => {
  it('is read back when every field fits the layout', () => {
    expect(storedZenginRequester(ok)).toEqual(ok);
    expect(storedZenginRequester({ ...ok, extra: 1 })).toEqual(ok);
  });

  it('is null when absent or when a field no longer fits (no broken header is ever written)', () => {
    expect(storedZenginRequester(undefined)).toBeNull();
    expect(storedZenginRequester(null)).toBeNull();
    expect(storedZenginRequester('x')).toBeNull();
    expect(storedZenginRequester({ ...ok, requesterCode: '123456789' })).toBeNull();
    expect(storedZenginRequester({ ...ok, requesterCode: '123456789a' })).toBeNull();
    expect(storedZenginRequester({ ...ok, bankCode: 9 })).toBeNull();
    expect(storedZenginRequester({ ...ok, branchCode: '81' })).toBeNull();
    expect(storedZenginRequester({ ...ok, requesterName: '   ' })).toBeNull();
    expect(storedZenginRequester({ ...ok, requesterName: 'ｱ'.repeat(41) })).toBeNull();
    expect(storedZenginRequester({ ...ok, bankName: 'ﾐｽﾞﾎ山' })).toBeNull();
    expect(storedZenginRequester({ ...ok, branchName: undefined })).toBeNull();
  });

  it('text fields take Zengin characters up to their length', () => {
    expect(isZenginText('ｱ'.repeat(15), 15)).toBe(true);
    expect(isZenginText('ｱ'.repeat(16), 15)).toBe(false);
    expect(isZenginText('ｱa', 15)).toBe(false);
  });
});
