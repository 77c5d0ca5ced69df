import { toZenginCharacters } from '../transfers/zengin/zengin-charset';
import type { ZenginDataRecord, ZenginFile } from '../transfers/zengin/zengin-file';
import type { ZenginRequester } from '../transfers/zengin/zengin-requester';
import type { Payee, PayeeAccountType } from './payee.entity';

/** 預金種目 of a Zengin data record for each payee account type. */
export const ZENGIN_ACCOUNT_TYPE_CODES: Record<PayeeAccountType, '1' | '2' | '4'> = {
  ordinary: '1',
  current: '2',
  savings: '4',
};

/** A bank or branch name as a Zengin field: converted from full-width, or blank when it has no Zengin form. */
export function zenginName(name: string | null): string {
  const converted = toZenginCharacters(name ?? '');
  return converted.ok && converted.value.length <= 15 ? converted.value.replace(/ +$/, '') : '';
}

/**
 * The payee register as a 総合振込 (21) file, the form internet-banking services register payees from: the header
 * is the organization's Zengin header with no account (預金種目 9, 口座番号 0000000: a register draws on none) and
 * `transferDate` (MMDD); each payee is one data record with amount 0 (a payee has no amount), no customer codes and
 * no 振込指定区分. The payees come in the order given; the register's import reads the file back into the same
 * payees (amounts ignored), and the export of that register is this file again.
 */
export function payeeZenginFile(
  requester: ZenginRequester,
  payees: readonly Pick<
    Payee,
    'bankCode' | 'bankName' | 'branchCode' | 'branchName' | 'accountType' | 'accountNumber' | 'nameKana'
  >[],
  transferDate: string,
): Pick<ZenginFile, 'header' | 'records' | 'lineBreaks'> {
  return {
    header: {
      ...requester,
      kind: '21',
      codeDivision: '0',
      transferDate,
      accountType: '9',
      accountNumber: '0000000',
    },
    records: payees.map((p): ZenginDataRecord => ({
      bankCode: p.bankCode,
      bankName: zenginName(p.bankName),
      branchCode: p.branchCode,
      branchName: zenginName(p.branchName),
      clearingHouseCode: '0000',
      accountType: ZENGIN_ACCOUNT_TYPE_CODES[p.accountType],
      accountNumber: p.accountNumber,
      payeeName: p.nameKana,
      amount: 0,
      newCode: '0',
      customerCode1: '0000000000',
      customerCode2: '0000000000',
      transferCategory: '',
      identification: '',
    })),
    lineBreaks: 'after-each',
  };
}
