import * as iconv from 'iconv-lite';

/**
 * Zengin transfer files built field by field from the published layout (not with Kanri's writer), for the tests
 * and the bench: N fields zero-filled on the left, C fields space-filled on the right, 120 bytes a record.
 */
const n = (v: string | number, len: number) => String(v).padStart(len, '0');
const c = (v: string, len: number) => v.padEnd(len, ' ');

export interface FixtureHeader {
  kind?: string;
  requesterCode?: string;
  requesterName?: string;
  transferDate: string;
  bankCode?: string;
  bankName?: string;
  branchCode: string;
  branchName?: string;
  accountType?: string;
  accountNumber: string;
}

export interface FixtureLine {
  bankCode: string;
  bankName?: string;
  branchCode: string;
  branchName?: string;
  accountType?: string;
  accountNumber: string;
  payeeName: string;
  amount: number | string;
  customerCode1?: string;
  transferCategory?: string;
}

export function headerRecord(h: FixtureHeader): string {
  return (
    '1' +
    (h.kind ?? '21') +
    '0' +
    n(h.requesterCode ?? '1234567890', 10) +
    c(h.requesterName ?? 'ｶ)ｶﾝﾘ', 40) +
    h.transferDate +
    n(h.bankCode ?? '0009', 4) +
    c(h.bankName ?? 'ｶﾝﾘｷﾞﾝｺｳ', 15) +
    h.branchCode +
    c(h.branchName ?? 'ﾎｳｼﾞﾝｴｲｷﾞﾖｳﾌﾞ', 15) +
    (h.accountType ?? '1') +
    h.accountNumber +
    ' '.repeat(17)
  );
}

export function dataRecord(l: FixtureLine): string {
  return (
    '2' +
    l.bankCode +
    c(l.bankName ?? '', 15) +
    l.branchCode +
    c(l.branchName ?? '', 15) +
    '0000' +
    (l.accountType ?? '1') +
    l.accountNumber +
    c(l.payeeName, 30) +
    (typeof l.amount === 'number' ? n(l.amount, 10) : l.amount) +
    '0' +
    n(l.customerCode1 ?? '0', 10) +
    n('0', 10) +
    (l.transferCategory ?? ' ') +
    ' ' +
    ' '.repeat(7)
  );
}

export const trailerRecord = (count: number, total: number) =>
  '8' + n(count, 6) + n(total, 12) + ' '.repeat(101);
export const endRecord = () => '9' + ' '.repeat(119);

/** The records as Shift_JIS with CR LF after each (or none). */
export function zenginBytes(records: string[], crlf = true): Buffer {
  return iconv.encode(records.join(crlf ? '\r\n' : '') + (crlf ? '\r\n' : ''), 'Shift_JIS');
}

/** A whole file: header, lines, a matching trailer (unless given), end. */
export function zenginFile(
  header: FixtureHeader,
  lines: FixtureLine[],
  trailer?: { count: number; total: number },
) {
  const total = lines.reduce((s, l) => s + Number(l.amount), 0);
  return zenginBytes([
    headerRecord(header),
    ...lines.map(dataRecord),
    trailerRecord(trailer?.count ?? lines.length, trailer?.total ?? total),
    endRecord(),
  ]);
}
