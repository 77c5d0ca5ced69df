import type { CsvRecord } from '@kanri/common/csv/csv-reader';
import {
  PAYEE_ACCOUNT_TYPES as ACCOUNT_TYPES,
  type PayeeAccountType as AccountType,
  PAYEE_KINDS,
  PAYEE_REGISTRATIONS,
  type Payee,
} from './payee.entity';
import { toZenginKana } from './payee-kana';

/** The CSV layout of the payee register, export and import alike (an exported file imports into another organization). */
export const PAYEE_CSV_HEADER = [
  '区分',
  '登録区分',
  '金融機関コード',
  '金融機関名',
  '支店コード',
  '支店名',
  '預金種目',
  '口座番号',
  '受取人名',
  'グループ',
] as const;

/** 預金種目 as the file writes it. */
const TYPE_LABELS: Record<AccountType, string> = { ordinary: '普通', current: '当座', savings: '貯蓄' };
/** Also accepted on import: the Zengin codes (1 普通, 2 当座, 4 貯蓄). */
const TYPE_CODES: Record<string, AccountType> = { '1': 'ordinary', '2': 'current', '4': 'savings' };

export interface PayeeFields {
  kind: Payee['kind'];
  registration: Payee['registration'];
  bankCode: string;
  bankName: string | null;
  branchCode: string;
  branchName: string | null;
  accountType: AccountType;
  accountNumber: string;
  nameKana: string;
  groupName: string | null;
}

export interface PayeeFieldError {
  line: number;
  field: string;
  message: string;
}

export function payeeCsvRow(p: Payee): string[] {
  return [
    p.kind,
    p.registration,
    p.bankCode,
    p.bankName ?? '',
    p.branchCode,
    p.branchName ?? '',
    TYPE_LABELS[p.accountType],
    p.accountNumber,
    p.nameKana,
    p.groupName ?? '',
  ];
}

/** One CSV record as payee fields, or the problems of its cells, each naming the line and the column. */
export function readPayeeRecord(record: CsvRecord): PayeeFields | PayeeFieldError[] {
  const [kind, registration, bankCode, bankName, branchCode, branchName, type, accountNumber, name, group] =
    record.cells.map((c) => c.trim());
  const errors: PayeeFieldError[] = [];
  const fail = (field: string, message: string) => errors.push({ line: record.line, field, message });
  if (!(PAYEE_KINDS as readonly string[]).includes(kind)) fail('区分', 'must be transfer or debit');
  if (!(PAYEE_REGISTRATIONS as readonly string[]).includes(registration))
    fail('登録区分', 'must be registered or user_registered');
  if (!/^\d{4}$/.test(bankCode)) fail('金融機関コード', 'must be 4 digits');
  if (bankName.length > 15) fail('金融機関名', 'must be at most 15 characters');
  if (!/^\d{3}$/.test(branchCode)) fail('支店コード', 'must be 3 digits');
  if (branchName.length > 15) fail('支店名', 'must be at most 15 characters');
  const accountType =
    TYPE_CODES[type] ?? (Object.keys(TYPE_LABELS) as AccountType[]).find((t) => TYPE_LABELS[t] === type);
  if (!accountType || !(ACCOUNT_TYPES as readonly string[]).includes(accountType))
    fail('預金種目', 'must be 普通, 当座 or 貯蓄 (or 1, 2, 4)');
  if (!/^\d{7}$/.test(accountNumber)) fail('口座番号', 'must be 7 digits');
  const kana = toZenginKana(name);
  if (!kana.ok) fail('受取人名', kana.message);
  if (group.length > 40) fail('グループ', 'must be at most 40 characters');
  if (errors.length) return errors;
  return {
    kind: kind as Payee['kind'],
    registration: registration as Payee['registration'],
    bankCode,
    bankName: bankName || null,
    branchCode,
    branchName: branchName || null,
    accountType: accountType!,
    accountNumber,
    nameKana: (kana as { value: string }).value,
    groupName: group || null,
  };
}
