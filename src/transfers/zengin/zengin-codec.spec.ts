import * as iconv from 'iconv-lite';
import { parseZenginFile } from './zengin-parser';
import { writeZenginFile } from './zengin-writer';
import type { ZenginFile } from './zengin-file';

// Records written field by field from the layout (not with the writer under test).
const n = (v: string | number, len: number) => String(v).padStart(len, '0');
const c = (v: string, len: number) => v.padEnd(len, ' ');
const header = (over: Partial<Record<string, string>> = {}) =>
  '1' +
  (over.kind ?? '21') +
  '0' +
  n('1234567890', 10) +
  c(over.requesterName ?? 'ｶ)ｱﾊﾟﾚﾙ', 40) +
  (over.transferDate ?? '1225') +
  n('0001', 4) +
  c('ﾐﾂﾞﾎ', 15) +
  n('100', 3) +
  c('ﾎﾝﾃﾝ', 15) +
  '1' +
  n('1234567', 7) +
  ' '.repeat(17);
const data = (over: Partial<Record<string, string>> = {}) =>
  '2' +
  (over.bankCode ?? '0005') +
  c('ﾐﾂﾋﾞｼ', 15) +
  (over.branchCode ?? '001') +
  c('ﾏﾙﾉｳﾁ', 15) +
  '0000' +
  (over.accountType ?? '1') +
  (over.accountNumber ?? '7654321') +
  c(over.payeeName ?? 'ﾔﾏﾀﾞ ﾀﾛｳ', 30) +
  (over.amount ?? n(30329, 10)) +
  '0' +
  n('1', 10) +
  n('0', 10) +
  (over.transferCategory ?? '7') +
  ' ' +
  ' '.repeat(7);
const trailer = (count: number, total: number) => '8' + n(count, 6) + n(total, 12) + ' '.repeat(101);
const end = () => '9' + ' '.repeat(119);
const sjis = (records: string[], sep = '\r\n', final = true) =>
  iconv.encode(records.join(sep) + (final ? sep : ''), 'Shift_JIS');

describe('Zengin codec', () => {
  const lines = [
    data(),
    data({ payeeName: 'ｽｽﾞｷ ﾊﾅｺ', amount: n(250000, 10) }),
    data({ amount: n(1, 10), accountType: '2' }),
  ];
  const records = [header(), ...lines, trailer(3, 30329 + 250000 + 1), end()];

  it('builds 120-byte records from the layout (the fixture itself)', () => {
    for (const r of records) expect(iconv.encode(r, 'Shift_JIS')).toHaveLength(120);
  });

  it('reads a file with CR LF: header, three data records, trailer', () => {
    const result = parseZenginFile(sjis(records));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.file.header).toEqual({
      kind: '21',
      codeDivision: '0',
      requesterCode: '1234567890',
      requesterName: 'ｶ)ｱﾊﾟﾚﾙ',
      transferDate: '1225',
      bankCode: '0001',
      bankName: 'ﾐﾂﾞﾎ',
      branchCode: '100',
      branchName: 'ﾎﾝﾃﾝ',
      accountType: '1',
      accountNumber: '1234567',
    });
    expect(result.file.records).toHaveLength(3);
    expect(result.file.records[0]).toEqual({
      bankCode: '0005',
      bankName: 'ﾐﾂﾋﾞｼ',
      branchCode: '001',
      branchName: 'ﾏﾙﾉｳﾁ',
      clearingHouseCode: '0000',
      accountType: '1',
      accountNumber: '7654321',
      payeeName: 'ﾔﾏﾀﾞ ﾀﾛｳ',
      amount: 30329,
      newCode: '0',
      customerCode1: '0000000001',
      customerCode2: '0000000000',
      transferCategory: '7',
      identification: '',
    });
    expect(result.file.records[1]).toMatchObject({ payeeName: 'ｽｽﾞｷ ﾊﾅｺ', amount: 250000 });
    expect(result.file.records[2]).toMatchObject({ accountType: '2', amount: 1 });
    expect(result.file.trailer).toEqual({ totalCount: 3, totalAmount: 280330 });
    expect(result.file.lineBreaks).toBe('after-each');
  });

  it.each([
    ['none', '', false],
    ['after-each', '\r\n', true],
    ['between', '\r\n', false],
  ] as const)('writes back exactly the bytes it read (line breaks: %s)', (lineBreaks, sep, final) => {
    const bytes = sjis(records, sep, final);
    const result = parseZenginFile(bytes);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.file.lineBreaks).toBe(lineBreaks);
    expect(writeZenginFile(result.file).equals(bytes)).toBe(true);
  });

  it('reads the kinds 11 (salary) and 12 (bonus)', () => {
    for (const kind of ['11', '12']) {
      const result = parseZenginFile(sjis([header({ kind }), ...lines, trailer(3, 280330), end()]));
      expect(result.ok && result.file.header.kind).toBe(kind);
    }
  });

  const refused = (recs: string[]) => {
    const result = parseZenginFile(sjis(recs));
    if (result.ok) throw new Error('accepted');
    return result.errors;
  };

  it('refuses a trailer total off by one yen, naming the trailer and the field', () => {
    expect(refused([header(), ...lines, trailer(3, 280331), end()])).toEqual([
      { record: 5, field: 'totalAmount', message: 'is 280331 but the data records add up to 280330' },
    ]);
  });

  it('refuses a count that does not match the data records', () => {
    expect(refused([header(), ...lines, trailer(2, 280330), end()])).toEqual([
      { record: 5, field: 'totalCount', message: 'is 2 but the file has 3 data records' },
    ]);
  });

  it('refuses a 6-digit account number', () => {
    const bad = data({ accountNumber: '123456 ' });
    expect(refused([header(), lines[0], bad, lines[2], trailer(3, 280330), end()])).toEqual([
      { record: 3, field: 'accountNumber', message: 'must be 7 digits (zero-filled), found "123456 "' },
    ]);
  });

  it('refuses a small (lower-case) kana and a lower-case letter, naming the character', () => {
    const errors = refused([
      header(),
      data({ payeeName: 'ｷｬﾂﾄ' }),
      data({ payeeName: 'YAMADa' }),
      lines[2],
      trailer(3, 280330),
      end(),
    ]);
    expect(errors).toEqual([
      { record: 2, field: 'payeeName', message: 'holds "ｬ", which is not in the Zengin character set' },
      { record: 3, field: 'payeeName', message: 'holds "a", which is not in the Zengin character set' },
    ]);
  });

  it('refuses kanji (two Shift_JIS bytes) in a name', () => {
    const rec =
      '2' + '0005' + c('ﾐﾂﾋﾞｼ', 15) + '001' + c('ﾏﾙﾉｳﾁ', 15) + '0000' + '1' + '7654321' + c('山田', 28);
    const tail = n(1, 10) + '0' + n(0, 10) + n(0, 10) + '7 ' + ' '.repeat(7);
    const errors = refused([header(), rec + tail, trailer(1, 1), end()]);
    expect(errors).toEqual([
      { record: 2, field: 'payeeName', message: 'holds "山", which is not in the Zengin character set' },
    ]);
  });

  it('refuses codes outside the layout and a bad date, one message per field', () => {
    const errors = refused([
      header({ kind: '99', transferDate: '1332' }),
      data({ accountType: '3', bankCode: '00a5' }),
      trailer(1, 30329),
      end(),
    ]);
    expect(errors).toEqual([
      { record: 1, field: 'kind', message: 'must be one of 21, 11, 12, 71, 72, found "99"' },
      { record: 1, field: 'transferDate', message: 'is not a date (MMDD), found "1332"' },
      { record: 2, field: 'bankCode', message: 'must be 4 digits (zero-filled), found "00a5"' },
      { record: 2, field: 'accountType', message: 'must be one of 1, 2, 4, 9, found "3"' },
    ]);
  });

  it('refuses records out of order, short records and missing trailers', () => {
    expect(refused([data(), header(), trailer(1, 1), end()])[0]).toMatchObject({
      record: 1,
      field: 'recordType',
    });
    expect(refused([header(), data(), end()])[0]).toMatchObject({ record: 3, field: 'recordType' });
    expect(refused([header(), data(), trailer(1, 30329)])[0]).toMatchObject({
      record: 3,
      message: 'the file has no end record (9)',
    });
    expect(refused([header(), data().slice(0, 119), trailer(1, 30329), end()])).toEqual([
      { record: 2, field: 'record', message: 'is 119 bytes; every record is 120 bytes' },
    ]);
    const noBreaks = iconv.encode([header(), data()].join('') + 'x', 'Shift_JIS');
    expect(parseZenginFile(noBreaks)).toEqual({
      ok: false,
      errors: [{ record: 3, field: 'record', message: 'is 1 bytes; every record is 120 bytes' }],
    });
    expect(refused([header(), trailer(0, 0), end()])).toEqual([
      { record: 2, field: 'totalCount', message: 'the file has no data records' },
    ]);
  });

  it('refuses a non-blank dummy field', () => {
    const bad = trailer(1, 30329).slice(0, 119) + 'X';
    expect(refused([header(), data(), bad, end()])).toEqual([
      { record: 3, field: 'dummy', message: 'must be spaces' },
    ]);
  });

  it('writes zero-filled numbers and space-filled names, computing the trailer, and refuses what does not fit', () => {
    const parsed = parseZenginFile(sjis(records));
    if (!parsed.ok) throw new Error('fixture');
    const file: ZenginFile = {
      ...parsed.file,
      records: [{ ...parsed.file.records[0], accountNumber: '54321' }],
    };
    const text = iconv.decode(writeZenginFile(file), 'Shift_JIS').split('\r\n');
    expect(text[1].slice(43, 50)).toBe('0054321');
    expect(text[2]).toBe(trailer(1, 30329));
    expect(() =>
      writeZenginFile({ ...file, records: [{ ...file.records[0], payeeName: 'やまだ' }] }),
    ).toThrow('record 2, field payeeName: "や" is not in the Zengin character set');
    expect(() => writeZenginFile({ ...file, records: [{ ...file.records[0], amount: 1e10 }] })).toThrow(
      'record 2, field amount',
    );
  });

  it('refuses amount 0 in a transfer file and accepts it in a payee register file, which carries no amounts', () => {
    const zero = [header(), data({ amount: n(0, 10) }), trailer(1, 0), end()];
    expect(refused(zero)).toEqual([{ record: 2, field: 'amount', message: 'must be at least 1 yen' }]);
    expect(parseZenginFile(sjis(zero), { amounts: 'transfer' }).ok).toBe(false);
    const read = parseZenginFile(sjis(zero), { amounts: 'register' });
    if (!read.ok) throw new Error(JSON.stringify(read.errors));
    expect(read.file.records[0].amount).toBe(0);
    expect(read.file.trailer).toEqual({ totalCount: 1, totalAmount: 0 });
    expect(writeZenginFile(read.file).equals(sjis(zero))).toBe(true);
    // Still 10 digits, still adding up to the trailer.
    const mixed = parseZenginFile(sjis([header(), data({ amount: n(5, 10) }), trailer(1, 0), end()]), {
      amounts: 'register',
    });
    expect(mixed).toEqual({
      ok: false,
      errors: [{ record: 3, field: 'totalAmount', message: 'is 0 but the data records add up to 5' }],
    });
  });
});
