import { ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { PageQuery } from '@kanri/common/pagination/page.query';
import { Transform, type TransformFnParams } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ID_PATTERN } from '@kanri/common/ids/new-id';

export const USER_STATUSES = ['provisional', 'disabled', 'enabled', 'locked'] as const;
export type UserStatusFilter = (typeof USER_STATUSES)[number];
export const USER_SORTS = [
  'loginId',
  'familyName',
  'givenName',
  'role',
  'group',
  'attribute',
  'lastLoginAt',
] as const;
export type UserSort = (typeof USER_SORTS)[number];

/** `?x=a&x=b` and `?x=a,b` both give `['a', 'b']`. */
const toList = ({ value }: TransformFnParams): unknown => {
  const items = Array.isArray(value) ? value : value === undefined ? undefined : [value];
  return items?.flatMap((v) => (typeof v === 'string' ? v.split(',') : [v])).filter((v) => v !== '');
};

/** The search and filters of the user list (ユーザー一覧), shared by the list and the CSV export. */
export class UserFilterQuery {
  /** Keyword: users whose 姓, 名, 姓(カナ), 名(カナ) or 権限 contain it, or whose login ID begins with it. Spaces separate words that must all match. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  /** グループ: members of any of these groups. */
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(ID_PATTERN, { each: true, message: 'each groupId must be a group id' })
  groupIds?: string[];

  /** 属性: users with any of these tags (and, with groupIds, in one of those groups as well). */
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(32, { each: true })
  attributes?: string[];

  /** ステータス: any of provisional (仮登録), disabled (無効), enabled (有効 = not disabled), locked (アカウントロック). */
  @ApiPropertyOptional({ enum: USER_STATUSES, isArray: true })
  @IsOptional()
  @Transform(toList)
  @IsArray()
  @IsIn(USER_STATUSES, { each: true })
  status?: UserStatusFilter[];
}

/** `GET /organizations/:orgId/users`. */
export class ListOrganizationUsersQuery extends IntersectionType(UserFilterQuery, PageQuery) {
  @ApiPropertyOptional({ enum: USER_SORTS, default: 'loginId' })
  @IsOptional()
  @IsIn(USER_SORTS)
  sort?: UserSort;

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'asc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

/** `GET /organizations/:orgId/users/export`. */
export class ExportUsersQuery extends UserFilterQuery {
  /** utf8 (with BOM, the default) or sjis (CP932). */
  @ApiPropertyOptional({ enum: ['utf8', 'sjis'], default: 'utf8' })
  @IsOptional()
  @IsIn(['utf8', 'sjis'])
  encoding?: 'utf8' | 'sjis';
}
