import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CSV_ENCODINGS, type CsvEncoding } from '@kanri/common/csv/csv-encoding';
import { AuditConditions, OwnHistoryConditions } from './audit-search.query';

export const AUDIT_EXPORT_TYPES = ['login', 'activity', 'users'] as const;
export type AuditExportType = (typeof AUDIT_EXPORT_TYPES)[number];

/** 種別 and conditions of an export (SPEC §9). `users` takes no conditions (the manual: 条件入力がありません). */
export class AuditExportQuery extends AuditConditions {
  /** login: ログイン履歴, activity: 操作履歴, users: ユーザーアカウント情報. */
  @ApiProperty({ enum: AUDIT_EXPORT_TYPES })
  @IsIn(AUDIT_EXPORT_TYPES)
  type!: AuditExportType;

  /** UTF-8 with BOM (default) or Shift_JIS (CP932). */
  @ApiPropertyOptional({ enum: CSV_ENCODINGS, default: 'utf8' })
  @IsOptional()
  @IsIn(CSV_ENCODINGS)
  encoding?: CsvEncoding;
}

/** A download of one's own history (SPEC §13): the period and the encoding; the type is the route's. */
export class OwnHistoryExportQuery extends OwnHistoryConditions {
  /** UTF-8 with BOM (default) or Shift_JIS (CP932). */
  @ApiPropertyOptional({ enum: CSV_ENCODINGS, default: 'utf8' })
  @IsOptional()
  @IsIn(CSV_ENCODINGS)
  encoding?: CsvEncoding;
}
