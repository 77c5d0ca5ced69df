import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsObject, IsOptional, ValidateNested } from 'class-validator';
import { CSV_ENCODINGS, type CsvEncoding } from '@kanri/common/csv/csv-encoding';
import { ConfirmedDto } from '@kanri/access/confirmed.dto';
import { RecordFilterQuery } from './list.query';

/** `POST .../personal-numbers/export` (マイナンバーエクスポート, confirm). */
export class ExportRecordsDto extends ConfirmedDto {
  /** utf8 (with BOM, the default) or sjis (CP932). */
  @ApiPropertyOptional({ enum: CSV_ENCODINGS })
  @IsOptional()
  @IsIn(CSV_ENCODINGS)
  encoding?: CsvEncoding;

  /** Whether the 個人番号 column carries the numbers (default true); false leaves it empty (a check list). */
  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  includeNumbers?: boolean;

  /** The same filters as the list (page and perPage are ignored: the export has every matching record). */
  @ApiPropertyOptional({ type: RecordFilterQuery })
  @IsOptional()
  // ValidateNested alone passes an array (it validates each element, of which [] has none).
  @IsObject()
  @ValidateNested()
  @Type(() => RecordFilterQuery)
  filter?: RecordFilterQuery;
}

/** `POST .../personal-numbers/purge` (マイナンバー全削除, manager, confirm). */
export class PurgeRecordsDto extends ConfirmedDto {}
