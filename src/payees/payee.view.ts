import { ApiProperty } from '@nestjs/swagger';
import {
  PAYEE_ACCOUNT_TYPES,
  PAYEE_KINDS,
  PAYEE_REGISTRATIONS,
  type Payee,
  type PayeeAccountType,
  type PayeeRegisterKind,
  type PayeeRegistration,
} from './payee.entity';

/** A payee as the API answers it. */
export class PayeeView {
  id!: string;
  // Enums spelled out: a union's member order is the compiler's, which differs between builds.
  @ApiProperty({ enum: PAYEE_KINDS })
  kind!: PayeeRegisterKind;
  @ApiProperty({ enum: PAYEE_REGISTRATIONS })
  registration!: PayeeRegistration;
  bankCode!: string;
  bankName!: string | null;
  branchCode!: string;
  branchName!: string | null;
  @ApiProperty({ enum: PAYEE_ACCOUNT_TYPES })
  accountType!: PayeeAccountType;
  accountNumber!: string;
  nameKana!: string;
  groupName!: string | null;
  createdBy!: string;
  createdAt!: string;
  updatedAt!: string;
}

export function toPayeeView(p: Payee): PayeeView {
  return {
    id: p.id,
    kind: p.kind,
    registration: p.registration,
    bankCode: p.bankCode,
    bankName: p.bankName,
    branchCode: p.branchCode,
    branchName: p.branchName,
    accountType: p.accountType,
    accountNumber: p.accountNumber,
    nameKana: p.nameKana,
    groupName: p.groupName,
    createdBy: p.createdBy,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
