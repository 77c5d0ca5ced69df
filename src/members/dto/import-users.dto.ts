import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ConfirmedDto } from '@kanri/access/confirmed.dto';

/** The text fields of `POST .../users/import` (multipart): the caller's confirmation password. */
export class ImportUsersForm extends ConfirmedDto {}

export class ImportUsersQuery {
  /** The file's encoding; detected when absent (BOM or valid UTF-8 → UTF-8, otherwise Shift_JIS/CP932). */
  @ApiPropertyOptional({ enum: ['utf8', 'sjis'] })
  @IsOptional()
  @IsIn(['utf8', 'sjis'])
  encoding?: 'utf8' | 'sjis';
}
