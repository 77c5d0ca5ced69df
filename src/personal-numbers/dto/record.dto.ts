import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, type TransformFnParams } from 'class-transformer';
import {
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  registerDecorator,
} from 'class-validator';
import { ID_PATTERN } from '@kanri/common/ids/new-id';
import { isValidDateString } from '@kanri/common/clock/business-date';
import { normalizePersonalNumber } from '../check-digit';
import { looksLikeIndividualNumber } from '../leak-guard/number-like';
import {
  EMPLOYEE_CODE_PATTERN,
  NAME_MAX,
  NAME_PATTERN,
  type RecordState,
  type Relation,
  RELATIONS,
  STATES,
} from '../personal-number-fields';

/** Full-width digits and grouping spaces or hyphens are accepted and normalised (check-digit.ts). */
const toNumber = ({ value }: TransformFnParams): unknown =>
  typeof value === 'string' ? normalizePersonalNumber(value) : value;

export function IsCalendarDate(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be a date as YYYY-MM-DD` },
      validator: { validate: (value: unknown) => typeof value === 'string' && isValidDateString(value) },
    });
}

/** 社員番号 that reads as an individual number (12 digits, maybe grouped) is refused: it would be stored in clear. */
export function IsNotIndividualNumber(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isNotIndividualNumber',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must not read as an individual number` },
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !looksLikeIndividualNumber(value),
      },
    });
}

const NAME_MESSAGE = 'must be 1-30 characters without digits';

/** `POST /organizations/:orgId/personal-numbers`: one record (the employee themself or a family member). */
export class CreateRecordDto {
  /** 社員番号: 1–32 half-width letters, digits, `-`, `_` (case-sensitive). A new code creates the employee. */
  @ApiProperty({ example: 'E0001' })
  @IsString()
  @Matches(EMPLOYEE_CODE_PATTERN, { message: 'employeeCode must be 1-32 letters, digits, - or _' })
  @IsNotIndividualNumber()
  employeeCode!: string;

  /** 氏 (the person's own, not the employee's). */
  @IsString()
  @MinLength(1)
  @MaxLength(NAME_MAX)
  @Matches(NAME_PATTERN, { message: `familyName ${NAME_MESSAGE}` })
  familyName!: string;

  /** 名. */
  @IsString()
  @MinLength(1)
  @MaxLength(NAME_MAX)
  @Matches(NAME_PATTERN, { message: `givenName ${NAME_MESSAGE}` })
  givenName!: string;

  /** 続柄: self (本人), spouse (配偶者), child (子), parent (親), other (その他). One self and one spouse per employee. */
  @ApiProperty({ enum: RELATIONS })
  @IsIn(RELATIONS)
  relation!: Relation;

  /**
   * 個人番号: 12 digits (full-width digits, spaces and hyphens are accepted). Wrong length: 400; wrong check digit:
   * 422 PERSONAL_NUMBER_INVALID. Never returned by this route, never logged.
   */
  @ApiPropertyOptional({ example: '123456789018' })
  @IsOptional()
  @Transform(toNumber)
  @IsString()
  @Matches(/^\d{12}$/, { message: 'number must be 12 digits' })
  number?: string | null;

  /** collected (収集済) with a number; not_submitted (未提出, the default) or refused (提出拒否) without one. */
  @ApiPropertyOptional({ enum: STATES })
  @IsOptional()
  @IsIn(STATES)
  state?: RecordState;

  /** 退職日 of the employee (YYYY-MM-DD); it applies to all of the employee's records. */
  @ApiPropertyOptional({ nullable: true, example: '2026-03-31' })
  @IsOptional()
  @IsCalendarDate()
  retiredOn?: string | null;

  /** 所属 of the employee (a group id); it applies to all of the employee's records. */
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'groupId must be a group id' })
  groupId?: string | null;
}

/** `PATCH .../personal-numbers/:id`: only the fields given change; `number: null` removes the stored number. */
export class UpdateRecordDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(NAME_MAX)
  @Matches(NAME_PATTERN, { message: `familyName ${NAME_MESSAGE}` })
  familyName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(NAME_MAX)
  @Matches(NAME_PATTERN, { message: `givenName ${NAME_MESSAGE}` })
  givenName?: string;

  @ApiPropertyOptional({ enum: RELATIONS })
  @IsOptional()
  @IsIn(RELATIONS)
  relation?: Relation;

  /** A new number (replaces the stored one), or null to remove it. */
  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @Transform(toNumber)
  @IsString()
  @Matches(/^\d{12}$/, { message: 'number must be 12 digits' })
  number?: string | null;

  @ApiPropertyOptional({ enum: STATES })
  @IsOptional()
  @IsIn(STATES)
  state?: RecordState;

  /** 退職日 (YYYY-MM-DD) or null; applies to all of the employee's records. */
  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @IsCalendarDate()
  retiredOn?: string | null;

  /** 所属 (a group id) or null; applies to all of the employee's records. */
  @ApiPropertyOptional({ nullable: true })
  @ValidateIf((_, v) => v !== undefined && v !== null)
  @Matches(ID_PATTERN, { message: 'groupId must be a group id' })
  groupId?: string | null;
}
