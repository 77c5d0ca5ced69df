import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
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
import { ZenginRequesterDto } from '../../transfers/zengin/zengin-requester.dto';
import { KANA_PATTERN } from '../../users/dto/user-fields.dto';
import {
  APPROVAL_MODES,
  type ApprovalMode,
  COMPANY_DAILY_LIMIT_MAX,
  LOCKOUT_MODES,
  type LockoutMode,
  OTP_METHODS,
  OTP_REQUIREMENTS,
  type OtpMethod,
  type OtpRequirement,
  PASSWORD_POLICIES,
  type PasswordPolicySetting,
} from '../organization-settings';

const WITH_APPROVAL = APPROVAL_MODES.filter((m) => m !== 'none');

/** `POST /organizations`: issues an organization code (組織コード発行). */
export class CreateOrganizationDto {
  /** 組織名, up to 100 characters. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  /** 組織名(カナ), full-width katakana. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(KANA_PATTERN, { message: 'nameKana must be katakana' })
  nameKana?: string;
}

/** `PUT /me/organization`: the code shared by the organization's manager. */
export class JoinOrganizationDto {
  /** 組織コード; spaces, hyphens and lower case are forgiven. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  code!: string;
}

/** `PUT /organizations/:orgId/plan` (system operator): 契約プランのユーザー登録上限. */
export class SetPlanDto {
  /** Most members the organization may have; null = unlimited. Lowering it below the current count removes nobody. */
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  planUserLimit!: number | null;
}

/** 承認機能の利用有無 per business (SPEC §5); `none` only for transfers. */
export class ApprovalModesDto {
  @ApiPropertyOptional({ enum: APPROVAL_MODES })
  @IsOptional()
  @IsIn(APPROVAL_MODES)
  transfer?: ApprovalMode;

  @ApiPropertyOptional({ enum: WITH_APPROVAL })
  @IsOptional()
  @IsIn(WITH_APPROVAL, { message: 'bulk_transfer must be single, double_unordered or double_ordered' })
  bulk_transfer?: ApprovalMode;

  @ApiPropertyOptional({ enum: WITH_APPROVAL })
  @IsOptional()
  @IsIn(WITH_APPROVAL, { message: 'payroll must be single, double_unordered or double_ordered' })
  payroll?: ApprovalMode;

  @ApiPropertyOptional({ enum: WITH_APPROVAL })
  @IsOptional()
  @IsIn(WITH_APPROVAL, { message: 'account_debit must be single, double_unordered or double_ordered' })
  account_debit?: ApprovalMode;
}

/** 企業一日当たりの限度額 (SPEC §5): integer yen, up to 12 digits; null removes the limit. */
export class CompanyDailyLimitsDto {
  /** 総合振込. */
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(COMPANY_DAILY_LIMIT_MAX)
  bulk_transfer?: number | null;

  /** 給与振込. */
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(COMPANY_DAILY_LIMIT_MAX)
  payroll?: number | null;

  /** 賞与振込. */
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(COMPANY_DAILY_LIMIT_MAX)
  bonus?: number | null;

  /** 口座振替. */
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsInt()
  @Min(0)
  @Max(COMPANY_DAILY_LIMIT_MAX)
  account_debit?: number | null;
}

/** Sign-in protection of the organization's members (SPEC §3); every field optional, absent = unchanged. */
export class SecuritySettingsDto extends ConfirmedDto {
  /** Wrong passwords before the account locks, 1–100 (default 3). */
  @ApiPropertyOptional({ minimum: 1, maximum: 100 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  lockoutThreshold?: number;

  /** `temporary` (unlocks after lockoutMinutes) or `admin_unlock` (default). */
  @ApiPropertyOptional({ enum: LOCKOUT_MODES })
  @IsOptional()
  @IsIn(LOCKOUT_MODES)
  lockoutMode?: LockoutMode;

  /** Length of a temporary lockout in minutes, 1–1440 (default 30). */
  @ApiPropertyOptional({ minimum: 1, maximum: 1440 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1440)
  lockoutMinutes?: number;

  /** Second factor: `off`, `optional` (default) or `required`. */
  @ApiPropertyOptional({ enum: OTP_REQUIREMENTS })
  @IsOptional()
  @IsIn(OTP_REQUIREMENTS)
  otpRequirement?: OtpRequirement;

  /** `email` (default) or `totp`. */
  @ApiPropertyOptional({ enum: OTP_METHODS })
  @IsOptional()
  @IsIn(OTP_METHODS)
  otpMethod?: OtpMethod;

  /** `default` or `legacy_banking` (SPEC §3.1). */
  @ApiPropertyOptional({ enum: PASSWORD_POLICIES })
  @IsOptional()
  @IsIn(PASSWORD_POLICIES)
  passwordPolicy?: PasswordPolicySetting;

  /**
   * Whether people may register themselves with the organization code and a verified e-mail address
   * (`POST /auth/register`, SPEC §13); off by default. They join as general users, within the plan's user limit.
   */
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  selfRegistration?: boolean;

  /**
   * ワンタイムパスワード利用企業: when true, every confirmation of the organization's members also needs `otp`, a
   * current TOTP code of their authenticator app (members without one cannot confirm until they set it up).
   */
  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  confirmWithOtp?: boolean;

  /**
   * When true, confirm operations (approvals included) take a passkey step-up (`stepUpToken`) instead of the
   * confirmation password (SPEC §17; default false). Members without a passkey then cannot confirm until they
   * register one.
   */
  @IsOptional()
  @IsBoolean()
  passkeyStepUp?: boolean;
}

/** 企業情報の変更 (SPEC §2): company data, approval modes, company daily limits, and the security settings. */
export class UpdateCompanySettingsDto extends SecuritySettingsDto {
  /** 企業名. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  /** 企業名(カナ); null clears it. */
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @MaxLength(100)
  @Matches(KANA_PATTERN, { message: 'nameKana must be katakana' })
  nameKana?: string | null;

  /** Per business; absent businesses keep their mode. */
  @ApiPropertyOptional({ type: ApprovalModesDto })
  @IsOptional()
  // ValidateNested alone passes an array (it validates each element, of which [] has none).
  @IsObject()
  @ValidateNested()
  @Type(() => ApprovalModesDto)
  approvalModes?: ApprovalModesDto;

  /** Per kind; absent kinds keep their limit, null removes it. */
  @ApiPropertyOptional({ type: CompanyDailyLimitsDto })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CompanyDailyLimitsDto)
  dailyLimits?: CompanyDailyLimitsDto;

  /**
   * The Zengin header of the organization's files (依頼人コード, 依頼人名, 仕向銀行, 仕向支店), used when a batch
   * keyed in on screen is written as a Zengin file and by the payee register's Zengin export; all six fields
   * together, null removes it (src/transfers/zengin/zengin-requester.ts).
   */
  @ApiPropertyOptional({ type: ZenginRequesterDto, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsObject()
  @ValidateNested()
  @Type(() => ZenginRequesterDto)
  zenginRequester?: ZenginRequesterDto | null;
}
