import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@kanri/common/pagination/page.query';
import { IsIn, IsOptional } from 'class-validator';
import type { HandlingAction } from '../handling-log.entity';
import { IsCalendarDate } from './record.dto';

export const HANDLING_ACTIONS: readonly HandlingAction[] = [
  'reveal',
  'export',
  'import',
  'delete',
  'retiree_purge',
  'purge',
  'document_upload',
  'document_view',
  'document_delete',
];

/** `GET .../personal-numbers/handling-log` (取扱記録), newest first. */
export class HandlingLogQuery extends PageQuery {
  @ApiPropertyOptional({ enum: HANDLING_ACTIONS })
  @IsOptional()
  @IsIn(HANDLING_ACTIONS)
  action?: HandlingAction;

  /** First day (YYYY-MM-DD, APP_TIMEZONE), inclusive. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  /** Last day (YYYY-MM-DD, APP_TIMEZONE), inclusive. */
  @ApiPropertyOptional()
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}
