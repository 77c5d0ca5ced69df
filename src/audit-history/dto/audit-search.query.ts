import { IntersectionType } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength, registerDecorator } from 'class-validator';
import { isValidDateString } from '@kanri/common/clock/business-date';
import { PageQuery } from '@kanri/common/pagination/page.query';

function IsCalendarDate(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be a date as YYYY-MM-DD` },
      validator: { validate: (value: unknown) => typeof value === 'string' && isValidDateString(value) },
    });
}

/** The period of a history search or export: APP_TIMEZONE days, both inclusive, both optional. */
export class OwnHistoryConditions {
  /** First day (YYYY-MM-DD, APP_TIMEZONE), inclusive. */
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  /** Last day (YYYY-MM-DD, APP_TIMEZONE), inclusive. */
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

/** Conditions shared by the history searches and exports (操作履歴検索・出力, SPEC §9). All optional; exact matches. */
export class AuditConditions extends OwnHistoryConditions {
  /** ユーザーID: the login ID (as typed, for login history). */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  userId?: string;

  /** 氏: the member's family name (matches members of the organization by their current name). */
  @IsOptional()
  @IsString()
  @MaxLength(30)
  familyName?: string;

  /** 名: the member's given name. */
  @IsOptional()
  @IsString()
  @MaxLength(30)
  givenName?: string;
}

export class AuditSearchQuery extends IntersectionType(AuditConditions, PageQuery) {}

/** ご自身の操作履歴 (SPEC §13): the period and the page; whose rows is fixed to the caller. */
export class OwnHistoryQuery extends IntersectionType(OwnHistoryConditions, PageQuery) {}
