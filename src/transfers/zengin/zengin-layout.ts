/**
 * The 全銀協 standard transfer format (総合振込 / 給与・賞与振込): fixed records of 120 bytes. N fields are digits,
 * right-aligned and zero-filled; C fields are Zengin characters, left-aligned and space-filled; dummy fields are
 * spaces. The lists below are the layout, in order; their lengths add up to 120 including the record type.
 */
export type FieldKind = 'N' | 'C' | 'dummy';
export interface FieldSpec {
  readonly name: string;
  readonly length: number;
  readonly kind: FieldKind;
}

export const RECORD_LENGTH = 120;

export const HEADER_FIELDS: readonly FieldSpec[] = [
  { name: 'kind', length: 2, kind: 'N' }, // 種別コード
  { name: 'codeDivision', length: 1, kind: 'N' }, // コード区分
  { name: 'requesterCode', length: 10, kind: 'N' }, // 依頼人コード
  { name: 'requesterName', length: 40, kind: 'C' }, // 依頼人名
  { name: 'transferDate', length: 4, kind: 'N' }, // 振込指定日 MMDD
  { name: 'bankCode', length: 4, kind: 'N' }, // 仕向銀行番号
  { name: 'bankName', length: 15, kind: 'C' },
  { name: 'branchCode', length: 3, kind: 'N' }, // 仕向支店番号
  { name: 'branchName', length: 15, kind: 'C' },
  { name: 'accountType', length: 1, kind: 'N' }, // 預金種目 (依頼人)
  { name: 'accountNumber', length: 7, kind: 'N' },
  { name: 'dummy', length: 17, kind: 'dummy' },
];

export const DATA_FIELDS: readonly FieldSpec[] = [
  { name: 'bankCode', length: 4, kind: 'N' }, // 被仕向銀行番号
  { name: 'bankName', length: 15, kind: 'C' },
  { name: 'branchCode', length: 3, kind: 'N' },
  { name: 'branchName', length: 15, kind: 'C' },
  { name: 'clearingHouseCode', length: 4, kind: 'N' }, // 手形交換所番号
  { name: 'accountType', length: 1, kind: 'N' },
  { name: 'accountNumber', length: 7, kind: 'N' },
  { name: 'payeeName', length: 30, kind: 'C' }, // 受取人名
  { name: 'amount', length: 10, kind: 'N' }, // 振込金額
  { name: 'newCode', length: 1, kind: 'N' }, // 新規コード
  { name: 'customerCode1', length: 10, kind: 'N' },
  { name: 'customerCode2', length: 10, kind: 'N' },
  { name: 'transferCategory', length: 1, kind: 'C' }, // 振込指定区分: 7 電信, 8 文書, space
  { name: 'identification', length: 1, kind: 'C' }, // 識別表示: space or Y
  { name: 'dummy', length: 7, kind: 'dummy' },
];

export const TRAILER_FIELDS: readonly FieldSpec[] = [
  { name: 'totalCount', length: 6, kind: 'N' }, // 合計件数
  { name: 'totalAmount', length: 12, kind: 'N' }, // 合計金額
  { name: 'dummy', length: 101, kind: 'dummy' },
];

export const END_FIELDS: readonly FieldSpec[] = [{ name: 'dummy', length: 119, kind: 'dummy' }];

/** 種別コード: 21 総合振込, 11 給与, 12 賞与, 71/72 公務員 給与/賞与. */
export const ZENGIN_KINDS = ['21', '11', '12', '71', '72'] as const;
export type ZenginKind = (typeof ZENGIN_KINDS)[number];
/** 預金種目 of the requester's account: 1 普通, 2 当座, 9 その他. */
export const HEADER_ACCOUNT_TYPES = ['1', '2', '9'] as const;
/** 預金種目 of a payee's account: 1 普通, 2 当座, 4 貯蓄, 9 その他. */
export const DATA_ACCOUNT_TYPES = ['1', '2', '4', '9'] as const;
export const NEW_CODES = ['0', '1', '2'] as const;
/** 振込指定区分 ('' for a space). */
export const TRANSFER_CATEGORIES = ['7', '8', ''] as const;
/** 識別表示 ('' for a space). */
export const IDENTIFICATIONS = ['Y', ''] as const;
