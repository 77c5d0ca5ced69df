import { findNonZenginCharacter } from './zengin-charset';

/**
 * An organization's Zengin header (its `zenginRequester` setting): what a 総合振込 / 給与・賞与振込 file's header
 * record says about the company and its bank, which a batch keyed in on screen (and the payee register's export)
 * cannot take from a file. The header's account (預金種目, 口座番号) is the batch's own account.
 */
export interface ZenginRequester {
  /** 依頼人コード: 10 digits, given by the bank. */
  requesterCode: string;
  /** 依頼人名: Zengin characters, 1–40. */
  requesterName: string;
  /** 仕向銀行番号: 4 digits. */
  bankCode: string;
  /** 仕向銀行名: Zengin characters, up to 15 (may be blank). */
  bankName: string;
  /** 仕向支店番号: 3 digits; the branch of the accounts whose batches are written with this header. */
  branchCode: string;
  /** 仕向支店名: Zengin characters, up to 15 (may be blank). */
  branchName: string;
}

/** The digit fields and the text fields of the header, with their lengths. */
export const ZENGIN_REQUESTER_DIGITS = { requesterCode: 10, bankCode: 4, branchCode: 3 } as const;
export const ZENGIN_REQUESTER_TEXTS = { requesterName: 40, bankName: 15, branchName: 15 } as const;

/** Whether `text` fits a Zengin text field of `max` characters: only Zengin characters, no more than `max`. */
export function isZenginText(text: string, max: number): boolean {
  return text.length <= max && findNonZenginCharacter(text) === null;
}

/**
 * The stored setting as a header, or null when none is set or what is stored no longer fits the layout (then a
 * keyed batch's file is refused as if nothing were set, rather than written with a broken header).
 */
export function storedZenginRequester(value: unknown): ZenginRequester | null {
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  for (const [field, length] of Object.entries(ZENGIN_REQUESTER_DIGITS)) {
    const text = v[field];
    if (typeof text !== 'string' || text.length !== length || !/^\d+$/.test(text)) return null;
  }
  for (const [field, max] of Object.entries(ZENGIN_REQUESTER_TEXTS)) {
    const text = v[field];
    if (typeof text !== 'string' || !isZenginText(text, max)) return null;
  }
  if ((v.requesterName as string).trim() === '') return null;
  return {
    requesterCode: v.requesterCode as string,
    requesterName: v.requesterName as string,
    bankCode: v.bankCode as string,
    bankName: v.bankName as string,
    branchCode: v.branchCode as string,
    branchName: v.branchName as string,
  };
}
