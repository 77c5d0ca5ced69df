import { ApiPropertyOptional } from '@nestjs/swagger';
import { PageQuery } from '@kanri/common/pagination/page.query';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import {
  EMPLOYEE_CODE_PATTERN,
  type RecordState,
  type Relation,
  RELATIONS,
  STATES,
} from '../personal-number-fields';
import { IsNotIndividualNumber } from './record.dto';
import { ID_PATTERN } from '@kanri/common/ids/new-id';

const toBool = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

/**
 * Filters of the record list and the export. Deliberately no free-text search: a number typed into a search box
 * would travel in a query string (operation history masks 12-digit runs, but a search for numbers is what reveal
 * is for).
 */
export class RecordFilterQuery extends PageQuery {
  /** 社員番号, exact. */
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(EMPLOYEE_CODE_PATTERN, { message: 'employeeCode must be 1-32 letters, digits, - or _' })
  @IsNotIndividualNumber()
  employeeCode?: string;

  @ApiPropertyOptional({ enum: RELATIONS })
  @IsOptional()
  @IsIn(RELATIONS)
  relation?: Relation;

  @ApiPropertyOptional({ enum: STATES })
  @IsOptional()
  @IsIn(STATES)
  state?: RecordState;

  /** Employees of this group (not its subgroups). */
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'groupId must be a group id' })
  groupId?: string;

  /** true: only retirees' records (退職日 set); false: only current employees'. */
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  retired?: boolean;
}

/** `GET .../personal-numbers/input-status` (入力状況確認). */
export class InputStatusQuery extends PageQuery {
  /** complete: nothing left to collect; incomplete: a record 未提出, or no record of the employee themself. */
  @ApiPropertyOptional({ enum: ['complete', 'incomplete'] })
  @IsOptional()
  @IsIn(['complete', 'incomplete'])
  status?: 'complete' | 'incomplete';

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ID_PATTERN, { message: 'groupId must be a group id' })
  groupId?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  retired?: boolean;
}
