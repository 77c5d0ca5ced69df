import { ApiProperty, ApiPropertyOptional, IntersectionType, OmitType, PartialType } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { ConfirmedDto } from '@kanri/access/confirmed.dto';
import { PageQuery } from '@kanri/common/pagination/page.query';
import {
  PAYEE_ACCOUNT_TYPES as ACCOUNT_TYPES,
  type PayeeAccountType as AccountType,
  PAYEE_KINDS,
  PAYEE_REGISTRATIONS,
  type PayeeRegisterKind,
  type PayeeRegistration,
} from '../payee.entity';

/** The fields of a payee as typed in; the kana name is checked and converted by the service (payee-kana.ts). */
export class PayeeFieldsDto {
  /** `transfer` (振込先, the default) or `debit` (請求先, for 口座振替). */
  @ApiPropertyOptional({ enum: PAYEE_KINDS, default: 'transfer' })
  @IsOptional()
  @IsIn(PAYEE_KINDS)
  kind?: PayeeRegisterKind;

  /** `user_registered` (利用者登録口座, the default; `payees.manage`) or `registered` (事前登録口座; `company.manage`). */
  @ApiPropertyOptional({ enum: PAYEE_REGISTRATIONS, default: 'user_registered' })
  @IsOptional()
  @IsIn(PAYEE_REGISTRATIONS)
  registration?: PayeeRegistration;

  /** 金融機関コード (4 digits). */
  @ApiProperty({ example: '0001' })
  @IsString()
  @Matches(/^\d{4}$/, { message: 'bankCode must be 4 digits' })
  bankCode!: string;

  /** 金融機関名 (half-width kana, up to 15). */
  @ApiPropertyOptional({ nullable: true, maxLength: 15 })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(15)
  bankName?: string | null;

  /** 支店コード (3 digits). */
  @ApiProperty({ example: '081' })
  @IsString()
  @Matches(/^\d{3}$/, { message: 'branchCode must be 3 digits' })
  branchCode!: string;

  @ApiPropertyOptional({ nullable: true, maxLength: 15 })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(15)
  branchName?: string | null;

  /** 預金種目: 普通 / 当座 / 貯蓄. */
  @ApiProperty({ enum: ACCOUNT_TYPES })
  @IsIn(ACCOUNT_TYPES)
  accountType!: AccountType;

  /** 口座番号 (7 digits). */
  @ApiProperty({ example: '1234567' })
  @IsString()
  @Matches(/^\d{7}$/, { message: 'accountNumber must be 7 digits' })
  accountNumber!: string;

  /** 受取人名 (kana): the Zengin character set, up to 30 half-width characters; full-width kana is converted. */
  @ApiProperty({ example: 'ﾔﾏﾀﾞ ﾀﾛｳ' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(60)
  nameKana!: string;

  /** グループ (free text, up to 40); null clears it. */
  @ApiPropertyOptional({ nullable: true, maxLength: 40 })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(40)
  groupName?: string | null;
}

/** `POST /organizations/:orgId/payees` (confirm). */
export class CreatePayeeDto extends IntersectionType(PayeeFieldsDto, ConfirmedDto) {}

/** `PATCH /organizations/:orgId/payees/:payeeId` (confirm): only the fields present change; kind and registration stay. */
export class UpdatePayeeDto extends IntersectionType(
  PartialType(OmitType(PayeeFieldsDto, ['kind', 'registration'] as const)),
  ConfirmedDto,
) {}

/** The filters of the list and the CSV export. */
export class PayeeFilters {
  @ApiPropertyOptional({ enum: PAYEE_KINDS })
  @IsOptional()
  @IsIn(PAYEE_KINDS)
  kind?: PayeeRegisterKind;

  @ApiPropertyOptional({ enum: PAYEE_REGISTRATIONS })
  @IsOptional()
  @IsIn(PAYEE_REGISTRATIONS)
  registration?: PayeeRegistration;

  /** Kana name starting with this text (half-width, as stored). */
  @ApiPropertyOptional({ maxLength: 30 })
  @IsOptional()
  @IsString()
  @MaxLength(30)
  name?: string;

  @ApiPropertyOptional({ maxLength: 40 })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  groupName?: string;
}

/** `GET /organizations/:orgId/payees`. */
export class ListPayeesQuery extends IntersectionType(PayeeFilters, PageQuery) {}

/** `GET /organizations/:orgId/payees/export`. */
export class ExportPayeesQuery extends PayeeFilters {
  /** UTF-8 with BOM (default) or Shift_JIS (CP932). */
  @ApiPropertyOptional({ enum: ['utf8', 'sjis'] })
  @IsOptional()
  @IsIn(['utf8', 'sjis'])
  encoding?: 'utf8' | 'sjis';
}

/** `GET /organizations/:orgId/payees/export-zengin`: the list's filters but kind (a Zengin file holds 振込先). */
export class ExportZenginPayeesQuery extends OmitType(PayeeFilters, ['kind'] as const) {}

/** The text fields of `POST .../payees/import` (multipart). */
export class ImportPayeesForm extends ConfirmedDto {}

/** `POST .../payees/import-zengin`: which registration the file's payees get. */
export class ImportZenginPayeesQuery {
  /** `user_registered` (the default; `payees.manage`) or `registered` (`company.manage`). */
  @ApiPropertyOptional({ enum: PAYEE_REGISTRATIONS, default: 'user_registered' })
  @IsOptional()
  @IsIn(PAYEE_REGISTRATIONS)
  registration?: PayeeRegistration;
}
