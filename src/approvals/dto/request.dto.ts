import { IsCalendarDate } from '@kanri/common/validation/calendar-date';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@kanri/common/pagination/page.query';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ConfirmedDto } from '@kanri/access/confirmed.dto';
import { BUSINESS_TYPES, type BusinessType } from '@kanri/access/permission';
import { FEE_BEARERS, type FeeBearer, TRANSFER_PATTERNS, type TransferPattern } from '../../fees/fee-types';
import { YEN_15_DIGITS } from '../../fees/money';
import { PAYEE_KINDS, PAYROLL_KINDS, type PayeeKind, type PayrollKind } from '../approval-request.entity';
import { ACCOUNT_TYPES, type AccountType } from '../company-account.entity';
import { REQUEST_STATUSES, type RequestStatus } from '../request-state-policy';

/** The payee (受取人) of a request. */
export class PayeeDto {
  /**
   * A payee of the register (振込先管理 / 請求先管理): its account and kana name are used, and the request needs the
   * permission for its registration (事前登録口座 / 利用者登録口座). Without it the account is a new one (新規口座指定).
   * Excludes `kind`, `name` and the account fields.
   */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(36)
  payeeId?: string;

  /** 受取人名 (required without `payeeId`). */
  @ApiPropertyOptional()
  @ValidateIf((o: PayeeDto) => o.payeeId === undefined || o.name !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(48)
  name?: string;

  /** 振込パターン: prices the fee. */
  @ApiProperty({ enum: TRANSFER_PATTERNS })
  @IsIn(TRANSFER_PATTERNS)
  pattern!: TransferPattern;

  /**
   * Deprecated (from before the payee register): without `payeeId`, `registered` declares a payee registered with
   * the bank and is accepted only from holders of the full `approvals.request.<business>`; `ad_hoc` (the default)
   * is a new account. With `payeeId` the register decides.
   */
  @ApiPropertyOptional({ enum: PAYEE_KINDS, default: 'ad_hoc' })
  @IsOptional()
  @IsIn(PAYEE_KINDS)
  kind?: PayeeKind;

  /** 金融機関コード (4 digits). */
  @ApiPropertyOptional({ example: '0001' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}$/, { message: 'bankCode must be 4 digits' })
  bankCode?: string;

  /** 店番 (3 digits). */
  @ApiPropertyOptional({ example: '081' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{3}$/, { message: 'branchCode must be 3 digits' })
  branchCode?: string;

  @ApiPropertyOptional({ enum: ACCOUNT_TYPES })
  @IsOptional()
  @IsIn(ACCOUNT_TYPES)
  accountType?: AccountType;

  /** 口座番号 (7 digits). */
  @ApiPropertyOptional({ example: '1234567' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{7}$/, { message: 'accountNumber must be 7 digits' })
  accountNumber?: string;
}

/**
 * The fields a single request (CreateRequestDto) and a batch keyed in on screen (CreateBatchDto, batch.dto.ts)
 * share: payroll kind, account, date, approvers and fee bearer. Each adds its business types and what it pays.
 */
export abstract class RequestHeadDto {
  abstract businessType: BusinessType;

  /** `salary` (給与) or `bonus` (賞与): required for payroll, refused for the other businesses. */
  @ApiPropertyOptional({ enum: PAYROLL_KINDS })
  @ValidateIf((o: RequestHeadDto) => o.businessType === 'payroll' || o.payrollKind !== undefined)
  @IsIn(PAYROLL_KINDS, { message: 'payrollKind must be salary or bonus' })
  payrollKind?: PayrollKind;

  /** One of the requester's usable accounts (利用可能口座). */
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(36)
  accountId!: string;

  /** 振込指定日 (YYYY-MM-DD): today or up to 365 days ahead (APP_TIMEZONE). */
  @ApiProperty({ example: '2026-04-10' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'executionDate must be a date YYYY-MM-DD' })
  executionDate!: string;

  /**
   * The approvers in order: none for mode `none`, one for `single`, two for the double modes (in
   * `double_ordered` the first listed approves first). Distinct, and never the requester.
   */
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(2)
  @IsString({ each: true })
  @MaxLength(36, { each: true })
  approverIds!: string[];

  /** `payer` (当方負担, the default) or `payee` (先方負担: the fee is deducted from the payment). */
  @ApiPropertyOptional({ enum: FEE_BEARERS, default: 'payer' })
  @IsOptional()
  @IsIn(FEE_BEARERS)
  feeBearer?: FeeBearer;
}

/** `POST /organizations/:orgId/requests` (依頼), by a holder of `approvals.request.<businessType>`. */
export class CreateRequestDto extends RequestHeadDto {
  @ApiProperty({ enum: BUSINESS_TYPES })
  @IsIn(BUSINESS_TYPES)
  businessType!: BusinessType;

  /** The payment amount in yen (支払金額): an integer from 1 to 15 digits. */
  @ApiProperty({ minimum: 1, maximum: YEN_15_DIGITS })
  @IsInt()
  @Min(1)
  @Max(YEN_15_DIGITS)
  amount!: number;

  @ApiProperty({ type: PayeeDto })
  // Without @IsObject a missing payee passed (ValidateNested skips undefined) and an array passed element-wise.
  @IsObject()
  @ValidateNested()
  @Type(() => PayeeDto)
  payee!: PayeeDto;
}

/** `POST .../requests/:id/approve`: the approver's confirmation password. */
export class ApproveRequestDto extends ConfirmedDto {}

/** `POST .../requests/:id/reject`. */
export class RejectRequestDto {
  /** Why the request is rejected (shown to the requester), up to 200 characters. */
  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  reason!: string;
}

export const REQUEST_VIEWS = ['mine', 'awaiting', 'all'] as const;
export type RequestViewFilter = (typeof REQUEST_VIEWS)[number];

/** `GET /organizations/:orgId/requests`. */
export class ListRequestsQuery extends PageQuery {
  /** `mine` (my requests, the default), `awaiting` (waiting for my approval now), `all` (全取引照会, approvals.view_all). */
  @ApiPropertyOptional({ enum: REQUEST_VIEWS, default: 'mine' })
  @IsOptional()
  @IsIn(REQUEST_VIEWS)
  view?: RequestViewFilter;

  @ApiPropertyOptional({ enum: REQUEST_STATUSES })
  @IsOptional()
  @IsIn(REQUEST_STATUSES)
  status?: RequestStatus;

  @ApiPropertyOptional({ enum: BUSINESS_TYPES })
  @IsOptional()
  @IsIn(BUSINESS_TYPES)
  businessType?: BusinessType;

  /** 振込指定日 from (YYYY-MM-DD, inclusive). */
  @ApiPropertyOptional({ example: '2026-04-01' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'executionDateFrom must be a date YYYY-MM-DD' })
  @IsCalendarDate()
  executionDateFrom?: string;

  /** 振込指定日 to (YYYY-MM-DD, inclusive). */
  @ApiPropertyOptional({ example: '2026-04-30' })
  @IsOptional()
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'executionDateTo must be a date YYYY-MM-DD' })
  @IsCalendarDate()
  executionDateTo?: string;

  /** The requester's login ID (exact), e.g. in 全取引照会. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  requesterLoginId?: string;
}

/** `GET /organizations/:orgId/requests/approver-candidates`: whom a request of this business may name. */
export class ApproverCandidatesQuery {
  @ApiProperty({ enum: BUSINESS_TYPES })
  @IsIn(BUSINESS_TYPES)
  businessType!: BusinessType;
}

/** One member who may be named as an approver: only what the request form (依頼作成) shows. */
export class ApproverCandidateDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  loginId!: string;

  /** 氏名 (family and given name), or the login ID when both are empty. */
  @ApiProperty()
  displayName!: string;
}

export class ApproverCandidateListDto {
  @ApiProperty({ type: [ApproverCandidateDto] })
  items!: ApproverCandidateDto[];
}
