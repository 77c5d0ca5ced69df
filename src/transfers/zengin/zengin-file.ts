import type { ZenginKind } from './zengin-layout';

/** The header record (1). Text fields hold half-width Zengin characters without their padding. */
export interface ZenginHeader {
  kind: ZenginKind;
  /** コード区分: 0 = JIS / Shift_JIS (the only one Kanri reads). */
  codeDivision: '0';
  /** 依頼人コード, 10 digits. */
  requesterCode: string;
  requesterName: string;
  /** 振込指定日 as MMDD. */
  transferDate: string;
  bankCode: string;
  bankName: string;
  branchCode: string;
  branchName: string;
  accountType: '1' | '2' | '9';
  accountNumber: string;
}

/** A data record (2): one payee. */
export interface ZenginDataRecord {
  bankCode: string;
  bankName: string;
  branchCode: string;
  branchName: string;
  clearingHouseCode: string;
  accountType: '1' | '2' | '4' | '9';
  accountNumber: string;
  payeeName: string;
  /** Integer yen, 1 … 9,999,999,999 (0 in a payee register's file, which carries no amounts). */
  amount: number;
  newCode: '0' | '1' | '2';
  customerCode1: string;
  customerCode2: string;
  /** '7' 電信, '8' 文書, '' unspecified. */
  transferCategory: '7' | '8' | '';
  /** 'Y' or ''. */
  identification: 'Y' | '';
}

/** The trailer record (8). */
export interface ZenginTrailer {
  totalCount: number;
  totalAmount: number;
}

/**
 * How records are separated: none (a stream of 120-byte records), CR LF after each record, or CR LF between
 * records only (no final line break). Kept so that a file written back is the file that was read.
 */
export type ZenginLineBreaks = 'none' | 'after-each' | 'between';

export interface ZenginFile {
  header: ZenginHeader;
  records: ZenginDataRecord[];
  trailer: ZenginTrailer;
  lineBreaks: ZenginLineBreaks;
}

/** One problem found in a file: the 1-based record number (the header is record 1), the field and what is wrong. */
export interface ZenginFieldError {
  record: number;
  field: string;
  message: string;
}

export type ZenginParseResult = { ok: true; file: ZenginFile } | { ok: false; errors: ZenginFieldError[] };
